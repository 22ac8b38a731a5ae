//! `GET /metrics` in the Prometheus text format: requests and latencies by route, pledges by
//! status, the email and webhook queues and the database pools. Requests are counted by
//! this process; the database figures are read at scrape time, so every replica reports the
//! same shared queues. Served only with `Authorization: Bearer $CC2I_METRICS_TOKEN` (404
//! when no token is configured): volumes and routes are for operators, not the public.

mod recorder;
mod render;
pub mod routes;

pub use recorder::{record, Metrics};

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::config::Secret;
use crate::error::ApiError;
use crate::state::AppState;

/// The scrape.
pub async fn metrics(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let Some(Secret(token)) = &state.config.metrics_token else {
        return Err(ApiError::NotFound);
    };
    let sent = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !constant_time_eq(sent.as_bytes(), token.as_bytes()) {
        return Err(ApiError::Unauthorized);
    }
    let pools = state.db.pool_states();
    let mut requests = state.metrics.render();
    state.idea_lists.render(&mut requests);
    let body = state
        .db
        .read(move |conn| render::scrape(conn, &requests, &pools))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
