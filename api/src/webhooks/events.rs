//! One call per kind of cause, so each cause adds a single line inside its transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::outbox::emit;
use crate::db::schema::ideas;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::pledges::rows::{amount_of, PledgeRow};
use cc2i_shared::webhook::{WebhookEventData, WebhookEventType};

/// An event about the idea itself (published, funded, not funded...).
pub fn idea(
    conn: &mut AnyConnection,
    kind: WebhookEventType,
    idea_id: &str,
    data: WebhookEventData,
    at: NaiveDateTime,
) -> Result<usize, ApiError> {
    emit(conn, kind, idea_id, None, data, at)
}

/// An event about a pledge, read as it is now (after the cause's change): its status,
/// share and amount (final ones once committed).
pub fn pledge(
    conn: &mut AnyConnection,
    kind: WebhookEventType,
    pledge_id: &str,
    at: NaiveDateTime,
) -> Result<usize, ApiError> {
    let row: PledgeRow = crate::pledges::repo::find(conn, pledge_id)?.ok_or(ApiError::NotFound)?;
    let target: i64 = ideas::table
        .find(&row.idea_id)
        .select(ideas::target_cost_pence)
        .first(conn)?;
    let (share_bp, amount_pence) = match (row.final_share_bp, row.final_amount_pence) {
        (Some(share), Some(amount)) => (share, amount),
        _ => (row.share_bp, amount_of(target, row.share_bp)),
    };
    let data = WebhookEventData {
        pledge_id: Some(row.id.clone()),
        pledge_status: Some(row.status.clone()),
        share_bp: Some(share_bp),
        amount_pence: Some(amount_pence),
        ..Default::default()
    };
    emit(
        conn,
        kind,
        &row.idea_id,
        Some(&row.organisation_id),
        data,
        at,
    )
}

/// An event about something an organisation did to the idea (an adoption).
pub fn by_organisation(
    conn: &mut AnyConnection,
    kind: WebhookEventType,
    idea_id: &str,
    organisation_id: &str,
    data: WebhookEventData,
    at: NaiveDateTime,
) -> Result<usize, ApiError> {
    emit(conn, kind, idea_id, Some(organisation_id), data, at)
}
