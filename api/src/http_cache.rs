//! Validators for conditional GETs: a strong `ETag` from a body's digest, and whether a
//! request's `If-None-Match` already holds it (then the answer is 304 without a body).

use actix_web::http::header;
use actix_web::HttpRequest;
use sha2::{Digest, Sha256};

/// A strong entity tag: the first 96 bits of the body's SHA-256, quoted.
pub fn strong_etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// True when the request's `If-None-Match` names `etag` (or is `*`).
pub fn not_modified(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn etags_differ_with_the_body_and_match_their_request() {
        let a = strong_etag(b"{\"a\":1}");
        assert_ne!(a, strong_etag(b"{\"a\":2}"));
        assert_eq!(a.len(), 26);
        let req = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, format!("\"x\", {a}")))
            .to_http_request();
        assert!(not_modified(&req, &a));
        assert!(!not_modified(&TestRequest::default().to_http_request(), &a));
        let star = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, "*"))
            .to_http_request();
        assert!(not_modified(&star, &a));
    }
}
