//! The moderation queue: everything reported since its last restore, or hidden, with its
//! full text and reports, most recently flagged first.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::state::ItemRow;
use crate::db::schema::{
    idea_updates as updates, ideas, moderation_items as items, organisations, questions, reports,
};
use crate::db::{utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::moderation::{voices, ModerationItem, QueueFilter, ReportSummary, TargetType};
use cc2i_shared::Page;

/// What was written: organisation, title, body, answer, when.
type Content = (
    String,
    Option<String>,
    String,
    Option<String>,
    NaiveDateTime,
);

fn cursor_of(item: &ItemRow) -> String {
    let at = item.flagged_at.unwrap_or(item.created_at);
    format!("{}_{}", at.and_utc().timestamp_micros(), item.target_id)
}

fn parse_cursor(cursor: &str) -> Result<(NaiveDateTime, String), ApiError> {
    let bad = || ApiError::field("cursor", "is not a cursor from this list");
    let (micros, id) = cursor.split_once('_').ok_or_else(bad)?;
    let micros: i64 = micros.parse().map_err(|_| bad())?;
    let at = chrono::DateTime::from_timestamp_micros(micros).ok_or_else(bad)?;
    Ok((at.naive_utc(), id.to_string()))
}

fn contents(
    conn: &mut AnyConnection,
    rows: &[ItemRow],
) -> Result<HashMap<(TargetType, String), Content>, ApiError> {
    let ids = |kind: TargetType| -> Vec<String> {
        rows.iter()
            .filter(|r| r.kind() == kind)
            .map(|r| r.target_id.clone())
            .collect()
    };
    let mut out = HashMap::new();
    let asked: Vec<(String, String, String, Option<String>, NaiveDateTime)> = questions::table
        .inner_join(organisations::table)
        .filter(questions::id.eq_any(ids(TargetType::Question)))
        .select((
            questions::id,
            organisations::name,
            questions::body,
            questions::answer,
            questions::created_at,
        ))
        .load(conn)?;
    for (id, org, body, answer, at) in asked {
        out.insert((TargetType::Question, id), (org, None, body, answer, at));
    }
    let posted: Vec<(String, String, String, String, NaiveDateTime)> = updates::table
        .inner_join(ideas::table.inner_join(organisations::table))
        .filter(updates::id.eq_any(ids(TargetType::Update)))
        .select((
            updates::id,
            organisations::name,
            updates::title,
            updates::body,
            updates::created_at,
        ))
        .load(conn)?;
    for (id, org, title, body, at) in posted {
        out.insert((TargetType::Update, id), (org, Some(title), body, None, at));
    }
    Ok(out)
}

/// The queue entries for these moderation rows.
pub fn describe(
    conn: &mut AnyConnection,
    rows: Vec<ItemRow>,
) -> Result<Vec<ModerationItem>, ApiError> {
    let mut written = contents(conn, &rows)?;
    let idea_ids: Vec<String> = rows.iter().map(|r| r.idea_id.clone()).collect();
    let titles: HashMap<String, String> = ideas::table
        .filter(ideas::id.eq_any(&idea_ids))
        .select((ideas::id, ideas::title))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let target_ids: Vec<String> = rows.iter().map(|r| r.target_id.clone()).collect();
    type ReportRow = (
        String,
        String,
        i32,
        String,
        Option<String>,
        Option<String>,
        NaiveDateTime,
    );
    let all_reports: Vec<ReportRow> = reports::table
        .left_join(organisations::table)
        .filter(reports::target_id.eq_any(&target_ids))
        .order((reports::created_at.desc(), reports::id.desc()))
        .select((
            reports::target_type,
            reports::target_id,
            reports::round,
            reports::reason,
            reports::organisation_id,
            organisations::name.nullable(),
            reports::created_at,
        ))
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let kind = row.kind();
        let Some((organisation_name, title, body, answer, created_at)) =
            written.remove(&(kind, row.target_id.clone()))
        else {
            continue;
        };
        let current: Vec<&ReportRow> = all_reports
            .iter()
            .filter(|r| r.0 == row.target_type && r.1 == row.target_id && r.2 == row.round)
            .collect();
        out.push(ModerationItem {
            target_type: kind,
            idea_title: titles.get(&row.idea_id).cloned().unwrap_or_default(),
            organisation_name,
            title,
            body,
            answer,
            created_at: utc(created_at),
            hidden: row.hidden,
            hidden_by_reports: row.hidden_by_reports(),
            removed_reason: row.hidden_reason.clone().filter(|_| row.hidden),
            needs_review: row.needs_review(),
            reporting_organisations: voices(current.iter().map(|r| r.4.as_deref())) as i64,
            reports: current
                .iter()
                .map(|r| ReportSummary {
                    reason: r.3.clone(),
                    organisation_name: r.5.clone(),
                    created_at: utc(r.6),
                })
                .collect(),
            target_id: row.target_id,
            idea_id: row.idea_id,
        });
    }
    Ok(out)
}

/// One entry, whether or not it is in the queue.
pub fn one(
    conn: &mut AnyConnection,
    target: TargetType,
    target_id: &str,
) -> Result<ModerationItem, ApiError> {
    let row: ItemRow = items::table
        .find((target.code(), target_id))
        .select(items::all_columns)
        .first(conn)?;
    describe(conn, vec![row])?.pop().ok_or(ApiError::NotFound)
}

/// A page of the queue.
pub fn list(
    conn: &mut AnyConnection,
    filter: Option<QueueFilter>,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Page<ModerationItem>, ApiError> {
    let mut query = items::table
        .filter(items::report_count.gt(0).or(items::hidden.eq(true)))
        .order((items::flagged_at.desc(), items::target_id.desc()))
        .select(items::all_columns)
        .limit(limit + 1)
        .into_boxed();
    match filter {
        Some(QueueFilter::Hidden) => query = query.filter(items::hidden.eq(true)),
        Some(QueueFilter::NeedsReview) => {
            query = query.filter(items::hidden.eq(false).or(items::hidden_by.is_null()))
        }
        None => {}
    }
    if let Some(cursor) = cursor {
        let (at, id) = parse_cursor(cursor)?;
        query = query.filter(
            items::flagged_at
                .lt(at)
                .or(items::flagged_at.eq(at).and(items::target_id.lt(id))),
        );
    }
    let mut rows: Vec<ItemRow> = query.load(conn)?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        rows.last().map(cursor_of)
    } else {
        None
    };
    Ok(Page {
        items: describe(conn, rows)?,
        next_cursor,
    })
}
