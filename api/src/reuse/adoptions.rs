//! Handlers that request and read adoptions.

use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use serde_json::json;

use super::repo;
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::db::schema::{adoptions, organisations};
use crate::db::{new_id, now};
use crate::delivery::funders;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::access;
use crate::organisations::members::role_of;
use crate::pledges::engine::lock_idea;
use crate::pledges::ledger;
use crate::state::AppState;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::reuse::{Adoption, AdoptionStatus, CreateAdoption};
use cc2i_shared::Problem;

/// Adopt a delivered idea for a verified organisation (its owners and admins; neither a
/// funder nor the proposer). At or under the organisation's self-approval limit it is
/// approved at once; above it, it waits for another owner or admin.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/adoptions", tag = "re-use", operation_id = "create_adoption",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = CreateAdoption,
    responses(
        (status = 201, description = "Approved, or awaiting approval", body = Adoption),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin of that organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`organisation_not_verified`, `idea_not_delivered`, `own_idea`, `already_a_funder` or `already_adopted`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_adoption(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<CreateAdoption>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let org_id = body.0.organisation_id;
    let adoption = state
        .db
        .write(move |conn| {
            access::visible(conn, &id, Some(&user))?;
            let role = role_of(conn, &org_id, &user.id)?.ok_or_else(|| {
                ApiError::Forbidden("You can only adopt for organisations you belong to.".into())
            })?;
            if !role.can_manage() {
                return Err(ApiError::Forbidden(
                    "Only the organisation's owners and admins can adopt for it.".into(),
                ));
            }
            let (verified, limit): (bool, i64) = organisations::table
                .find(&org_id)
                .select((organisations::verified, organisations::self_approval_limit_pence))
                .first(conn)?;
            if !verified {
                return Err(ApiError::conflict(
                    "organisation_not_verified",
                    "Only organisations verified by CC2i can adopt: it commits public money.",
                ));
            }
            let idea = lock_idea(conn, &id)?;
            if idea.status() != IdeaStatus::Delivered {
                return Err(ApiError::conflict(
                    "idea_not_delivered",
                    format!(
                        "Ideas can be adopted once delivered; this one is {} (status {}).",
                        idea.status().label().to_lowercase(),
                        idea.status().code()
                    ),
                ));
            }
            if idea.organisation_id == org_id {
                return Err(ApiError::conflict(
                    "own_idea",
                    "Your organisation proposed and delivered this idea; it already has it.",
                ));
            }
            let funders = funders::of_idea(conn, &id)?;
            if funders.iter().any(|f| f.organisation_id == org_id) {
                return Err(ApiError::conflict(
                    "already_a_funder",
                    "Your organisation funded this idea; it already has it.",
                ));
            }
            if repo::live_of(conn, &id, &org_id)?.is_some() {
                return Err(ApiError::conflict(
                    "already_adopted",
                    "Your organisation has already adopted this idea, or asked to.",
                ));
            }
            let quote = repo::next_fee(conn, &id, &funders)?;
            let at = now();
            let adoption_id = new_id();
            diesel::insert_into(adoptions::table)
                .values((
                    adoptions::id.eq(&adoption_id),
                    adoptions::idea_id.eq(&id),
                    adoptions::organisation_id.eq(&org_id),
                    adoptions::status.eq(AdoptionStatus::PendingApproval.code()),
                    adoptions::created_by.eq(&user.id),
                    adoptions::created_at.eq(at),
                    adoptions::updated_at.eq(at),
                ))
                .execute(conn)?;
            ledger::append(
                conn,
                &id,
                "adoption_requested",
                None,
                0,
                json!({"adoption_id": adoption_id, "organisation_id": org_id, "quoted_fee_pence": quote, "requested_by": user.id}),
            )?;
            crate::webhooks::events::by_organisation(
                conn,
                cc2i_shared::webhook::WebhookEventType::AdoptionCreated,
                &id,
                &org_id,
                cc2i_shared::webhook::WebhookEventData {
                    adoption_id: Some(adoption_id.clone()),
                    amount_pence: Some(quote),
                    ..Default::default()
                },
                at,
            )?;
            let row = repo::find(conn, &adoption_id)?.ok_or(ApiError::NotFound)?;
            if quote <= limit {
                super::approval::approve(conn, &idea, &row, &user.id)?;
            } else {
                super::events::awaiting_approval(conn, &idea, &row, quote)?;
            }
            let row = repo::find(conn, &adoption_id)?.ok_or(ApiError::NotFound)?;
            repo::view(conn, row)
        })
        .await?;
    Ok(HttpResponse::Created().json(adoption))
}

/// An idea's adoptions, oldest first: approved ones for everyone, and those awaiting
/// approval or rejected for members of the adopting organisation.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/adoptions", tag = "re-use", operation_id = "list_idea_adoptions",
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "The adoptions", body = Vec<Adoption>),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_idea_adoptions(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            access::visible(conn, &id, user.0.as_ref())?;
            let mut out = Vec::new();
            for row in repo::of_idea(conn, &id)? {
                let shown = row.status() == AdoptionStatus::Approved
                    || match user.0.as_ref() {
                        Some(u) => {
                            u.is_platform_admin()
                                || role_of(conn, &row.organisation_id, &u.id)?.is_some()
                        }
                        None => false,
                    };
                if shown {
                    out.push(repo::view(conn, row)?);
                }
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One adoption: approved ones for everyone who can see the idea, others for members of
/// the adopting organisation.
#[utoipa::path(
    get, path = "/api/v1/adoptions/{id}", tag = "re-use", operation_id = "get_adoption",
    params(("id" = String, Path, description = "Adoption id", max_length = 64)),
    responses(
        (status = 200, description = "The adoption", body = Adoption),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such adoption, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_adoption(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let adoption = state
        .db
        .read(move |conn| {
            let row = repo::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            access::visible(conn, &row.idea_id, user.0.as_ref())?;
            let member = match user.0.as_ref() {
                Some(u) => {
                    u.is_platform_admin() || role_of(conn, &row.organisation_id, &u.id)?.is_some()
                }
                None => false,
            };
            if row.status() != AdoptionStatus::Approved && !member {
                return Err(ApiError::NotFound);
            }
            repo::view(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(adoption))
}

/// An organisation's adoptions, newest first (its members).
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/adoptions", tag = "re-use", operation_id = "list_organisation_adoptions",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "The adoptions", body = Vec<Adoption>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_organisation_adoptions(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            crate::organisations::repo::get_or_404(conn, &id)?;
            if !user.is_platform_admin() && role_of(conn, &id, &user.id)?.is_none() {
                return Err(ApiError::NotFound);
            }
            repo::of_organisation(conn, &id)?
                .into_iter()
                .map(|row| repo::view(conn, row))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
