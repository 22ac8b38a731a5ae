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

/// True when the request's `Accept-Encoding` takes gzip (named, or `*`, without `q=0`).
pub fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
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

    #[test]
    fn gzip_is_taken_when_named_or_starred_without_q_zero() {
        let with = |v: &str| {
            accepts_gzip(
                &TestRequest::default()
                    .insert_header((header::ACCEPT_ENCODING, v.to_string()))
                    .to_http_request(),
            )
        };
        assert!(with("gzip"));
        assert!(with("br, GZIP;q=0.5"));
        assert!(with("*"));
        assert!(!with("br, deflate"));
        assert!(!with("gzip;q=0"));
        assert!(!with("identity"));
        assert!(!accepts_gzip(&TestRequest::default().to_http_request()));
    }
}
