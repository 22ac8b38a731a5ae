//! Handlers that move an idea through its lifecycle; the rules are `shared::lifecycle`.

use actix_web::{web, HttpRequest, HttpResponse};
use cc2i_shared::webhook::WebhookEventType;
use chrono::Utc;
use diesel::prelude::*;

use super::rows::IdeaRow;
use super::{access, repo};
use crate::auth::{needs, AuthUser, Scoped};
use crate::db::schema::{ideas, organisations};
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::idea::{Idea, RequestChanges};
use cc2i_shared::lifecycle::{transition, IdeaAction, IdeaStatus};
use cc2i_shared::Problem;

/// Moves the idea by `action` if the state machine allows it from its current status
/// (guarded in the UPDATE too, so two racing requests cannot both apply).
/// Records a lifecycle step of `row` (its status before) that made `idea`.
fn audited(
    conn: &mut AnyConnection,
    ctx: &crate::audit::Ctx,
    action: &'static str,
    row: &IdeaRow,
    idea: &Idea,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let at = crate::clock::now_on(conn, ctx.test_clock())?;
    let mut after = serde_json::json!({"status": idea.status});
    if let Some(reason) = reason {
        after["reason"] = serde_json::json!(reason);
    }
    let entry = crate::audit::Entry::new(action, "idea", &row.id)
        .org(&row.organisation_id)
        .change(serde_json::json!({"status": row.status()}), after);
    crate::audit::record(conn, ctx, entry, at)
}

pub fn apply(
    conn: &mut AnyConnection,
    row: &IdeaRow,
    action: IdeaAction,
    feedback: Option<String>,
) -> Result<Idea, ApiError> {
    let from = row.status();
    let to = transition(from, action).ok_or_else(|| {
        ApiError::conflict(
            "invalid_transition",
            format!(
                "The idea is {} (status {}), so it cannot be {}.",
                from.label().to_lowercase(),
                from.code(),
                past_tense(action)
            ),
        )
    })?;
    let at = now();
    let target = ideas::table
        .find(&row.id)
        .filter(ideas::status.eq(from.code()));
    let changed = match action {
        IdeaAction::Submit => diesel::update(target)
            .set((
                ideas::status.eq(to.code()),
                ideas::submitted_at.eq(Some(at)),
                ideas::updated_at.eq(at),
            ))
            .execute(conn)?,
        IdeaAction::Publish => diesel::update(target)
            .set((
                ideas::status.eq(to.code()),
                ideas::published_at.eq(Some(at)),
                ideas::review_feedback.eq(None::<String>),
                ideas::updated_at.eq(at),
            ))
            .execute(conn)?,
        IdeaAction::RequestChanges => diesel::update(target)
            .set((
                ideas::status.eq(to.code()),
                ideas::review_feedback.eq(feedback),
                ideas::updated_at.eq(at),
            ))
            .execute(conn)?,
        _ => diesel::update(target)
            .set((ideas::status.eq(to.code()), ideas::updated_at.eq(at)))
            .execute(conn)?,
    };
    if changed != 1 {
        return Err(ApiError::conflict(
            "invalid_transition",
            "The idea changed status meanwhile; reload it.",
        ));
    }
    let row = repo::find_row(conn, &row.id)?.ok_or(ApiError::NotFound)?;
    repo::to_idea(conn, row)
}

fn past_tense(action: IdeaAction) -> &'static str {
    match action {
        IdeaAction::Submit => "submitted for review",
        IdeaAction::Publish => "published",
        IdeaAction::RequestChanges => "sent back for changes",
        IdeaAction::Withdraw => "withdrawn",
        IdeaAction::CloseFunded | IdeaAction::CloseNotFunded => "closed",
        IdeaAction::StartDelivery => "put into delivery",
        IdeaAction::Deliver => "marked delivered",
    }
}

fn require_admin(user: &AuthUser) -> Result<(), ApiError> {
    if user.is_platform_admin() {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "Only CC2i platform staff can review ideas.".into(),
        ))
    }
}

