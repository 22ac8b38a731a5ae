//! Submitting a milestone, the funders' decisions, the release of its payment and, when
//! the whole plan is accepted, delivery of the idea. Every step is a ledger entry written
//! under the idea's lock in the same transaction.

use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use serde_json::json;

use super::funders::{self, Funder};
use super::handlers::as_proposer_manager;
use super::repo::{self, MilestoneRow};
use super::view::{self, IdeaContext};
use crate::auth::AuthUser;
use crate::db::schema::{
    delivery_milestones as milestones, idea_delivery, milestone_decisions as decisions,
    milestone_payments as payments, milestone_submissions as submissions,
};
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::rows::IdeaRow;
use crate::ideas::{access, lifecycle, repo as ideas};
use crate::organisations::members::role_of;
use crate::pledges::engine::lock_idea;
use crate::pledges::ledger;
use crate::state::AppState;
use cc2i_shared::delivery::rules::{milestone_amount, outcome, payment_split, Outcome, Votes};
use cc2i_shared::delivery::{
    AcceptanceDecision, CreateAcceptance, DeliveryMilestone, MilestoneStatus, SubmitMilestone,
};
use cc2i_shared::lifecycle::{IdeaAction, IdeaStatus};
use cc2i_shared::Problem;

fn milestone_or_404(conn: &mut AnyConnection, id: &str) -> Result<MilestoneRow, ApiError> {
    repo::find(conn, id)?.ok_or(ApiError::NotFound)
}

fn respond(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    milestone_id: &str,
) -> Result<DeliveryMilestone, ApiError> {
    let row = milestone_or_404(conn, milestone_id)?;
    let ctx = IdeaContext::load(conn, &idea.id, &idea.organisation_id)?;
    view::milestone(conn, row, &ctx)
}

