//! Handlers for requirements: list, add, read one, and the proposer's status decisions.

use actix_web::{web, HttpResponse};

use super::access::{not_a_funder, visible_requirement, Standing};
use super::{events, repo};
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::access;
use crate::state::AppState;
use cc2i_shared::backlog::{
    accepts_requirements, Backlog, CreateRequirement, Requirement, UpdateRequirement,
};
use cc2i_shared::Problem;

/// 409 `backlog_closed`.
pub fn backlog_closed() -> ApiError {
    ApiError::conflict(
        "backlog_closed",
        "The backlog takes requirements and votes once the idea is published, until it is withdrawn or not funded.",
    )
}

/// The idea's backlog: requirements by score (highest first; equal scores oldest first),
/// each with its tally under the idea's voting model, its share of the whole backlog's score,
/// its status history and which of the caller's organisations voted for it. Public for
/// published ideas; `viewer` says what a signed-in caller may do.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/requirements", tag = "backlog", operation_id = "list_requirements",
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "The backlog", body = Backlog),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_requirements(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let backlog = state
        .db
        .read(move |conn| {
            let user = user.0.as_ref();
            let idea = access::visible(conn, &id, user)?;
            let standing = Standing::load(conn, &idea, user)?;
            repo::backlog(conn, &idea, &standing, user.is_some())
        })
        .await?;
    Ok(HttpResponse::Ok().json(backlog))
}

/// Add a requirement to the backlog, as a member of a funding organisation (a pledge that
/// counts: active with its condition met, or committed) or of the proposing organisation.
/// `organisation_id` says on whose behalf; without it, the proposing organisation if you
/// belong to it, else your earliest funder. The proposer's owners and admins are notified.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/requirements", tag = "backlog", operation_id = "create_requirement",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = CreateRequirement,
    responses(
        (status = 201, description = "Added, as `proposed`", body = Requirement),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`not_a_funder`: not a member of a funder or of the proposer (or not of `organisation_id`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`backlog_closed`: the idea is not published, or was withdrawn or not funded", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_requirement(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<CreateRequirement>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let new = body.0;
    let created = state
        .db
        .write(move |conn| {
            let idea = access::visible(conn, &id, Some(&user))?;
            let standing = Standing::load(conn, &idea, Some(&user))?;
            let eligible = standing.authoring_organisations();
            let org = match &new.organisation_id {
                Some(org) if eligible.contains(org) => org.clone(),
                Some(_) => {
                    return Err(not_a_funder(
                        "You can add requirements only for an organisation you belong to that funds this idea or proposed it.",
                    ))
                }
                None => eligible.first().cloned().ok_or_else(|| {
                    not_a_funder(
                        "Only members of the organisations funding this idea, and of the organisation that proposed it, can add requirements.",
                    )
                })?,
            };
            if !accepts_requirements(idea.status()) {
                return Err(backlog_closed());
            }
            let row = repo::insert(conn, &idea.id, &org, &new.title, &new.description, &user.id)?;
            let requirement = repo::one(conn, &idea, &standing, &row.id)?;
            events::added(conn, &idea, &row, &requirement.organisation.name, &user.id)?;
            Ok(requirement)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// One requirement with its tally and status history (public when its idea is).
#[utoipa::path(
    get, path = "/api/v1/requirements/{id}", tag = "backlog", operation_id = "get_requirement",
    params(("id" = String, Path, description = "Requirement id", max_length = 64)),
    responses(
        (status = 200, description = "The requirement", body = Requirement),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such requirement, or its idea is not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_requirement(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let requirement = state
        .db
        .read(move |conn| {
            let user = user.0.as_ref();
            let (row, idea) = visible_requirement(conn, &id, user)?;
            let standing = Standing::load(conn, &idea, user)?;
            repo::one(conn, &idea, &standing, &row.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(requirement))
}

/// Set a requirement's status with a note (owners and admins of the proposing
/// organisation). A note is required when declining. Each change is kept in the
/// requirement's history and notifies its author and the members of the organisations
/// that voted for it; sending the status and note it already has changes nothing.
#[utoipa::path(
    patch, path = "/api/v1/requirements/{id}", tag = "backlog", operation_id = "update_requirement",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Requirement id", max_length = 64)),
    request_body = UpdateRequirement,
    responses(
        (status = 200, description = "The requirement as it now stands", body = Requirement),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin of the proposing organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such requirement, or its idea is not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`note` is required when declining)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_requirement(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<UpdateRequirement>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let change = body.0;
    let updated = state
        .db
        .write(move |conn| {
            let (row, _) = visible_requirement(conn, &id, Some(&user))?;
            let (idea, role) = access::as_proposer(conn, &row.idea_id, &user)?;
            if !role.can_manage() {
                return Err(ApiError::Forbidden(
                    "Only owners and admins of the proposing organisation can set a requirement's status.".into(),
                ));
            }
            let note = change.note.clone().filter(|n| !n.trim().is_empty());
            if repo::set_status(conn, &row, change.status, change.note, &user.id)? {
                events::status_changed(conn, &idea, &row, change.status, note.as_deref(), &user.id)?;
            }
            let standing = Standing::load(conn, &idea, Some(&user))?;
            repo::one(conn, &idea, &standing, &row.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(updated))
}
