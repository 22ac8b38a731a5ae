//! Handlers that change a pledge: approve, reject, change share, withdraw, re-consent.

use actix_web::{web, HttpResponse};
use cc2i_shared::webhook::WebhookEventType;
use chrono::{TimeDelta, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::engine::{check_cap, lock_idea, set_status, settle, Before};
use super::handlers::{full, require_current_version};
use super::repo;
use super::rows::{amount_of, PledgeRow};
use crate::auth::{needs, Actor, AuthUser, Caller, Scoped};
use crate::db::schema::{organisations, pledges};
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::rows::IdeaRow;
use crate::state::AppState;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::pledge::{Pledge, PledgeStatus, Reconsent, RejectPledge, UpdatePledge};
use cc2i_shared::{OrgRole, Problem};

/// Withdrawals that would drop the total below 100% are refused this close to the deadline.
pub const LOCK_HOURS: i64 = 48;

struct Context {
    pledge: PledgeRow,
    idea: IdeaRow,
    role: OrgRole,
}

/// Loads the pledge for a member of its organisation (others, and keys of other
/// organisations: 404; platform admins, who can see it: 403) under the idea's lock. The
/// caller then checks what the member may do, then [`require_open`].
fn context<C: Caller>(
    conn: &mut AnyConnection,
    pledge_id: &str,
    user: &C,
) -> Result<Context, ApiError> {
    let first = repo::find(conn, pledge_id)?.ok_or(ApiError::NotFound)?;
    let role = match user.role_in(conn, &first.organisation_id)? {
        Some(role) => role,
        // Platform admins can read every pledge: refuse them, rather than pretend it is missing.
        None if user.is_platform_admin() => {
            return Err(ApiError::Forbidden(
                "Only the pledging organisation's members can do that.".into(),
            ))
        }
        None => return Err(ApiError::NotFound),
    };
    let idea = lock_idea(conn, &first.idea_id)?;
    let pledge = repo::find(conn, pledge_id)?.ok_or(ApiError::NotFound)?;
    Ok(Context { pledge, idea, role })
}

/// 409 `idea_not_open` once the idea has closed: checked after who may act, so a caller
/// who may not act is told so (403) whatever the idea's state.
fn require_open(idea: &IdeaRow) -> Result<(), ApiError> {
    if idea.status() == IdeaStatus::Open {
        return Ok(());
    }
    Err(ApiError::conflict(
        "idea_not_open",
        format!(
            "The idea is {} (status {}): its pledges are settled.",
            idea.status().label().to_lowercase(),
            idea.status().code()
        ),
    ))
}

fn require_manager(role: OrgRole) -> Result<(), ApiError> {
    if role.can_manage() {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "Only the organisation's owners and admins can do that.".into(),
        ))
    }
}

fn wrong_status(pledge: &PledgeRow, action: &str) -> ApiError {
    ApiError::conflict(
        "invalid_pledge_status",
        format!(
            "A pledge that is {} (status {}) cannot be {action}.",
            pledge.status().label().to_lowercase(),
            pledge.status().code()
        ),
    )
}

/// True if the caller made the pledge: the person who made it, or the key that made it.
fn made(actor: &Actor, pledge: &PledgeRow) -> bool {
    match actor {
        Actor::Person(user) => pledge.created_by == user.id,
        Actor::Key(key) => pledge.created_by_api_key_id.as_deref() == Some(key.key_id.as_str()),
    }
}

/// Approving and rejecting are a person's decision (maker-checker), never a key's.
const DECIDING_NEEDS_A_PERSON: &str =
    "Approving or rejecting a pledge needs a person: it is the second pair of eyes on public money.";

fn self_limit(conn: &mut AnyConnection, org_id: &str) -> Result<i64, ApiError> {
    Ok(organisations::table
        .find(org_id)
        .select(organisations::self_approval_limit_pence)
        .first(conn)?)
}

fn in_lock_window(idea: &IdeaRow) -> bool {
    idea.deadline - TimeDelta::hours(LOCK_HOURS) <= Utc::now().naive_utc()
}

