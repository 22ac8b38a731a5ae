//! Embedding ideas in other sites: a self-contained widget page for iframes, the script
//! that places it, an SVG badge and oEmbed. These pages may be framed by any site; every
//! other page refuses framing (see [`frame_policy`]).

pub mod badge;
pub mod handlers;
pub mod oembed;
pub mod snapshot;
pub mod widget;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// Pages that set their own `Content-Security-Policy` (the embeddable ones) keep it; every
/// other response is refused framing with `frame-ancestors 'none'` and `X-Frame-Options`.
pub async fn frame_policy(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("frame-ancestors 'none'"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    Ok(res)
}
