//! Changes that sweep over every pledge of an idea: a material business-case change,
//! closing at the deadline (funded or not), and withdrawing the idea.

use crate::webhooks::events as webhook_events;
use cc2i_shared::webhook::{WebhookEventData, WebhookEventType};
use diesel::prelude::*;
use serde_json::json;

use super::engine::{lock_idea, set_status, store_totals};
use super::ledger;
use super::repo;
use super::rows::amount_of;
use crate::db::schema::{ideas, pledges};
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::ideas::lifecycle;
use cc2i_shared::fair_share::commitments;
use cc2i_shared::lifecycle::{IdeaAction, IdeaStatus};
use cc2i_shared::pledge::PledgeStatus;

/// After a material change, every active pledge stops counting until re-consented.
pub fn require_reconsent(
    conn: &mut AnyConnection,
    idea_id: &str,
    version: i32,
) -> Result<usize, ApiError> {
    let idea = lock_idea(conn, idea_id)?;
    let active = repo::of_idea(conn, idea_id, &[PledgeStatus::Active])?;
    for pledge in &active {
        // Re-read: settling an earlier pledge may have changed this one's condition.
        let current = repo::find(conn, &pledge.id)?.ok_or(ApiError::NotFound)?;
        let paused = set_status(
            conn,
            &current,
            PledgeStatus::NeedsReconsent,
            "pledge_needs_reconsent",
            json!({"business_case_version": version}),
        )?;
        super::events::reconsent_needed(conn, &idea, &paused, version)?;
    }
    Ok(active.len())
}

/// Withdrawing an open idea releases every live pledge.
pub fn release_all(conn: &mut AnyConnection, idea_id: &str) -> Result<(), ApiError> {
    for pledge in repo::of_idea(
        conn,
        idea_id,
        &[
            PledgeStatus::PendingApproval,
            PledgeStatus::Active,
            PledgeStatus::NeedsReconsent,
        ],
    )? {
        let current = repo::find(conn, &pledge.id)?.ok_or(ApiError::NotFound)?;
        set_status(
            conn,
            &current,
            PledgeStatus::Released,
            "pledge_released",
            json!({"reason": "idea_withdrawn"}),
        )?;
    }
    Ok(())
}

/// Closes an open idea: funded when counting pledges reach 10000 bp from at least
/// `min_pledgers` organisations, otherwise not funded. Idempotent: an idea that is no
/// longer open is returned as it is. Returns whether this call closed it.
pub fn close(conn: &mut AnyConnection, idea_id: &str, reason: &str) -> Result<bool, ApiError> {
    let idea = lock_idea(conn, idea_id)?;
    if idea.status() != IdeaStatus::Open {
        return Ok(false);
    }
    let live = repo::of_idea(
        conn,
        idea_id,
        &[
            PledgeStatus::PendingApproval,
            PledgeStatus::Active,
            PledgeStatus::NeedsReconsent,
        ],
    )?;
    let counting: Vec<_> = live.iter().filter(|p| p.contribution() > 0).collect();
    let total: i64 = counting.iter().map(|p| p.share_bp).sum();
    let funded = total >= 10_000 && counting.len() as i64 >= i64::from(idea.min_pledgers);
    let finals = if funded {
        commitments(
            &counting.iter().map(|p| p.share_bp).collect::<Vec<_>>(),
            idea.target_cost_pence,
        )
    } else {
        Vec::new()
    };
    let at = now();
    let mut committed = Vec::new();
    for pledge in &live {
        let position = counting.iter().position(|c| c.id == pledge.id);
        let (status, kind, delta) = match (pledge.status(), funded, position) {
            (PledgeStatus::Active, true, Some(_)) => {
                (PledgeStatus::Committed, "pledge_committed", 0)
            }
            (PledgeStatus::Active, _, _) => (
                PledgeStatus::Released,
                "pledge_released",
                -pledge.contribution(),
            ),
            _ => (PledgeStatus::Lapsed, "pledge_lapsed", 0),
        };
        let (final_share, final_amount) = position.and_then(|i| finals.get(i).copied()).unzip();
        diesel::update(pledges::table.find(&pledge.id))
            .set((
                pledges::status.eq(status.code()),
                pledges::final_share_bp.eq(final_share),
                pledges::final_amount_pence.eq(final_amount),
                pledges::pending_share_bp.eq(None::<i64>),
                pledges::updated_at.eq(at),
            ))
            .execute(conn)?;
        let data = match (final_share, final_amount) {
            (Some(s), Some(a)) => json!({"final_share_bp": s, "final_amount_pence": a}),
            _ => {
                json!({"share_bp": pledge.share_bp, "amount_pence": amount_of(idea.target_cost_pence, pledge.share_bp)})
            }
        };
        ledger::append(
            conn,
            idea_id,
            kind,
            Some((&pledge.id, &pledge.organisation_id)),
            delta,
            data,
        )?;
        if status == PledgeStatus::Committed {
            committed.push(pledge.id.clone());
        }
    }
    let told: Vec<String> = live
        .iter()
        .filter(|p| p.status() == PledgeStatus::Active)
        .map(|p| p.organisation_id.clone())
        .collect();
    super::events::closed(conn, &idea, &told, funded)?;
    store_totals(conn, idea_id)?;
    let action = if funded {
        IdeaAction::CloseFunded
    } else {
        IdeaAction::CloseNotFunded
    };
    let row = crate::ideas::repo::find_row(conn, idea_id)?.ok_or(ApiError::NotFound)?;
    lifecycle::apply(conn, &row, action, None)?;
    diesel::update(ideas::table.find(idea_id))
        .set(ideas::closed_at.eq(Some(at)))
        .execute(conn)?;
    ledger::append(
        conn,
        idea_id,
        "idea_closed",
        None,
        0,
        json!({"outcome": if funded { "funded" } else { "not_funded" }, "reason": reason, "pledged_bp": total, "funders": counting.len()}),
    )?;
    let outcome = WebhookEventData {
        amount_pence: Some(idea.target_cost_pence),
        share_bp: Some(total),
        funders: Some(counting.len() as i64),
        ..Default::default()
    };
    if funded {
        webhook_events::idea(conn, WebhookEventType::IdeaFunded, idea_id, outcome, at)?;
        for id in &committed {
            webhook_events::pledge(conn, WebhookEventType::PledgeCommitted, id, at)?;
        }
    } else {
        webhook_events::idea(conn, WebhookEventType::IdeaNotFunded, idea_id, outcome, at)?;
    }
    Ok(true)
}
