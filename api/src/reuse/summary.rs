//! An organisation's funding summary: per idea what it committed, what was paid out of it
//! through accepted milestones and what came back as re-use dividends, with running totals
//! over time for a chart.

use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::repo;
use crate::auth::AuthUser;
use crate::db::schema::{adoption_rebates as rebates, milestone_payments as payments};
use crate::db::{utc, AnyConnection};
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::organisations::members::role_of;
use crate::pledges::repo as pledges;
use crate::state::AppState;
use cc2i_shared::pledge::PledgeStatus;
use cc2i_shared::reuse::{
    AdoptionStatus, FundedIdea, FundingPoint, FundingRole, FundingTotals,
    OrganisationFundingSummary,
};
use cc2i_shared::Problem;

/// One money event for the time series.
struct Event {
    at: NaiveDateTime,
    committed: i64,
    paid: i64,
    rebated: i64,
}

fn idea_row(conn: &mut AnyConnection, id: &str) -> Result<IdeaRow, ApiError> {
    crate::ideas::repo::find_row(conn, id)?.ok_or(ApiError::NotFound)
}

/// Builds the summary.
pub fn summarise(
    conn: &mut AnyConnection,
    org_id: &str,
) -> Result<OrganisationFundingSummary, ApiError> {
    let paid_rows: Vec<(String, i64, NaiveDateTime)> = payments::table
        .filter(payments::organisation_id.eq(org_id))
        .select((
            payments::idea_id,
            payments::amount_pence,
            payments::created_at,
        ))
        .load(conn)?;
    let rebate_rows: Vec<(String, i64, NaiveDateTime)> = rebates::table
        .filter(rebates::organisation_id.eq(org_id))
        .select((rebates::idea_id, rebates::amount_pence, rebates::created_at))
        .load(conn)?;
    let sum_for = |rows: &[(String, i64, NaiveDateTime)], idea: &str| -> i64 {
        rows.iter().filter(|r| r.0 == idea).map(|r| r.1).sum()
    };
    let mut ideas: Vec<(NaiveDateTime, FundedIdea)> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let committed = pledges::of_organisation(conn, org_id)?
        .into_iter()
        .filter(|p| p.status() == PledgeStatus::Committed);
    for p in committed {
        let idea = idea_row(conn, &p.idea_id)?;
        let amount = p.final_amount_pence.unwrap_or(0);
        let at = idea.closed_at.unwrap_or(p.updated_at);
        events.push(Event {
            at,
            committed: amount,
            paid: 0,
            rebated: 0,
        });
        ideas.push((
            at,
            FundedIdea {
                status: idea.status(),
                idea_id: idea.id.clone(),
                title: idea.title,
                role: FundingRole::Funder,
                final_share_bp: p.final_share_bp,
                committed_pence: amount,
                paid_pence: sum_for(&paid_rows, &idea.id),
                rebated_pence: sum_for(&rebate_rows, &idea.id),
                adoption_fee_pence: 0,
            },
        ));
    }
    for a in repo::of_organisation(conn, org_id)?
        .into_iter()
        .filter(|a| a.status() == AdoptionStatus::Approved)
    {
        let idea = idea_row(conn, &a.idea_id)?;
        let fee = a.fee_pence.unwrap_or(0);
        let at = a.approved_at.unwrap_or(a.updated_at);
        events.push(Event {
            at,
            committed: fee,
            paid: 0,
            rebated: 0,
        });
        ideas.push((
            at,
            FundedIdea {
                status: idea.status(),
                idea_id: idea.id,
                title: idea.title,
                role: FundingRole::Adopter,
                final_share_bp: None,
                committed_pence: 0,
                paid_pence: 0,
                rebated_pence: 0,
                adoption_fee_pence: fee,
            },
        ));
    }
    events.extend(paid_rows.iter().map(|(_, amount, at)| Event {
        at: *at,
        committed: 0,
        paid: *amount,
        rebated: 0,
    }));
    events.extend(rebate_rows.iter().map(|(_, amount, at)| Event {
        at: *at,
        committed: 0,
        paid: 0,
        rebated: *amount,
    }));
    let mut by_time: BTreeMap<NaiveDateTime, (i64, i64, i64)> = BTreeMap::new();
    for e in &events {
        let slot = by_time.entry(e.at).or_default();
        slot.0 += e.committed;
        slot.1 += e.paid;
        slot.2 += e.rebated;
    }
    let mut running = (0, 0, 0);
    let series = by_time
        .into_iter()
        .map(|(at, (c, p, r))| {
            running = (running.0 + c, running.1 + p, running.2 + r);
            FundingPoint {
                at: utc(at),
                committed_pence: running.0,
                paid_pence: running.1,
                rebated_pence: running.2,
            }
        })
        .collect();
    ideas.sort_by_key(|i| std::cmp::Reverse(i.0));
    let ideas: Vec<FundedIdea> = ideas.into_iter().map(|(_, i)| i).collect();
    let totals = FundingTotals {
        committed_pence: ideas.iter().map(|i| i.committed_pence).sum(),
        paid_pence: ideas.iter().map(|i| i.paid_pence).sum(),
        rebated_pence: ideas.iter().map(|i| i.rebated_pence).sum(),
        adoption_fees_pence: ideas.iter().map(|i| i.adoption_fee_pence).sum(),
    };
    Ok(OrganisationFundingSummary {
        organisation_id: org_id.to_string(),
        totals,
        ideas,
        series,
    })
}

/// What an organisation has funded and adopted, what it cost and what came back, with
/// running totals over time (its members).
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/funding-summary", tag = "re-use", operation_id = "get_funding_summary",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "The summary", body = OrganisationFundingSummary),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_funding_summary(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let summary = state
        .db
        .read(move |conn| {
            crate::organisations::repo::get_or_404(conn, &id)?;
            if !user.is_platform_admin() && role_of(conn, &id, &user.id)?.is_none() {
                return Err(ApiError::NotFound);
            }
            summarise(conn, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(summary))
}