/// Submit a draft for review. It needs a business case with at least one cost line, and
/// the proposing organisation must be verified.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/submit", tag = "ideas", operation_id = "submit_idea",
    security(("bearer" = []), ("api_key" = ["ideas:write"])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "In review", body = Idea),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the proposing organisation, or `insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`, `business_case_missing` or `organisation_not_verified`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit_idea(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Scoped<needs::IdeasWrite>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    let id = id.into_inner();
    let ctx = crate::audit::Ctx::actor(&state, &req, &actor);
    let idea = state
        .db
        .write(move |conn| {
            let (row, _) = access::as_proposer(conn, &id, &actor)?;
            if row.status() == IdeaStatus::Draft {
                if row.business_case_version.is_none() || row.target_cost_pence <= 0 {
                    return Err(ApiError::conflict(
                        "business_case_missing",
                        "Add a business case with at least one cost line before submitting.",
                    ));
                }
                let verified: bool = organisations::table
                    .find(&row.organisation_id)
                    .select(organisations::verified)
                    .first(conn)?;
                if !verified {
                    return Err(ApiError::conflict(
                        "organisation_not_verified",
                        "Your organisation must be verified by CC2i before its ideas can be published.",
                    ));
                }
            }
            let idea = apply(conn, &row, IdeaAction::Submit, None)?;
            audited(conn, &ctx, "idea.submitted", &row, &idea, None)?;
            Ok(idea)
        })
        .await?;
    Ok(HttpResponse::Ok().json(idea))
}

/// Publish an idea in review as an open funding campaign (platform admins). Its deadline
/// must still be in the future.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/publish", tag = "ideas", operation_id = "publish_idea",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "Open for pledges", body = Idea),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition` or `deadline_passed`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn publish_idea(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_admin(&user)?;
    let id = id.into_inner();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let idea = state
        .db
        .write(move |conn| {
            let row = access::visible(conn, &id, Some(&user))?;
            if row.status() == IdeaStatus::InReview && row.deadline <= Utc::now().naive_utc() {
                return Err(ApiError::conflict(
                    "deadline_passed",
                    "The idea's deadline has passed; ask the proposer to set a new one.",
                ));
            }
            {
                let idea = apply(conn, &row, IdeaAction::Publish, None)?;
                let published =
                    crate::ideas::repo::find_row(conn, &row.id)?.ok_or(ApiError::NotFound)?;
                crate::radar::audience::announce(conn, &published)?;
                crate::webhooks::events::idea(
                    conn,
                    WebhookEventType::IdeaPublished,
                    &published.id,
                    Default::default(),
                    crate::db::now(),
                )?;
                audited(conn, &ctx, "idea.published", &row, &idea, None)?;
                Ok(idea)
            }
        })
        .await?;
    Ok(HttpResponse::Ok().json(idea))
}

/// Send an idea in review back to draft with the reason (platform admins).
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/request-changes", tag = "ideas", operation_id = "request_idea_changes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = RequestChanges,
    responses(
        (status = 200, description = "Back in draft with review_feedback", body = Idea),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn request_idea_changes(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<RequestChanges>,
) -> Result<HttpResponse, ApiError> {
    require_admin(&user)?;
    let id = id.into_inner();
    let reason = body.0.reason.trim().to_string();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let idea = state
        .db
        .write(move |conn| {
            let row = access::visible(conn, &id, Some(&user))?;
            let idea = apply(conn, &row, IdeaAction::RequestChanges, Some(reason.clone()))?;
            audited(conn, &ctx, "idea.sent_back", &row, &idea, Some(&reason))?;
            Ok(idea)
        })
        .await?;
    Ok(HttpResponse::Ok().json(idea))
}

/// Withdraw an open idea (owners and admins of the proposing organisation).
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/withdraw", tag = "ideas", operation_id = "withdraw_idea",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "Withdrawn", body = Idea),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin of the proposing organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn withdraw_idea(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let idea = state
        .db
        .write(move |conn| {
            let (row, role) = access::as_proposer(conn, &id, &user)?;
            if !role.can_manage() {
                return Err(ApiError::Forbidden(
                    "Only the proposing organisation's owners and admins can withdraw it.".into(),
                ));
            }
            if row.status() == IdeaStatus::Open {
                crate::pledges::review::release_all(conn, &row.id)?;
            }
            let idea = apply(conn, &row, IdeaAction::Withdraw, None)?;
            audited(conn, &ctx, "idea.withdrawn", &row, &idea, None)?;
            Ok(idea)
        })
        .await?;
    Ok(HttpResponse::Ok().json(idea))
}
