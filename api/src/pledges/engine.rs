//! The counting rules. Every change to a pledge runs under the idea's lock, then `settle`
//! re-evaluates conditions, writes one ledger entry per change to the counting total and
//! stores the idea's totals, so the totals always equal the sum of the ledger's `bp_delta`.

use diesel::prelude::*;
use serde_json::{json, Value};

use super::ledger;
use super::repo;
use super::rows::PledgeRow;
use crate::db::schema::{ideas, pledges};
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::ideas::repo::find_row;
use crate::ideas::rows::IdeaRow;
use cc2i_shared::pledge::PledgeStatus;

/// Takes the idea's row lock (a guarded write: PostgreSQL row lock; SQLite already holds
/// the write lock) and returns the row as it is now.
pub fn lock_idea(conn: &mut AnyConnection, idea_id: &str) -> Result<IdeaRow, ApiError> {
    let touched = diesel::update(ideas::table.find(idea_id))
        .set(ideas::ledger_seq.eq(ideas::ledger_seq))
        .execute(conn)?;
    if touched == 0 {
        return Err(ApiError::NotFound);
    }
    find_row(conn, idea_id)?.ok_or(ApiError::NotFound)
}

/// Refuses with 409 `funding_full` when `extra_bp` more active share would pass the cap.
pub fn check_cap(idea: &IdeaRow, extra_bp: i64) -> Result<(), ApiError> {
    if idea.active_bp + extra_bp > i64::from(idea.max_total_bp) {
        return Err(ApiError::conflict(
            "funding_full",
            format!(
                "Pledges on this idea may total at most {} bp; {} bp are active, so at most {} bp more can be accepted.",
                idea.max_total_bp,
                idea.active_bp,
                (i64::from(idea.max_total_bp) - idea.active_bp).max(0)
            ),
        ));
    }
    Ok(())
}

/// Records a change to `pledge_id` (already written to its row) whose counting
/// contribution was `before`: fixes its condition, appends its ledger entry, re-evaluates
/// every other conditional pledge, and stores the idea's totals. Returns the pledge.
pub fn settle(
    conn: &mut AnyConnection,
    idea_id: &str,
    pledge_id: &str,
    before: i64,
    kind: &str,
    data: Value,
) -> Result<PledgeRow, ApiError> {
    let active = repo::of_idea(conn, idea_id, &[PledgeStatus::Active])?;
    let others_for = |n: usize| n.saturating_sub(1) as i32;
    let mut pledge = repo::find(conn, pledge_id)?.ok_or(ApiError::NotFound)?;
    if pledge.status() == PledgeStatus::Active {
        let met = pledge
            .condition_min_others
            .is_none_or(|m| others_for(active.len()) >= m);
        if met != pledge.condition_met {
            diesel::update(pledges::table.find(pledge_id))
                .set(pledges::condition_met.eq(met))
                .execute(conn)?;
            pledge.condition_met = met;
        }
    }
    let delta = pledge.contribution() - before;
    ledger::append(
        conn,
        idea_id,
        kind,
        Some((&pledge.id, &pledge.organisation_id)),
        delta,
        data,
    )?;
    for other in active.iter().filter(|p| p.id != pledge_id) {
        let Some(min) = other.condition_min_others else {
            continue;
        };
        let met = others_for(active.len()) >= min;
        if met != other.condition_met {
            diesel::update(pledges::table.find(&other.id))
                .set(pledges::condition_met.eq(met))
                .execute(conn)?;
            let (kind, delta) = if met {
                ("condition_met", other.share_bp)
            } else {
                ("condition_unmet", -other.share_bp)
            };
            ledger::append(
                conn,
                idea_id,
                kind,
                Some((&other.id, &other.organisation_id)),
                delta,
                json!({"min_other_organisations": min, "other_organisations": others_for(active.len())}),
            )?;
        }
    }
    store_totals(conn, idea_id)?;
    Ok(pledge)
}

/// Recomputes and stores the idea's totals from its pledges.
pub fn store_totals(conn: &mut AnyConnection, idea_id: &str) -> Result<(), ApiError> {
    let rows = repo::of_idea(
        conn,
        idea_id,
        &[PledgeStatus::Active, PledgeStatus::Committed],
    )?;
    let active_bp: i64 = rows
        .iter()
        .filter(|p| p.status() == PledgeStatus::Active)
        .map(|p| p.share_bp)
        .sum();
    let counting: Vec<&PledgeRow> = rows.iter().filter(|p| p.contribution() > 0).collect();
    diesel::update(ideas::table.find(idea_id))
        .set((
            ideas::active_bp.eq(active_bp),
            ideas::pledged_bp.eq(counting.iter().map(|p| p.contribution()).sum::<i64>()),
            ideas::pledger_count.eq(counting.len() as i64),
        ))
        .execute(conn)?;
    Ok(())
}

/// Moves a pledge to `status` (with its ledger entry and totals).
pub fn set_status(
    conn: &mut AnyConnection,
    pledge: &PledgeRow,
    status: PledgeStatus,
    kind: &str,
    data: Value,
) -> Result<PledgeRow, ApiError> {
    diesel::update(pledges::table.find(&pledge.id))
        .set((
            pledges::status.eq(status.code()),
            pledges::updated_at.eq(crate::db::now()),
        ))
        .execute(conn)?;
    settle(
        conn,
        &pledge.idea_id,
        &pledge.id,
        pledge.contribution(),
        kind,
        data,
    )
}
