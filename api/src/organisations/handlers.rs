//! Handlers for `/api/v1/organisations/...`.

use actix_web::{web, HttpRequest, HttpResponse};

use super::access::{member_role, require_manager};
use super::{members, repo};
use crate::auth::factors::require_step_up;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::state::AppState;
use cc2i_shared::{
    CreateOrganisation, Member, OrgRole, Organisation, OrganisationQuery, Page, Problem,
    UpdateOrganisation,
};

/// Register an organisation; the caller becomes its owner. It starts unverified.
#[utoipa::path(
    post, path = "/api/v1/organisations", tag = "organisations", operation_id = "create_organisation",
    security(("bearer" = [])),
    request_body = CreateOrganisation,
    responses(
        (status = 201, description = "Registered, unverified", body = Organisation),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`identifier_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_organisation(
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<CreateOrganisation>,
) -> Result<HttpResponse, ApiError> {
    let org = state
        .db
        .write(move |conn| repo::insert(conn, body.0, &user.id))
        .await?;
    Ok(HttpResponse::Created().json(org))
}

/// List organisations by name, with filters and cursor pagination.
#[utoipa::path(
    get, path = "/api/v1/organisations", tag = "organisations", operation_id = "list_organisations",
    params(OrganisationQuery),
    responses(
        (status = 200, description = "A page of organisations", body = Page<Organisation>),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_organisations(
    state: web::Data<AppState>,
    query: ValidQuery<OrganisationQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = state.db.read(move |conn| repo::list(conn, query.0)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One organisation (public).
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}", tag = "organisations", operation_id = "get_organisation",
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "The organisation", body = Organisation),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_organisation(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let org = state
        .db
        .read(move |conn| repo::get_or_404(conn, &id))
        .await?;
    Ok(HttpResponse::Ok().json(org))
}

/// Change an organisation's profile (its owners and admins).
#[utoipa::path(
    patch, path = "/api/v1/organisations/{id}", tag = "organisations", operation_id = "update_organisation",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    request_body = UpdateOrganisation,
    responses(
        (status = 200, description = "The updated organisation", body = Organisation),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`): changing `self_approval_limit_pence` needs a second factor used in the last ten minutes; Not an owner or admin of it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_organisation(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<UpdateOrganisation>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    let org = state
        .db
        .write(move |conn| {
            let before = repo::get_or_404(conn, &id)?;
            require_manager(members::role_of(conn, &id, &user.id)?)?;
            if body.0.self_approval_limit_pence.is_some() {
                require_step_up(&user)?;
            }
            let after = repo::update(conn, &id, body.0)?;
            let (was, now) = crate::audit::diff(&before, &after);
            if was.as_object().is_some_and(|m| !m.is_empty()) {
                let action = if was.get("self_approval_limit_pence").is_some() {
                    "organisation.limit_changed"
                } else {
                    "organisation.updated"
                };
                let at = crate::clock::now_on(conn, test_clock)?;
                let entry = crate::audit::Entry::new(action, "organisation", &id)
                    .org(&id)
                    .change(was, now);
                crate::audit::record(conn, &ctx, entry, at)?;
            }
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(org))
}

/// Verify an organisation (platform admins only). Only verified organisations publish or pledge.
#[utoipa::path(
    post, path = "/api/v1/organisations/{id}/verify", tag = "organisations", operation_id = "verify_organisation",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "The verified organisation", body = Organisation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn verify_organisation(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if !user.is_platform_admin() {
        return Err(ApiError::Forbidden(
            "Only CC2i platform staff can verify organisations.".into(),
        ));
    }
    let id = id.into_inner();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    let org = state
        .db
        .write(move |conn| {
            let before = repo::get_or_404(conn, &id)?;
            let after = repo::verify(conn, &id, &user.id)?;
            let at = crate::clock::now_on(conn, test_clock)?;
            let entry = crate::audit::Entry::new("organisation.verified", "organisation", &id)
                .org(&id)
                .change(
                    serde_json::json!({"verified": before.verified}),
                    serde_json::json!({"verified": after.verified}),
                );
            crate::audit::record(conn, &ctx, entry, at)?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(org))
}

/// The organisation's members (visible to its members and platform admins).
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/members", tag = "organisations", operation_id = "list_members",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "Members, owners first", body = Vec<Member>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not a member", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_members(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            member_role(conn, &id, &user)?;
            members::list(conn, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Remove a member (owners and admins; anyone may leave). The last owner stays.
#[utoipa::path(
    delete, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "organisations", operation_id = "remove_member",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Organisation id", max_length = 64),
        ("user_id" = String, Path, description = "The member's user id", max_length = 64),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`): a second factor used in the last ten minutes is needed; Not allowed to manage members", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`last_owner`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn remove_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, target) = path.into_inner();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    state
        .db
        .write(move |conn| {
            let caller = member_role(conn, &id, &user)?;
            let before = members::role_of(conn, &id, &target)?;
            if target != user.id {
                let caller = require_manager(caller)?;
                require_step_up(&user)?;
                let target_role =
                    members::role_of(conn, &id, &target)?.ok_or(ApiError::NotFound)?;
                if target_role == OrgRole::Owner && caller != OrgRole::Owner {
                    return Err(ApiError::Forbidden(
                        "Only an owner can remove an owner.".into(),
                    ));
                }
            }
            members::remove(conn, &id, &target)?;
            let at = crate::clock::now_on(conn, test_clock)?;
            let action = if target == user.id {
                "member.left"
            } else {
                "member.removed"
            };
            let entry = crate::audit::Entry::new(action, "user", &target)
                .org(&id)
                .change(
                    serde_json::json!({"role": before}),
                    serde_json::json!({"role": null}),
                );
            crate::audit::record(conn, &ctx, entry, at)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
