//! Headers every response carries, and the audit events for refused requests.
//!
//! [`headers`] wraps the whole app, so API answers, the SPA shell, static files, 404s and
//! errors raised by other middleware all get `X-Content-Type-Options`, `Referrer-Policy` and
//! a `Content-Security-Policy` (pages that set their own, the embeddable ones, keep it);
//! any request that sent credentials is answered `Cache-Control: no-store`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, ResponseError};

use crate::error::ApiError;

/// The policy of the single-page app and every other non-embeddable response: scripts,
/// styles, fonts and the wasm module from this origin only (`'wasm-unsafe-eval'` lets the
/// browser compile the module), no inline code, never framed.
pub const APP_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The API documentation (Swagger UI) styles itself inline; otherwise as strict as the app.
pub const DOCS_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Who made a request, recorded by the authentication extractors for the audit log:
/// `user:<id>` or `key:<id>`; requests without one are `anonymous`.
#[derive(Clone, Debug)]
pub struct AuditActor(pub String);

/// Records the authenticated caller of `req` for the audit log.
pub fn record_actor(req: &HttpRequest, actor: String) {
    req.extensions_mut().insert(AuditActor(actor));
}

/// The caller recorded for `req`, or `anonymous`.
pub fn actor_of(req: &HttpRequest) -> String {
    req.extensions()
        .get::<AuditActor>()
        .map_or_else(|| "anonymous".to_string(), |a| a.0.clone())
}

/// The id `TracingLogger` gave this request (also in its span), or `-`.
pub fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<tracing_actix_web::RequestId>()
        .map_or_else(|| "-".to_string(), |id| id.to_string())
}

/// Adds the security headers to every response and logs authorization denials.
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let credentials = req.headers().contains_key(header::AUTHORIZATION)
        || req.path().starts_with("/api/v1/auth/");
    let docs = req.path().starts_with("/docs");
    // Nothing inside returns an error rather than a response (handlers' and extractors'
    // errors are rendered by the router), so there is nothing to add headers to on `Err`.
    // A NUL in a path segment can name nothing (and PostgreSQL refuses it in text).
    let mut res = if req.uri().path().contains("%00") {
        req.into_response(ApiError::NotFound.error_response())
    } else {
        next.call(req).await?.map_into_boxed_body()
    };
    let status = res.status();
    // A refused sign-in is logged once, as a `sign_in` failure, by its handler.
    let sign_in = res.request().path() == "/api/v1/auth/login";
    if (status == 401 || status == 403) && !sign_in {
        let http_req = res.request();
        tracing::warn!(
            target: "cc2i::audit",
            event = "authorization_denied",
            status = status.as_u16(),
            request_id = %request_id(http_req),
            actor = %actor_of(http_req),
            method = %http_req.method(),
            path = %http_req.path(),
            "authorization denied"
        );
    }
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !headers.contains_key(header::REFERRER_POLICY) {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if docs { DOCS_POLICY } else { APP_POLICY };
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(policy),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if credentials {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}
