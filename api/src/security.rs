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

/// 403 `csrf_failed`: a write authenticated by the session cookie without the session's CSRF
/// token, or from another site.
pub fn csrf_failed() -> ApiError {
    ApiError::Denied {
        code: "csrf_failed",
        detail: "This request did not come from a CC2i page. Reload the page and try again.".into(),
    }
}

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

/// This request's id: the caller's `X-Request-Id` when it is sane, or a new UUIDv7. It is
/// sent back in `X-Request-Id`, and is in the request's span, its access log line and its
/// audit events.
#[derive(Clone, Debug)]
pub struct RequestIdOf(pub String);

/// This request's id (see [`RequestIdOf`]), or `-` outside [`request_ids`].
pub fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<RequestIdOf>()
        .map_or_else(|| "-".to_string(), |id| id.0.clone())
}

/// An incoming id is kept when it is 1 to 128 letters, digits, `-`, `_`, `.` or `:`, so it
/// cannot forge log lines or headers.
fn sane_request_id(value: &HeaderValue) -> Option<String> {
    let v = value.to_str().ok()?;
    ((1..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
    .then(|| v.to_string())
}

/// Outermost middleware: gives every request its id, answers it in `X-Request-Id` on every
/// response, and logs one `cc2i::access` line per request (method, path without the query,
/// status, milliseconds, request id).
pub async fn request_ids(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(sane_request_id)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestIdOf(id.clone()));
    let mut res = next.call(req).await?.map_into_boxed_body();
    crate::compression::unmark(&mut res);
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), value);
    }
    tracing::info!(
        target: "cc2i::access",
        request_id = %id,
        method = %res.request().method(),
        path = %res.request().path(),
        status = res.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    Ok(res)
}

/// The root span of each request, as `tracing-actix-web`'s default but with this request's
/// [`RequestIdOf`] as its `request_id`, so spans, access lines, audit events and the
/// `X-Request-Id` header all agree.
pub struct RequestSpan;

impl tracing_actix_web::RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> tracing::Span {
        let id = request
            .extensions()
            .get::<RequestIdOf>()
            .map_or_else(|| "-".to_string(), |id| id.0.clone());
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.target = %request.path(),
            request_id = %id,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: tracing::Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// Adds the security headers to every response and logs authorization denials.
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // The session cookie goes with every request of the site, static files included: only
    // API answers to it are personal.
    let credentials = req.headers().contains_key(header::AUTHORIZATION)
        || (req.path().starts_with("/api/") && req.cookie(crate::auth::sessions::COOKIE).is_some())
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
    crate::compression::keep_small_plain(&mut res);
    Ok(res)
}
