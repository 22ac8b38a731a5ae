//! Handlers for `/api/v1/notifications`.

use actix_web::{web, HttpResponse};

use super::repo;
use crate::auth::AnyUser;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::state::AppState;
use cc2i_shared::notification::{NotificationFeed, NotificationQuery};
use cc2i_shared::Problem;

/// Your notifications, newest first, with how many are unread.
#[utoipa::path(
    get, path = "/api/v1/notifications", tag = "notifications", operation_id = "list_notifications",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses(
        (status = 200, description = "A page of the feed", body = NotificationFeed),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_notifications(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    query: ValidQuery<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = i64::from(query.0.limit.unwrap_or(20));
    let cursor = query.0.cursor;
    let feed = state
        .db
        .read(move |conn| repo::feed(conn, &user.id, cursor, limit))
        .await?;
    Ok(HttpResponse::Ok().json(feed))
}

/// Mark one notification read.
#[utoipa::path(
    post, path = "/api/v1/notifications/{id}/read", tag = "notifications", operation_id = "read_notification",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Notification id", max_length = 64)),
    responses(
        (status = 204, description = "Read"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notification of yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn read_notification(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state
        .db
        .write_unlisted(move |conn| repo::mark_read(conn, &user.id, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark every notification read.
#[utoipa::path(
    post, path = "/api/v1/notifications/read-all", tag = "notifications", operation_id = "read_all_notifications",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "All read"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn read_all_notifications(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    state
        .db
        .write_unlisted(move |conn| repo::mark_all_read(conn, &user.id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
