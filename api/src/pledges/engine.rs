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
use crate::ideas::rows::IdeaRow;
use cc2i_shared::pledge::PledgeStatus;

/// Takes the idea's lock and returns its row as it is now. On PostgreSQL that is a row
/// lock (`SELECT … FOR UPDATE`), held until the transaction ends; on SQLite the single
/// writer's `BEGIN IMMEDIATE` already holds the database's write lock, so a plain read is
/// enough.
pub fn lock_idea(conn: &mut AnyConnection, idea_id: &str) -> Result<IdeaRow, ApiError> {
    let row = match conn {
        AnyConnection::Postgresql(pg) => ideas::table
            .find(idea_id)
            .select(ideas::all_columns)
            .for_update()
            .first::<IdeaRow>(pg)
            .optional()?,
        AnyConnection::Sqlite(_) => crate::ideas::repo::find_row(conn, idea_id)?,
    };
    row.ok_or(ApiError::NotFound)
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

/// What a pledge added to the idea's totals before a change.
#[derive(Debug, Clone, Copy, Default)]
pub struct Before {
    /// Its counting contribution.
    pub contribution: i64,
    /// Its share if it was active (counted by the cap), else 0.
    pub active_share: i64,
}

impl Before {
    /// A pledge that added nothing (new, pending or paused).
    pub const NOTHING: Before = Before {
        contribution: 0,
        active_share: 0,
    };

    /// The snapshot of a pledge as it is now.
    pub fn of(p: &PledgeRow) -> Self {
        Before {
            contribution: p.contribution(),
            active_share: if p.status() == PledgeStatus::Active {
                p.share_bp
            } else {
                0
            },
        }
    }
}

/// Records a change to `pledge_id` (already written to its row; `before` is what it added
/// until then): see [`settle_row`].
pub fn settle(
    conn: &mut AnyConnection,
    idea_id: &str,
    pledge_id: &str,
    before: Before,
    kind: &str,
    data: Value,
) -> Result<PledgeRow, ApiError> {
    let pledge = repo::find(conn, pledge_id)?.ok_or(ApiError::NotFound)?;
    settle_row(conn, idea_id, pledge, before, kind, data)
}

/// Records a change to `pledge` (its row as now stored; `before` is what it added until
/// then): fixes its condition, re-evaluates the other conditional pledges, appends one
/// ledger entry per change and moves the idea's totals by exactly what the ledger records,
/// in one update of the idea's row.
pub fn settle_row(
    conn: &mut AnyConnection,
    idea_id: &str,
    mut pledge: PledgeRow,
    before: Before,
    kind: &str,
    data: Value,
) -> Result<PledgeRow, ApiError> {
    let conditional: Vec<PledgeRow> = repo::conditional_active(conn, idea_id)?
        .into_iter()
        .filter(|p| p.id != pledge.id)
        .collect();
    let own_condition =
        pledge.status() == PledgeStatus::Active && pledge.condition_min_others.is_some();
    // "Other organisations" are the other active pledges; counted only when a condition needs it.
    let others = if own_condition || !conditional.is_empty() {
        (repo::count_active(conn, idea_id)? - 1).max(0)
    } else {
        0
    };
    if pledge.status() == PledgeStatus::Active {
        let met = pledge
            .condition_min_others
            .is_none_or(|m| others >= i64::from(m));
        if met != pledge.condition_met {
            diesel::update(pledges::table.find(&pledge.id))
                .set(pledges::condition_met.eq(met))
                .execute(conn)?;
            pledge.condition_met = met;
        }
    }
    let after = Before::of(&pledge);
    let delta = after.contribution - before.contribution;
    let mut pledged_delta = delta;
    let mut count_delta = i64::from(after.contribution > 0) - i64::from(before.contribution > 0);
    let mut entries = vec![ledger::Entry {
        kind: kind.to_string(),
        pledge: Some((pledge.id.clone(), pledge.organisation_id.clone())),
        bp_delta: delta,
        data,
    }];
    for other in &conditional {
        let Some(min) = other.condition_min_others else {
            continue;
        };
        let met = others >= i64::from(min);
        if met != other.condition_met {
            diesel::update(pledges::table.find(&other.id))
                .set(pledges::condition_met.eq(met))
                .execute(conn)?;
            let (kind, delta) = if met {
                ("condition_met", other.share_bp)
            } else {
                ("condition_unmet", -other.share_bp)
            };
            pledged_delta += delta;
            count_delta += if met { 1 } else { -1 };
            entries.push(ledger::Entry {
                kind: kind.to_string(),
                pledge: Some((other.id.clone(), other.organisation_id.clone())),
                bp_delta: delta,
                data: json!({"min_other_organisations": min, "other_organisations": others}),
            });
        }
    }
    let added = entries.len() as i64;
    let (last_seq, pledged): (i64, i64) = diesel::update(ideas::table.find(idea_id))
        .set((
            ideas::ledger_seq.eq(ideas::ledger_seq + added),
            ideas::active_bp.eq(ideas::active_bp + (after.active_share - before.active_share)),
            ideas::pledged_bp.eq(ideas::pledged_bp + pledged_delta),
            ideas::pledger_count.eq(ideas::pledger_count + count_delta),
        ))
        .returning((ideas::ledger_seq, ideas::pledged_bp))
        .get_result(conn)?;
    for (i, entry) in entries.into_iter().enumerate() {
        ledger::insert(conn, idea_id, last_seq - added + 1 + i as i64, entry)?;
    }
    // Only a rise across the target can be the first time it is reached.
    if pledged_delta > 0 && pledged >= 10_000 && pledged - pledged_delta < 10_000 {
        super::milestones::check_target(conn, idea_id, pledged)?;
    }
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
        Before::of(pledge),
        kind,
        data,
    )
}
