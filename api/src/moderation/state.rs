//! The moderation state of questions and updates: a row per item, written with the item,
//! locked while reports and decisions change it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{moderation_actions, moderation_items as items};
use crate::db::{new_id, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::moderation::TargetType;

/// A row of `moderation_items`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct ItemRow {
    pub target_type: String,
    pub target_id: String,
    pub idea_id: String,
    pub round: i32,
    pub report_count: i32,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub hidden_by: Option<String>,
    pub hidden_at: Option<NaiveDateTime>,
    pub flagged_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl ItemRow {
    /// The target type as the domain type.
    pub fn kind(&self) -> TargetType {
        TargetType::from_code(&self.target_type).unwrap_or(TargetType::Question)
    }

    /// Hidden by reports, with no moderator's decision since.
    pub fn hidden_by_reports(&self) -> bool {
        self.hidden && self.hidden_by.is_none()
    }

    /// Reported but still shown, or hidden by reports.
    pub fn needs_review(&self) -> bool {
        (self.report_count > 0 && !self.hidden) || self.hidden_by_reports()
    }
}

/// Starts tracking a new question or update (in the transaction that writes it).
pub fn track(
    conn: &mut AnyConnection,
    target: TargetType,
    target_id: &str,
    idea_id: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(items::table)
        .values((
            items::target_type.eq(target.code()),
            items::target_id.eq(target_id),
            items::idea_id.eq(idea_id),
            items::round.eq(1),
            items::report_count.eq(0),
            items::hidden.eq(false),
            items::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The item, locked until the transaction ends: a row lock on PostgreSQL; on SQLite the one
/// writer already holds the database's write lock.
pub fn lock(
    conn: &mut AnyConnection,
    target: TargetType,
    target_id: &str,
) -> Result<Option<ItemRow>, ApiError> {
    let query = items::table
        .find((target.code(), target_id))
        .select(items::all_columns);
    Ok(match conn {
        AnyConnection::Postgresql(pg) => query.for_update().first::<ItemRow>(pg).optional()?,
        AnyConnection::Sqlite(_) => query.first::<ItemRow>(conn).optional()?,
    })
}

/// The reason each hidden item among `ids` is hidden; items shown are absent.
pub fn removed(
    conn: &mut AnyConnection,
    target: TargetType,
    ids: &[String],
) -> Result<HashMap<String, String>, ApiError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, Option<String>)> = items::table
        .filter(items::target_type.eq(target.code()))
        .filter(items::target_id.eq_any(ids))
        .filter(items::hidden.eq(true))
        .select((items::target_id, items::hidden_reason))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, reason)| (id, reason.unwrap_or_default()))
        .collect())
}

/// Whether one item is hidden.
pub fn is_hidden(
    conn: &mut AnyConnection,
    target: TargetType,
    target_id: &str,
) -> Result<bool, ApiError> {
    Ok(items::table
        .find((target.code(), target_id))
        .select(items::hidden)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

/// Records a hide or restore in the item's history.
pub fn log(
    conn: &mut AnyConnection,
    item: &ItemRow,
    action: &str,
    reason: &str,
    actor: Option<&str>,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(moderation_actions::table)
        .values((
            moderation_actions::id.eq(new_id()),
            moderation_actions::target_type.eq(&item.target_type),
            moderation_actions::target_id.eq(&item.target_id),
            moderation_actions::action.eq(action),
            moderation_actions::reason.eq(reason),
            moderation_actions::actor_id.eq(actor),
            moderation_actions::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Hides the item with a reason people are shown; `by` is the moderator, or `None` when
/// reports hid it. It stays in the queue until a moderator decides.
pub fn hide(
    conn: &mut AnyConnection,
    item: &ItemRow,
    reason: &str,
    by: Option<&str>,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(items::table.find((&item.target_type, &item.target_id)))
        .set((
            items::hidden.eq(true),
            items::hidden_reason.eq(reason),
            items::hidden_by.eq(by),
            items::hidden_at.eq(at),
            items::flagged_at.eq(item.flagged_at.unwrap_or(at)),
        ))
        .execute(conn)?;
    log(
        conn,
        item,
        if by.is_some() {
            "hide"
        } else {
            "hide_by_reports"
        },
        reason,
        by,
        at,
    )
}

/// Shows the item again and starts a new round, so earlier reports no longer count and
/// their reporters may report it again.
pub fn restore(
    conn: &mut AnyConnection,
    item: &ItemRow,
    reason: &str,
    by: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(items::table.find((&item.target_type, &item.target_id)))
        .set((
            items::hidden.eq(false),
            items::hidden_reason.eq(None::<String>),
            items::hidden_by.eq(None::<String>),
            items::hidden_at.eq(None::<NaiveDateTime>),
            items::flagged_at.eq(None::<NaiveDateTime>),
            items::round.eq(item.round + 1),
            items::report_count.eq(0),
        ))
        .execute(conn)?;
    log(conn, item, "restore", reason, Some(by), at)
}
