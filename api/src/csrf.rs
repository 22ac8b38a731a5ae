//! Cross-site request forgery: a write that authenticates with the session cookie (and has no
//! `Authorization` header, which would override it) must carry the session's CSRF token in
//! `X-CSRF-Token` (the same as in the `cc2i_csrf` cookie, which another site cannot read) and,
//! when it says where it comes from, an `Origin` of this service. Signing in from another
//! site's page is refused too. Checked here for every route, before any handler;
//! the session extractor then checks the token against the session's own.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, ResponseError};

use crate::auth::sessions::{COOKIE, CSRF_COOKIE, CSRF_HEADER};
use crate::state::AppState;

/// This service's origin; in plain-http loopback development, `localhost` and the loopback
/// addresses on the same port count as one.
fn same_origin(origin: &str, public_url: &str) -> bool {
    match (url::Url::parse(origin), url::Url::parse(public_url)) {
        (Ok(a), Ok(b)) if a.origin() == b.origin() => true,
        (Ok(a), Ok(b)) => {
            crate::auth::sign_in::insecure_cookies_allowed(public_url)
                && crate::auth::sign_in::insecure_cookies_allowed(a.as_str())
                && a.port_or_known_default() == b.port_or_known_default()
        }
        _ => false,
    }
}

fn refused(req: &ServiceRequest) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.headers().contains_key(header::AUTHORIZATION)
    {
        return false;
    }
    let session = req.cookie(COOKIE).is_some();
    // Signing in (to a session or for a token) is not authenticated by a cookie it may carry.
    let signing_in = matches!(
        req.path(),
        "/api/v1/auth/session"
            | "/api/v1/auth/login"
            | "/api/v1/auth/session/mfa"
            | "/api/v1/auth/login/mfa"
            | "/api/v1/auth/login/passkey"
            | "/api/v1/auth/sso/start"
    );
    if !session && !signing_in {
        return false;
    }
    let public_url = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.config.public_url.clone())
        .unwrap_or_default();
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok());
    if origin.is_some_and(|o| !same_origin(o, &public_url)) {
        return true;
    }
    // Only the origin of a sign-in matters.
    if !session || signing_in {
        return false;
    }
    let sent = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let cookie = req
        .cookie(CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    sent.is_empty() || !crate::secret::same(&sent, &cookie)
}

/// Refuses a forged write with 403 `csrf_failed` before it reaches a handler.
pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if refused(&req) {
        return Ok(req.into_response(crate::security::csrf_failed().error_response()));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}
