//! Handlers for `/api/v1/ideas/{id}/invitations`.

use actix_web::{web, HttpResponse};

use super::repo;
use crate::auth::AuthUser;
use crate::db::now;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::access;
use crate::organisations::members::role_of;
use crate::state::AppState;
use cc2i_shared::invitation::{CreateInvitations, Invitation};
use cc2i_shared::Problem;

fn managers_only() -> ApiError {
    ApiError::Forbidden(
        "Only the proposing organisation's owners and admins can send and see invitations.".into(),
    )
}

/// Invite organisations and people to an open idea (owners and admins of the proposing
/// organisation). Members of each organisation are notified; an address with an account
/// notifies that person; any other address gets an email with a sign-up link that lands on
/// the idea. At most 50 invitations per idea in any 24 hours (429 `too_many_invitations`
/// with `Retry-After`); nobody is invited twice (409 `already_invited`). One bad target
/// refuses the whole request.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/invitations", tag = "radar", operation_id = "create_invitations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = CreateInvitations,
    responses(
        (status = 201, description = "The invitations sent", body = Vec<Invitation>),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin of the proposing organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_invited` or `idea_not_open`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or an unknown organisation id", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_invitations`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_invitations(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<CreateInvitations>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let new = body.0;
    let created = state
        .db
        .write(move |conn| {
            let (idea, role) = access::as_proposer(conn, &id, &user)?;
            if !role.can_manage() {
                return Err(managers_only());
            }
            repo::create(conn, &idea, &user.id, &new, now())
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// The idea's invitations, newest first, with whether each invitee has pledged since
/// (owners and admins of the proposing organisation, and platform admins).
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/invitations", tag = "radar", operation_id = "list_invitations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "Newest first", body = Vec<Invitation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member, but not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not the proposer's", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_invitations(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            let idea = access::visible(conn, &id, Some(&user))?;
            if !user.is_platform_admin() {
                match role_of(conn, &idea.organisation_id, &user.id)? {
                    None => return Err(ApiError::NotFound),
                    Some(role) if !role.can_manage() => return Err(managers_only()),
                    Some(_) => {}
                }
            }
            repo::list(conn, &idea.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