fn check_withdrawal_lock(idea: &IdeaRow, losing_bp: i64) -> Result<(), ApiError> {
    if losing_bp > 0
        && in_lock_window(idea)
        && idea.pledged_bp >= 10_000
        && idea.pledged_bp - losing_bp < 10_000
    {
        return Err(ApiError::conflict(
            "withdrawal_locked",
            "In the last 48 hours before the deadline, a pledge cannot be reduced or withdrawn if that would drop the total below 100%.",
        ));
    }
    Ok(())
}

async fn run(
    state: web::Data<AppState>,
    f: impl FnOnce(&mut AnyConnection) -> Result<PledgeRow, ApiError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    let pledge: Pledge = state
        .db
        .write(move |conn| {
            let row = f(conn)?;
            full(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(pledge))
}

/// Approve a pledge, or a pending increase, as an owner or admin who did not make it.
/// The cap is checked again.
#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/approve", tag = "pledges", operation_id = "approve_pledge",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Pledge id", max_length = 64)),
    responses(
        (status = 200, description = "Active", body = Pledge),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`): a second factor used in the last ten minutes is needed; Not an owner or admin, or `self_approval_forbidden`, or `insufficient_scope` (an API key: a person must decide)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pledge, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_open`, `invalid_pledge_status`, `stale_business_case` or `funding_full`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn approve_pledge(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    run(state, move |conn| {
        let Context { pledge, idea, role } = context(conn, &id, &actor)?;
        let user = actor.require_person(DECIDING_NEEDS_A_PERSON)?;
        require_manager(role)?;
        actor.require_step_up()?;
        if pledge.created_by == user.id {
            return Err(ApiError::Denied {
                code: "self_approval_forbidden",
                detail: "A second person must approve a pledge: you made this one.".into(),
            });
        }
        require_open(&idea)?;
        match (pledge.status(), pledge.pending_share_bp) {
            (PledgeStatus::PendingApproval, _) => {
                require_current_version(idea.business_case_version, pledge.business_case_version)?;
                check_cap(&idea, pledge.share_bp)?;
                diesel::update(pledges::table.find(&pledge.id))
                    .set((
                        pledges::status.eq(PledgeStatus::Active.code()),
                        pledges::approved_by.eq(Some(&user.id)),
                        pledges::updated_at.eq(now()),
                    ))
                    .execute(conn)?;
                {
                    let row = settle(
                        conn,
                        &idea.id,
                        &pledge.id,
                        Before::NOTHING,
                        "pledge_approved",
                        json!({"approved_by": user.id}),
                    )?;
                    super::events::decided(conn, &idea, &row, true, None)?;
                    crate::webhooks::events::pledge(
                        conn,
                        WebhookEventType::PledgeApproved,
                        &row.id,
                        now(),
                    )?;
                    Ok(row)
                }
            }
            (PledgeStatus::Active, Some(new_share)) => {
                check_cap(&idea, new_share - pledge.share_bp)?;
                diesel::update(pledges::table.find(&pledge.id))
                    .set((
                        pledges::share_bp.eq(new_share),
                        pledges::pending_share_bp.eq(None::<i64>),
                        pledges::approved_by.eq(Some(&user.id)),
                        pledges::updated_at.eq(now()),
                    ))
                    .execute(conn)?;
                settle(
                    conn,
                    &idea.id,
                    &pledge.id,
                    Before::of(&pledge),
                    "pledge_changed",
                    json!({"from_bp": pledge.share_bp, "to_bp": new_share, "approved_by": user.id}),
                )
            }
            _ => Err(wrong_status(&pledge, "approved")),
        }
    })
    .await
}

/// Reject a pledge, or a pending increase (owners and admins).
#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/reject", tag = "pledges", operation_id = "reject_pledge",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Pledge id", max_length = 64)),
    request_body = RejectPledge,
    responses(
        (status = 200, description = "Rejected (or the increase dropped)", body = Pledge),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`): a second factor used in the last ten minutes is needed; Not an owner or admin, or `insufficient_scope` (an API key: a person must decide)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pledge, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_open` or `invalid_pledge_status`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reject_pledge(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ValidJson<RejectPledge>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.0.reason.trim().to_string();
    run(state, move |conn| {
        let Context { pledge, idea, role } = context(conn, &id, &actor)?;
        actor.require_person(DECIDING_NEEDS_A_PERSON)?;
        require_manager(role)?;
        actor.require_step_up()?;
        require_open(&idea)?;
        match (pledge.status(), pledge.pending_share_bp) {
            (PledgeStatus::PendingApproval, _) => {
                diesel::update(pledges::table.find(&pledge.id))
                    .set((
                        pledges::status.eq(PledgeStatus::Rejected.code()),
                        pledges::rejection_reason.eq(Some(&reason)),
                        pledges::updated_at.eq(now()),
                    ))
                    .execute(conn)?;
                {
                    let row = settle(
                        conn,
                        &idea.id,
                        &pledge.id,
                        Before::NOTHING,
                        "pledge_rejected",
                        json!({"reason": reason}),
                    )?;
                    super::events::decided(conn, &idea, &row, false, Some(&reason))?;
                    Ok(row)
                }
            }
            (PledgeStatus::Active, Some(new_share)) => {
                diesel::update(pledges::table.find(&pledge.id))
                    .set((
                        pledges::pending_share_bp.eq(None::<i64>),
                        pledges::rejection_reason.eq(Some(&reason)),
                        pledges::updated_at.eq(now()),
                    ))
                    .execute(conn)?;
                settle(
                    conn,
                    &idea.id,
                    &pledge.id,
                    Before::of(&pledge),
                    "pledge_change_rejected",
                    json!({"to_bp": new_share, "reason": reason}),
                )
            }
            _ => Err(wrong_status(&pledge, "rejected")),
        }
    })
    .await
}

/// Change a live pledge's share while the idea is open. A decrease applies at once; an
/// increase beyond the self-approval limit waits for approval while the old share counts.
#[utoipa::path(
    patch, path = "/api/v1/pledges/{id}", tag = "pledges", operation_id = "update_pledge",
    security(("bearer" = []), ("api_key" = ["pledges:write"])),
    params(("id" = String, Path, description = "Pledge id", max_length = 64)),
    request_body = UpdatePledge,
    responses(
        (status = 200, description = "Changed, or the increase is pending", body = Pledge),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not its creator, an owner or an admin, or `insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pledge, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_open`, `invalid_pledge_status`, `funding_full` or `withdrawal_locked`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`), such as a `share_bp` below the idea's `min_pledge_bp`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_pledge(
    state: web::Data<AppState>,
    actor: Scoped<needs::PledgesWrite>,
    id: web::Path<String>,
    body: ValidJson<UpdatePledge>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    let share = body.0.share_bp;
    run(state, move |conn| {
        let Context { pledge, idea, role } = context(conn, &id, &actor)?;
        if !role.can_manage() && !made(&actor, &pledge) {
            return Err(ApiError::Forbidden(
                "Only its creator or the organisation's owners and admins can change a pledge."
                    .into(),
            ));
        }
        require_open(&idea)?;
        if !pledge.status().is_live() {
            return Err(wrong_status(&pledge, "changed"));
        }
        if share < i64::from(idea.min_pledge_bp) {
            return Err(ApiError::field(
                "share_bp",
                format!(
                    "must be at least {} basis points for this idea",
                    idea.min_pledge_bp
                ),
            ));
        }
        let data = json!({"from_bp": pledge.share_bp, "to_bp": share});
        let apply =
            |conn: &mut AnyConnection, share: i64, pending: Option<i64>| -> Result<(), ApiError> {
                diesel::update(pledges::table.find(&pledge.id))
                    .set((
                        pledges::share_bp.eq(share),
                        pledges::pending_share_bp.eq(pending),
                        pledges::updated_at.eq(now()),
                    ))
                    .execute(conn)?;
                Ok(())
            };
        if pledge.status() != PledgeStatus::Active || share <= pledge.share_bp {
            if pledge.status() == PledgeStatus::Active {
                let losing = if pledge.condition_met {
                    pledge.share_bp - share
                } else {
                    0
                };
                check_withdrawal_lock(&idea, losing)?;
            }
            apply(conn, share, None)?;
            return settle(
                conn,
                &idea.id,
                &pledge.id,
                Before::of(&pledge),
                "pledge_changed",
                data,
            );
        }
        // An increase made with an API key always waits for a person.
        let within_limit = actor.person().is_some()
            && role.can_manage()
            && amount_of(idea.target_cost_pence, share)
                <= self_limit(conn, &pledge.organisation_id)?;
        if within_limit {
            check_cap(&idea, share - pledge.share_bp)?;
            apply(conn, share, None)?;
            settle(
                conn,
                &idea.id,
                &pledge.id,
                Before::of(&pledge),
                "pledge_changed",
                data,
            )
        } else {
            apply(conn, pledge.share_bp, Some(share))?;
            {
                let row = settle(
                    conn,
                    &idea.id,
                    &pledge.id,
                    Before::of(&pledge),
                    "pledge_change_requested",
                    data,
                )?;
                super::events::awaiting_approval(conn, &idea, &row, share)?;
                Ok(row)
            }
        }
    })
    .await
}

/// Withdraw a live pledge while the idea is open (its creator, owners and admins). In the
/// last 48 hours it is refused if it would drop the total below 100%.
#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/withdraw", tag = "pledges", operation_id = "withdraw_pledge",
    security(("bearer" = []), ("api_key" = ["pledges:write"])),
    params(("id" = String, Path, description = "Pledge id", max_length = 64)),
    responses(
        (status = 200, description = "Withdrawn", body = Pledge),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not its creator, an owner or an admin, or `insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pledge, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_open`, `invalid_pledge_status` or `withdrawal_locked`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn withdraw_pledge(
    state: web::Data<AppState>,
    actor: Scoped<needs::PledgesWrite>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    run(state, move |conn| {
        let Context { pledge, idea, role } = context(conn, &id, &actor)?;
        if !role.can_manage() && !made(&actor, &pledge) {
            return Err(ApiError::Forbidden(
                "Only its creator or the organisation's owners and admins can withdraw a pledge."
                    .into(),
            ));
        }
        require_open(&idea)?;
        if !pledge.status().is_live() {
            return Err(wrong_status(&pledge, "withdrawn"));
        }
        check_withdrawal_lock(&idea, pledge.contribution())?;
        let row = set_status(
            conn,
            &pledge,
            PledgeStatus::Withdrawn,
            "pledge_withdrawn",
            match actor.api_key_id() {
                Some(key_id) => json!({"by": actor.user_id(), "api_key_id": key_id}),
                None => json!({"by": actor.user_id()}),
            },
        )?;
        crate::webhooks::events::pledge(conn, WebhookEventType::PledgeWithdrawn, &row.id, now())?;
        Ok(row)
    })
    .await
}

/// Accept the current business case after a material change (owners and admins). The
/// pledge counts again if the cap allows.
#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/reconsent", tag = "pledges", operation_id = "reconsent_pledge",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Pledge id", max_length = 64)),
    request_body = Reconsent,
    responses(
        (status = 200, description = "Active again", body = Pledge),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pledge, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_open`, `invalid_pledge_status`, `stale_business_case` or `funding_full`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reconsent_pledge(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<Reconsent>,
) -> Result<HttpResponse, ApiError> {
    let version = body.0.business_case_version;
    run(state, move |conn| {
        let Context { pledge, idea, role } = context(conn, &id, &user)?;
        require_manager(role)?;
        require_open(&idea)?;
        if pledge.status() != PledgeStatus::NeedsReconsent {
            return Err(wrong_status(&pledge, "re-consented"));
        }
        require_current_version(idea.business_case_version, version)?;
        check_cap(&idea, pledge.share_bp)?;
        diesel::update(pledges::table.find(&pledge.id))
            .set((
                pledges::status.eq(PledgeStatus::Active.code()),
                pledges::business_case_version.eq(version),
                pledges::updated_at.eq(now()),
            ))
            .execute(conn)?;
        settle(
            conn,
            &idea.id,
            &pledge.id,
            Before::NOTHING,
            "pledge_reconsented",
            json!({"business_case_version": version}),
        )
    })
    .await
}
