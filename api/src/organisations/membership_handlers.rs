//! Handlers for joining an organisation by invitation, and for roles in place (rules in
//! `membership_invitations`).

use actix_web::{web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde_json::json;

use crate::audit::{record, Ctx, Entry};

use super::membership_invitations as service;
use crate::auth::AuthUser;
use crate::clock;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::membership::{ChangeRole, MembershipInvitation};
use cc2i_shared::{AddMember, Member, Problem};

/// Invite a person with a confirmed address to join (owners and admins, stepped up; only
/// owners invite owners). They are emailed, and are not a member until they accept at
/// `POST /api/v1/me/membership-invitations/{id}/accept` (within 14 days).
#[utoipa::path(
    post, path = "/api/v1/organisations/{id}/members", tag = "organisations", operation_id = "add_member",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    request_body = AddMember,
    responses(
        (status = 202, description = "Invited: a member once they accept", body = MembershipInvitation),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to manage members; `mfa_required` (hint `step_up`): a second factor used in the last ten minutes is needed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or `user_not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_member` or `already_invited`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn add_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<AddMember>,
) -> Result<HttpResponse, ApiError> {
    let (id, AddMember { email, role }) = (id.into_inner(), body.0);
    let test_clock = state.config.test_clock;
    let ctx = Ctx::person(&state, &req, &user);
    let invitation = state
        .db
        .write(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let invitation = service::invite(conn, &id, &user, &email, role, at)?;
            let entry = Entry::new("member.invited", "user", &invitation.user_id)
                .org(&id)
                .after(json!({"role": invitation.role, "invitation_id": invitation.id}));
            record(conn, &ctx, entry, at)?;
            Ok(invitation)
        })
        .await?;
    state.mailer.wake();
    Ok(HttpResponse::Accepted().json(invitation))
}

/// The organisation's invitations to join that wait for an answer (owners and admins).
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/membership-invitations", tag = "organisations", operation_id = "list_membership_invitations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "Newest first", body = Vec<MembershipInvitation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member, but not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_membership_invitations(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let at = clock::now(&state.db, state.config.test_clock).await?;
    let list = state
        .db
        .read(move |conn| service::for_organisation(conn, &id, &user, at))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Withdraw an invitation to join that waits for an answer (the organisation's owners and
/// admins, stepped up).
#[utoipa::path(
    delete, path = "/api/v1/membership-invitations/{id}", tag = "organisations", operation_id = "withdraw_membership_invitation",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Invitation id", max_length = 64)),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to manage members; `mfa_required` (hint `step_up`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pending invitation, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn withdraw_membership_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let test_clock = state.config.test_clock;
    let ctx = Ctx::person(&state, &req, &user);
    state
        .db
        .write(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let org = invitation_org(conn, &id)?;
            service::withdraw(conn, &id, &user, at)?;
            let entry = Entry::new("member.invitation_withdrawn", "membership_invitation", &id);
            record(
                conn,
                &ctx,
                Entry {
                    organisation_id: org.as_deref(),
                    ..entry
                },
                at,
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in person's invitations to join organisations that wait for their answer.
#[utoipa::path(
    get, path = "/api/v1/me/membership-invitations", tag = "accounts", operation_id = "my_membership_invitations",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<MembershipInvitation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_membership_invitations(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<HttpResponse, ApiError> {
    let at = clock::now(&state.db, state.config.test_clock).await?;
    let list = state
        .db
        .read(move |conn| service::for_person(conn, &user.id, at))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The organisation an invitation is to.
fn invitation_org(
    conn: &mut crate::db::AnyConnection,
    id: &str,
) -> Result<Option<String>, ApiError> {
    use crate::db::schema::membership_invitations as mi;
    Ok(mi::table
        .find(id)
        .select(mi::organisation_id)
        .first(conn)
        .optional()?)
}

async fn answer(
    req: &HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: String,
    accept: bool,
) -> Result<Option<Member>, ApiError> {
    let test_clock = state.config.test_clock;
    let ctx = Ctx::person(&state, req, &user);
    state
        .db
        .write(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let org = invitation_org(conn, &id)?;
            let member = service::answer(conn, &id, &user.id, accept, at)?;
            let action = if accept {
                "member.added"
            } else {
                "member.invitation_declined"
            };
            let mut entry = Entry::new(action, "user", &user.id);
            entry.organisation_id = org.as_deref();
            if let Some(m) = &member {
                entry = entry.after(json!({"role": m.role, "invitation_id": id}));
            }
            record(conn, &ctx, entry, at)?;
            Ok(member)
        })
        .await
}

/// Accept an invitation to join: from now on the person is a member with its role.
#[utoipa::path(
    post, path = "/api/v1/me/membership-invitations/{id}/accept", tag = "accounts", operation_id = "accept_membership_invitation",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Invitation id", max_length = 64)),
    responses(
        (status = 200, description = "Joined", body = Member),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`email_unverified`; `insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation waiting for you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invitation_expired` or `already_member`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn accept_membership_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let member = answer(&req, state, user, id.into_inner(), true)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(member))
}

/// Decline an invitation to join.
#[utoipa::path(
    post, path = "/api/v1/me/membership-invitations/{id}/decline", tag = "accounts", operation_id = "decline_membership_invitation",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Invitation id", max_length = 64)),
    responses(
        (status = 204, description = "Declined"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`email_unverified`; `insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation waiting for you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invitation_expired`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn decline_membership_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    answer(&req, state, user, id.into_inner(), false).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change a member's role in place (owners, stepped up). The last owner stays an owner.
#[utoipa::path(
    patch, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "organisations", operation_id = "change_member_role",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Organisation id", max_length = 64),
        ("user_id" = String, Path, description = "The member's user id", max_length = 64),
    ),
    request_body = ChangeRole,
    responses(
        (status = 200, description = "The member with the new role", body = Member),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner; `mfa_required` (hint `step_up`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`last_owner`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_member_role(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: ValidJson<ChangeRole>,
) -> Result<HttpResponse, ApiError> {
    let (id, target) = path.into_inner();
    let role = body.0.role;
    let ctx = Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    let member = state
        .db
        .write(move |conn| {
            let before = super::members::role_of(conn, &id, &target)?;
            let member = service::change_role(conn, &id, &target, &user, role)?;
            if before != Some(member.role) {
                let at = clock::now_on(conn, test_clock)?;
                let entry = Entry::new("member.role_changed", "user", &target)
                    .org(&id)
                    .change(json!({"role": before}), json!({"role": member.role}));
                record(conn, &ctx, entry, at)?;
            }
            Ok(member)
        })
        .await?;
    Ok(HttpResponse::Ok().json(member))
}
