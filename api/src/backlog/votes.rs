//! Handlers for funders' votes on requirements.

use actix_web::{web, HttpResponse};

use super::access::{not_a_funder, visible_requirement, Standing};
use super::handlers::backlog_closed;
use super::repo;
use super::rows::RequirementRow;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::backlog::{accepts_requirements, CastVote, Requirement};
use cc2i_shared::Problem;

fn requirement_closed(row: &RequirementRow) -> ApiError {
    ApiError::conflict(
        "requirement_closed",
        format!(
            "The requirement is {}, so its votes can no longer change.",
            row.status().label().to_lowercase()
        ),
    )
}

/// Vote for a requirement on behalf of a funding organisation you belong to (any member may;
/// who voted is recorded). One vote per organisation per requirement. Answers with the
/// requirement and its new tally.
#[utoipa::path(
    post, path = "/api/v1/requirements/{id}/votes", tag = "backlog", operation_id = "cast_vote",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Requirement id", max_length = 64)),
    request_body = CastVote,
    responses(
        (status = 201, description = "Voted; the requirement with its new tally", body = Requirement),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`not_a_funder`: you do not belong to that organisation, or it does not fund the idea", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such requirement, or its idea is not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_voted`, `requirement_closed` (done or declined) or `backlog_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn cast_vote(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<CastVote>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let org = body.0.organisation_id;
    let requirement = state
        .db
        .write(move |conn| {
            let (row, idea) = visible_requirement(conn, &id, Some(&user))?;
            let standing = Standing::load(conn, &idea, Some(&user))?;
            if !standing.member_of(&org) || !standing.is_funder(&org) {
                return Err(not_a_funder(
                    "Only funders vote: you can vote for an organisation you belong to whose pledge on this idea counts.",
                ));
            }
            if !accepts_requirements(idea.status()) {
                return Err(backlog_closed());
            }
            if row.status().is_closed() {
                return Err(requirement_closed(&row));
            }
            repo::vote(conn, &row, &org, &user.id)?;
            repo::one(conn, &idea, &standing, &row.id)
        })
        .await?;
    Ok(HttpResponse::Created().json(requirement))
}

/// Take back an organisation's vote (any member of that organisation, funder or not any
/// more). Answers with the requirement and its new tally.
#[utoipa::path(
    delete, path = "/api/v1/requirements/{id}/votes/{organisation_id}", tag = "backlog", operation_id = "retract_vote",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Requirement id", max_length = 64),
        ("organisation_id" = String, Path, description = "The organisation whose vote to take back", max_length = 64),
    ),
    responses(
        (status = 200, description = "Retracted; the requirement with its new tally", body = Requirement),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`not_a_member`: you do not belong to that organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such requirement or idea visible to you, or `vote_not_found`: that organisation has no vote on it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`requirement_closed`: done or declined", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn retract_vote(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, org) = path.into_inner();
    let requirement = state
        .db
        .write(move |conn| {
            let (row, idea) = visible_requirement(conn, &id, Some(&user))?;
            let standing = Standing::load(conn, &idea, Some(&user))?;
            if !standing.member_of(&org) {
                return Err(ApiError::Denied {
                    code: "not_a_member",
                    detail: "You can take back only the votes of organisations you belong to."
                        .into(),
                });
            }
            if row.status().is_closed() {
                return Err(requirement_closed(&row));
            }
            repo::retract(conn, &row.id, &org)?;
            repo::one(conn, &idea, &standing, &row.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(requirement))
}
