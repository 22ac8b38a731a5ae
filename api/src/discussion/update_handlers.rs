//! Handlers for `/api/v1/ideas/{id}/updates`.

use actix_web::{web, HttpResponse};

use super::{audience, page_limit, updates};
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::db::now;
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::ideas::access;
use crate::state::AppState;
use cc2i_shared::discussion::{DiscussionQuery, IdeaUpdate, PostUpdate};
use cc2i_shared::{Page, Problem};

/// Post an update on a published idea (owners and admins of the proposing organisation).
/// A `funders` update is told to, and readable by, members of organisations with an active
/// or committed pledge; a `public` one is told to them and to the idea's followers.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/updates", tag = "discussion", operation_id = "post_update",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = PostUpdate,
    responses(
        (status = 201, description = "The update", body = IdeaUpdate),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin of the proposing organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_public`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post_update(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<PostUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let new = body.0;
    let update = state
        .db
        .write(move |conn| {
            let (idea, role) = access::as_proposer(conn, &id, &user)?;
            if !role.can_manage() {
                return Err(ApiError::Forbidden(
                    "Only the proposing organisation's owners and admins can post updates.".into(),
                ));
            }
            updates::post(conn, &idea, &user.id, &new, now())
        })
        .await?;
    Ok(HttpResponse::Created().json(update))
}

/// The idea's updates, newest first. Funders-only updates are listed only for members of
/// organisations with an active or committed pledge, of the proposing organisation, and
/// for platform staff. Updates removed by moderators keep their place with `hidden: true`,
/// the reason, and `null` title and body.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/updates", tag = "discussion", operation_id = "list_updates",
    params(("id" = String, Path, description = "Idea id", max_length = 64), DiscussionQuery),
    responses(
        (status = 200, description = "A page of updates, newest first", body = Page<IdeaUpdate>),
        (status = 401, description = "An invalid access token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_updates(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
    query: ValidQuery<DiscussionQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let DiscussionQuery { cursor, limit } = query.0;
    let page = state
        .db
        .read(move |conn| {
            let idea = access::visible(conn, &id, user.0.as_ref())?;
            let funders_too = audience::sees_funders_only(conn, &idea, user.0.as_ref())?;
            updates::list(conn, &idea, funders_too, cursor, page_limit(limit))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
