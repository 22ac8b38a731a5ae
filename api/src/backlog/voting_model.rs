//! The proposer's choice of how backlog votes are weighed.

use actix_web::{web, HttpResponse};
use diesel::prelude::*;

use super::repo;
use crate::auth::AuthUser;
use crate::db::now;
use crate::db::schema::ideas;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::{access, repo as ideas_repo};
use crate::state::AppState;
use cc2i_shared::backlog::SetVotingModel;
use cc2i_shared::idea::{Idea, VotingModel};
use cc2i_shared::Problem;

/// Choose how the backlog's votes are weighed: `one_org_one_vote` (each funder counts once)
/// or `share_weighted` (each funder's vote weighs its share: the counting share while the
/// idea is open, the final share once funded). Owners and admins of the proposing
/// organisation, in any status, until the first vote is cast (so nobody's vote changes
/// weight after it was cast); setting the model it already has always succeeds.
#[utoipa::path(
    patch, path = "/api/v1/ideas/{id}/voting-model", tag = "backlog", operation_id = "set_voting_model",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = SetVotingModel,
    responses(
        (status = 200, description = "The idea with its voting model", body = Idea),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin of the proposing organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`voting_started`: votes have been cast", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn set_voting_model(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<SetVotingModel>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let model = body.0.voting_model;
    let idea = state
        .db
        .write(move |conn| {
            let (row, role) = access::as_proposer(conn, &id, &user)?;
            if !role.can_manage() {
                return Err(ApiError::Forbidden(
                    "Only owners and admins of the proposing organisation can choose the voting model.".into(),
                ));
            }
            if VotingModel::from_code(&row.voting_model) != model {
                if repo::any_votes(conn, &row.id)? {
                    return Err(ApiError::conflict(
                        "voting_started",
                        "Votes have been cast on this backlog, so its voting model can no longer change.",
                    ));
                }
                diesel::update(ideas::table.find(&row.id))
                    .set((
                        ideas::voting_model.eq(model.code()),
                        ideas::updated_at.eq(now()),
                    ))
                    .execute(conn)?;
            }
            let row = ideas_repo::find_row(conn, &id)?.ok_or(ApiError::NotFound)?;
            ideas_repo::to_idea(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(idea))
}