/// Submit a milestone as delivered, with evidence (owners and admins of the proposing
/// organisation, while the idea is in delivery; from planned, or again after a rejection).
/// The funders are told.
#[utoipa::path(
    post, path = "/api/v1/milestones/{id}/submit", tag = "delivery", operation_id = "submit_milestone",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Milestone id", max_length = 64)),
    request_body = SubmitMilestone,
    responses(
        (status = 200, description = "Submitted", body = DeliveryMilestone),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin of the proposing organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such milestone, or its idea is not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_in_delivery` or `invalid_milestone_status` (already submitted or accepted)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit_milestone(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<SubmitMilestone>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let evidence = body.0.evidence.trim().to_string();
    let milestone = state
        .db
        .write(move |conn| {
            let first = milestone_or_404(conn, &id)?;
            let idea = as_proposer_manager(conn, &first.idea_id, &user)?;
            let row = milestone_or_404(conn, &id)?;
            if idea.status() != IdeaStatus::InDelivery {
                return Err(ApiError::conflict(
                    "idea_not_in_delivery",
                    format!(
                        "Milestones are submitted while the idea is in delivery; it is {} (status {}).",
                        idea.status().label().to_lowercase(),
                        idea.status().code()
                    ),
                ));
            }
            if !matches!(row.status(), MilestoneStatus::Planned | MilestoneStatus::Rejected) {
                return Err(ApiError::conflict(
                    "invalid_milestone_status",
                    format!(
                        "A milestone that is {} cannot be submitted; only planned or rejected ones can.",
                        row.status().label().to_lowercase()
                    ),
                ));
            }
            let at = now();
            let number = row.submission + 1;
            diesel::update(milestones::table.find(&id))
                .set((
                    milestones::status.eq(MilestoneStatus::Submitted.code()),
                    milestones::submission.eq(number),
                    milestones::evidence.eq(Some(&evidence)),
                    milestones::submitted_at.eq(Some(at)),
                    milestones::decided_at.eq(None::<chrono::NaiveDateTime>),
                    milestones::updated_at.eq(at),
                ))
                .execute(conn)?;
            diesel::insert_into(submissions::table)
                .values((
                    submissions::milestone_id.eq(&id),
                    submissions::submission.eq(number),
                    submissions::evidence.eq(&evidence),
                    submissions::submitted_by.eq(&user.id),
                    submissions::submitted_at.eq(at),
                ))
                .execute(conn)?;
            ledger::append(
                conn,
                &idea.id,
                "milestone_submitted",
                None,
                0,
                json!({"milestone_id": id, "submission": number, "payment_bp": row.payment_bp}),
            )?;
            let funders = funders::of_idea(conn, &idea.id)?;
            super::events::submitted(conn, &idea, &row, &funders)?;
            respond(conn, &idea, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(milestone))
}

/// The funder the caller decides for: 403 `not_a_funder` unless the organisation holds a
/// committed pledge on the idea, 403 unless the caller is one of its owners or admins.
fn funder_for<'a>(
    conn: &mut AnyConnection,
    funders: &'a [Funder],
    org_id: &str,
    user: &AuthUser,
) -> Result<&'a Funder, ApiError> {
    let funder = funders
        .iter()
        .find(|f| f.organisation_id == org_id)
        .ok_or_else(|| ApiError::Denied {
            code: "not_a_funder",
            detail: "Only organisations that funded this idea accept its milestones.".into(),
        })?;
    match role_of(conn, org_id, &user.id)? {
        Some(role) if role.can_manage() => Ok(funder),
        Some(_) => Err(ApiError::Forbidden(
            "Only the funding organisation's owners and admins can accept or reject milestones."
                .into(),
        )),
        None => Err(ApiError::Forbidden(
            "You can only decide for organisations you belong to.".into(),
        )),
    }
}

/// Accept or reject a submitted milestone for a funding organisation (its owners and
/// admins; one decision per organisation per submission). Funders holding more than half of
/// the final shares accepting accepts it and releases its payment to the funders by final
/// share; once acceptance is impossible (at least half rejected) it is rejected. When every
/// milestone is accepted and their payment shares total 10000 bp, the idea is delivered.
#[utoipa::path(
    post, path = "/api/v1/milestones/{id}/acceptances", tag = "delivery", operation_id = "create_acceptance",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Milestone id", max_length = 64)),
    request_body = CreateAcceptance,
    responses(
        (status = 201, description = "Decision recorded; the milestone as it now stands", body = DeliveryMilestone),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`not_a_funder`, or not an owner or admin of that organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such milestone, or its idea is not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`milestone_not_submitted` or `already_decided`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (a rejection needs a note)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_acceptance(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<CreateAcceptance>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let new = body.0;
    let note = new
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    if new.decision == AcceptanceDecision::Reject && note.is_none() {
        return Err(ApiError::field(
            "note",
            "must say why the milestone is rejected",
        ));
    }
    let milestone = state
        .db
        .write(move |conn| {
            let first = milestone_or_404(conn, &id)?;
            access::visible(conn, &first.idea_id, Some(&user))?;
            let funders = funders::of_idea(conn, &first.idea_id)?;
            let funder = funder_for(conn, &funders, &new.organisation_id, &user)?.clone();
            let idea = lock_idea(conn, &first.idea_id)?;
            let row = milestone_or_404(conn, &id)?;
            if row.status() != MilestoneStatus::Submitted {
                return Err(ApiError::conflict(
                    "milestone_not_submitted",
                    format!(
                        "Funders decide on submitted milestones; this one is {}.",
                        row.status().label().to_lowercase()
                    ),
                ));
            }
            let already: i64 = decisions::table
                .filter(decisions::milestone_id.eq(&id))
                .filter(decisions::submission.eq(row.submission))
                .filter(decisions::organisation_id.eq(&funder.organisation_id))
                .count()
                .get_result(conn)?;
            if already > 0 {
                return Err(ApiError::conflict(
                    "already_decided",
                    "Your organisation has already decided on this submission of the milestone.",
                ));
            }
            let at = now();
            diesel::insert_into(decisions::table)
                .values((
                    decisions::milestone_id.eq(&id),
                    decisions::submission.eq(row.submission),
                    decisions::organisation_id.eq(&funder.organisation_id),
                    decisions::pledge_id.eq(&funder.pledge_id),
                    decisions::decision.eq(new.decision.code()),
                    decisions::note.eq(&note),
                    decisions::decided_by.eq(&user.id),
                    decisions::created_at.eq(at),
                ))
                .execute(conn)?;
            ledger::append(
                conn,
                &idea.id,
                "milestone_decision",
                Some((&funder.pledge_id, &funder.organisation_id)),
                0,
                json!({"milestone_id": id, "submission": row.submission, "decision": new.decision.code(), "note": note, "final_share_bp": funder.final_share_bp, "decided_by": user.id}),
            )?;
            settle(conn, &idea, &row, &funders)?;
            respond(conn, &idea, &id)
        })
        .await?;
    Ok(HttpResponse::Created().json(milestone))
}

/// Weighs the decisions on the milestone's current submission and, once the outcome is
/// certain, accepts it (releasing its payment, split pro rata to the funders' commitments,
/// the last payment settling each commitment exactly) or rejects it.
fn settle(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    row: &MilestoneRow,
    funders: &[Funder],
) -> Result<(), ApiError> {
    let decided: Vec<(String, String)> = decisions::table
        .filter(decisions::milestone_id.eq(&row.id))
        .filter(decisions::submission.eq(row.submission))
        .select((decisions::organisation_id, decisions::decision))
        .load(conn)?;
    let mut votes = Votes {
        total_bp: funders.iter().map(|f| f.final_share_bp).sum(),
        ..Votes::default()
    };
    for f in funders {
        match decided.iter().find(|(org, _)| *org == f.organisation_id) {
            Some((_, d)) if d == AcceptanceDecision::Accept.code() => {
                votes.accepted_bp += f.final_share_bp
            }
            Some(_) => votes.rejected_bp += f.final_share_bp,
            None => {}
        }
    }
    let at = now();
    match outcome(votes) {
        Outcome::Open => Ok(()),
        Outcome::Rejected => {
            diesel::update(milestones::table.find(&row.id))
                .set((
                    milestones::status.eq(MilestoneStatus::Rejected.code()),
                    milestones::decided_at.eq(Some(at)),
                    milestones::updated_at.eq(at),
                ))
                .execute(conn)?;
            record_outcome(conn, row, "rejected", at)?;
            ledger::append(
                conn,
                &idea.id,
                "milestone_rejected",
                None,
                0,
                json!({"milestone_id": row.id, "submission": row.submission, "accepted_bp": votes.accepted_bp, "rejected_bp": votes.rejected_bp}),
            )?;
            super::events::decided(conn, idea, row, false, 0)
        }
        Outcome::Accepted => {
            let released_before: i64 = repo::of_idea(conn, &idea.id)?
                .iter()
                .filter(|m| m.status() == MilestoneStatus::Accepted)
                .map(|m| m.payment_bp)
                .sum();
            let amount = milestone_amount(
                funders::build_cost(funders),
                released_before,
                row.payment_bp,
            );
            let paid: Vec<(String, i64)> = payments::table
                .filter(payments::idea_id.eq(&idea.id))
                .select((payments::organisation_id, payments::amount_pence))
                .load(conn)?;
            let paid_before: Vec<i64> = funders
                .iter()
                .map(|f| {
                    paid.iter()
                        .filter(|(org, _)| *org == f.organisation_id)
                        .map(|(_, amount)| amount)
                        .sum()
                })
                .collect();
            let commitments: Vec<i64> = funders.iter().map(|f| f.final_amount_pence).collect();
            let parts = payment_split(&commitments, &paid_before, amount);
            diesel::update(milestones::table.find(&row.id))
                .set((
                    milestones::status.eq(MilestoneStatus::Accepted.code()),
                    milestones::decided_at.eq(Some(at)),
                    milestones::paid_pence.eq(amount),
                    milestones::updated_at.eq(at),
                ))
                .execute(conn)?;
            record_outcome(conn, row, "accepted", at)?;
            ledger::append(
                conn,
                &idea.id,
                "milestone_accepted",
                None,
                0,
                json!({"milestone_id": row.id, "submission": row.submission, "payment_bp": row.payment_bp, "amount_pence": amount, "accepted_bp": votes.accepted_bp, "rejected_bp": votes.rejected_bp}),
            )?;
            for (f, part) in funders.iter().zip(parts) {
                diesel::insert_into(payments::table)
                    .values((
                        payments::milestone_id.eq(&row.id),
                        payments::organisation_id.eq(&f.organisation_id),
                        payments::idea_id.eq(&idea.id),
                        payments::pledge_id.eq(&f.pledge_id),
                        payments::amount_pence.eq(part),
                        payments::created_at.eq(at),
                    ))
                    .execute(conn)?;
                ledger::append(
                    conn,
                    &idea.id,
                    "milestone_payment",
                    Some((&f.pledge_id, &f.organisation_id)),
                    0,
                    json!({"milestone_id": row.id, "amount_pence": part, "final_share_bp": f.final_share_bp}),
                )?;
            }
            super::events::decided(conn, idea, row, true, amount)?;
            crate::webhooks::events::idea(
                conn,
                cc2i_shared::webhook::WebhookEventType::MilestoneAccepted,
                &idea.id,
                cc2i_shared::webhook::WebhookEventData {
                    milestone_id: Some(row.id.clone()),
                    milestone_title: Some(row.title.clone()),
                    share_bp: Some(row.payment_bp),
                    amount_pence: Some(amount),
                    ..Default::default()
                },
                at,
            )?;
            deliver_if_done(conn, idea, funders)
        }
    }
}

fn record_outcome(
    conn: &mut AnyConnection,
    row: &MilestoneRow,
    outcome: &str,
    at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(submissions::table.find((&row.id, row.submission)))
        .set((
            submissions::outcome.eq(Some(outcome)),
            submissions::decided_at.eq(Some(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks the idea delivered once every milestone is accepted and the plan's payment shares
/// total 10000 bp (so the whole build cost has been released).
fn deliver_if_done(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    funders: &[Funder],
) -> Result<(), ApiError> {
    let all = repo::of_idea(conn, &idea.id)?;
    let planned: i64 = all.iter().map(|m| m.payment_bp).sum();
    if planned != 10_000 || all.iter().any(|m| m.status() != MilestoneStatus::Accepted) {
        return Ok(());
    }
    let current = ideas::find_row(conn, &idea.id)?.ok_or(ApiError::NotFound)?;
    lifecycle::apply(conn, &current, IdeaAction::Deliver, None)?;
    let at = now();
    diesel::update(idea_delivery::table.find(&idea.id))
        .set(idea_delivery::delivered_at.eq(Some(at)))
        .execute(conn)?;
    let paid: i64 = all.iter().map(|m| m.paid_pence).sum();
    ledger::append(
        conn,
        &idea.id,
        "idea_delivered",
        None,
        0,
        json!({"milestones": all.len(), "paid_pence": paid}),
    )?;
    super::events::delivered(conn, idea, funders)
}
