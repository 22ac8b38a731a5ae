//! Operational endpoints for load balancers and orchestrators.

use actix_web::{web, HttpResponse};

use crate::error::ApiError;
use crate::state::AppState;

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", operation_id = "healthz",
    responses((status = 200, description = "Up", content_type = "text/plain", body = String)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// The database answers and the process is not shutting down; fails (503) while the
/// database cannot be reached (`unavailable`) and from `SIGTERM` on (`draining`).
#[utoipa::path(get, path = "/readyz", tag = "operations", operation_id = "readyz",
    responses(
        (status = 200, description = "Ready", content_type = "text/plain", body = String),
        (status = 503, description = "`unavailable`: the database cannot be reached; `draining`: shutting down", body = cc2i_shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if state.draining.load(std::sync::atomic::Ordering::Acquire) {
        return Err(ApiError::Draining);
    }
    if state.db.ping().await {
        Ok(HttpResponse::Ok().content_type("text/plain").body("ready"))
    } else {
        Err(ApiError::Unavailable)
    }
}
