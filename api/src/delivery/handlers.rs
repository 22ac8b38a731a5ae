//! Handlers that start delivery and plan and read milestones.

use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use serde_json::json;

use super::funders;
use super::repo;
use super::view::{self, IdeaContext};
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::db::schema::{delivery_milestones as milestones, idea_delivery};
use crate::db::{new_id, now, AnyConnection};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::rows::IdeaRow;
use crate::ideas::{access, lifecycle, repo as ideas};
use crate::pledges::engine::lock_idea;
use crate::pledges::ledger;
use crate::state::AppState;
use cc2i_shared::delivery::{CreateMilestone, DeliveryMilestone, MilestoneStatus};
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::{IdeaAction, IdeaStatus};
use cc2i_shared::Problem;

/// The idea, locked, when the caller is an owner or admin of its proposing organisation
/// (404 if they cannot see it, 403 otherwise).
pub fn as_proposer_manager(
    conn: &mut AnyConnection,
    idea_id: &str,
    user: &AuthUser,
) -> Result<IdeaRow, ApiError> {
    let (_, role) = access::as_proposer(conn, idea_id, user)?;
    if !role.can_manage() {
        return Err(ApiError::Forbidden(
            "Only the proposing organisation's owners and admins can manage delivery.".into(),
        ));
    }
    lock_idea(conn, idea_id)
}

fn status_words(status: IdeaStatus) -> String {
    format!(
        "{} (status {})",
        status.label().to_lowercase(),
        status.code()
    )
}

/// Start delivering a funded idea (owners and admins of the proposing organisation).
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/start-delivery", tag = "delivery", operation_id = "start_delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "In delivery", body = Idea),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin of the proposing organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_funded`: only a funded idea can start delivery", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn start_delivery(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let idea = state
        .db
        .write(move |conn| {
            let row = as_proposer_manager(conn, &id, &user)?;
            if row.status() != IdeaStatus::Funded {
                return Err(ApiError::conflict(
                    "idea_not_funded",
                    format!(
                        "Delivery starts once an idea is funded; this one is {}.",
                        status_words(row.status())
                    ),
                ));
            }
            lifecycle::apply(conn, &row, IdeaAction::StartDelivery, None)?;
            diesel::insert_into(idea_delivery::table)
                .values((
                    idea_delivery::idea_id.eq(&id),
                    idea_delivery::started_at.eq(now()),
                    idea_delivery::started_by.eq(&user.id),
                ))
                .execute(conn)?;
            ledger::append(
                conn,
                &id,
                "delivery_started",
                None,
                0,
                json!({"started_by": user.id}),
            )?;
            let funders = funders::of_idea(conn, &id)?;
            super::events::started(conn, &row, &funders)?;
            let row = ideas::find_row(conn, &id)?.ok_or(ApiError::NotFound)?;
            ideas::to_idea(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(idea))
}

/// The sum of the idea's milestones' payment shares.
pub fn planned_bp(conn: &mut AnyConnection, idea_id: &str) -> Result<i64, ApiError> {
    Ok(repo::of_idea(conn, idea_id)?
        .iter()
        .map(|m| m.payment_bp)
        .sum())
}

/// Plan a milestone with its share of the build cost (owners and admins of the proposing
/// organisation, while the idea is funded or in delivery). The shares of all of an idea's
/// milestones sum to at most 10000 basis points.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/milestones", tag = "delivery", operation_id = "create_milestone",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = CreateMilestone,
    responses(
        (status = 201, description = "Planned", body = DeliveryMilestone),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin of the proposing organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_funded`, `already_delivered` or `payment_exceeds_total`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_milestone(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<CreateMilestone>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let new = body.0;
    let milestone = state
        .db
        .write(move |conn| {
            let idea = as_proposer_manager(conn, &id, &user)?;
            match idea.status() {
                IdeaStatus::Funded | IdeaStatus::InDelivery => {}
                IdeaStatus::Delivered => {
                    return Err(ApiError::conflict(
                        "already_delivered",
                        "The idea is delivered: its milestones are final.",
                    ))
                }
                other => {
                    return Err(ApiError::conflict(
                        "idea_not_funded",
                        format!(
                            "Milestones are planned once an idea is funded; this one is {}.",
                            status_words(other)
                        ),
                    ))
                }
            }
            let planned = planned_bp(conn, &id)?;
            if planned + new.payment_bp > 10_000 {
                return Err(ApiError::conflict(
                    "payment_exceeds_total",
                    format!(
                        "The milestones' payment shares may total at most 10000 bp; {planned} bp are planned, so this one may take at most {} bp.",
                        10_000 - planned
                    ),
                ));
            }
            let at = now();
            let milestone_id = new_id();
            let due = new.due_date.format("%Y-%m-%d").to_string();
            diesel::insert_into(milestones::table)
                .values((
                    milestones::id.eq(&milestone_id),
                    milestones::idea_id.eq(&id),
                    milestones::title.eq(new.title.trim()),
                    milestones::description.eq(new.description.trim()),
                    milestones::due_date.eq(&due),
                    milestones::payment_bp.eq(new.payment_bp),
                    milestones::status.eq(MilestoneStatus::Planned.code()),
                    milestones::submission.eq(0_i64),
                    milestones::paid_pence.eq(0_i64),
                    milestones::created_by.eq(&user.id),
                    milestones::created_at.eq(at),
                    milestones::updated_at.eq(at),
                ))
                .execute(conn)?;
            ledger::append(
                conn,
                &id,
                "milestone_planned",
                None,
                0,
                json!({"milestone_id": milestone_id, "title": new.title.trim(), "due_date": due, "payment_bp": new.payment_bp}),
            )?;
            let row = repo::find(conn, &milestone_id)?.ok_or(ApiError::NotFound)?;
            let ctx = IdeaContext::load(conn, &id, &idea.organisation_id)?;
            view::milestone(conn, row, &ctx)
        })
        .await?;
    Ok(HttpResponse::Created().json(milestone))
}

/// An idea's milestones, soonest due first, with each funder's decision and the payments.
/// Public, like the ledger they are recorded in.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/milestones", tag = "delivery", operation_id = "list_milestones",
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "The milestones", body = Vec<DeliveryMilestone>),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_milestones(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            let idea = access::visible(conn, &id, user.0.as_ref())?;
            let ctx = IdeaContext::load(conn, &id, &idea.organisation_id)?;
            repo::of_idea(conn, &id)?
                .into_iter()
                .map(|row| view::milestone(conn, row, &ctx))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One milestone with its status, the funders' decisions, payments and timeline. Public.
#[utoipa::path(
    get, path = "/api/v1/milestones/{id}", tag = "delivery", operation_id = "get_milestone",
    params(("id" = String, Path, description = "Milestone id", max_length = 64)),
    responses(
        (status = 200, description = "The milestone", body = DeliveryMilestone),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such milestone, or its idea is not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_milestone(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let milestone = state
        .db
        .read(move |conn| {
            let row = repo::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            let idea = access::visible(conn, &row.idea_id, user.0.as_ref())?;
            let ctx = IdeaContext::load(conn, &idea.id, &idea.organisation_id)?;
            view::milestone(conn, row, &ctx)
        })
        .await?;
    Ok(HttpResponse::Ok().json(milestone))
}
