//! The public idea list: filters, three orders and keyset pagination that stays flat as
//! ideas grow (each order has an index on `(status, key, id)`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::cmp::Ordering;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::repo::hydrate;
use super::rows::IdeaRow;
use crate::db::schema::{idea_service_areas as areas, ideas, organisations};
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::organisations::repo::lower;
use cc2i_shared::idea::{Idea, IdeaQuery, IdeaSort};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::page::DEFAULT_LIMIT;
use cc2i_shared::Page;

type Backend = <AnyConnection as diesel::Connection>::Backend;

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

enum Key {
    Time(NaiveDateTime),
    Number(i64),
}

fn encode_cursor(sort: IdeaSort, row: &IdeaRow) -> String {
    let key = match sort {
        IdeaSort::Newest => row
            .published_at
            .unwrap_or(row.created_at)
            .format(TIME_FORMAT)
            .to_string(),
        IdeaSort::ClosingSoon => row.deadline.format(TIME_FORMAT).to_string(),
        IdeaSort::MostFunded => row.pledged_bp.to_string(),
    };
    URL_SAFE_NO_PAD.encode(format!("{}\u{1f}{key}\u{1f}{}", sort.code(), row.id))
}

fn decode_cursor(sort: IdeaSort, cursor: &str) -> Result<(Key, String), ApiError> {
    let bad = || ApiError::field("cursor", "is not a cursor from this list and order");
    let text = URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(bad)?;
    let mut parts = text.split('\u{1f}');
    let (Some(code), Some(key), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if code != sort.code() {
        return Err(bad());
    }
    let key = match sort {
        IdeaSort::MostFunded => Key::Number(key.parse().map_err(|_| bad())?),
        _ => Key::Time(NaiveDateTime::parse_from_str(key, TIME_FORMAT).map_err(|_| bad())?),
    };
    Ok((key, id.to_string()))
}

/// The public statuses, in lifecycle order.
pub fn public_statuses() -> Vec<&'static str> {
    IdeaStatus::ALL
        .iter()
        .filter(|s| s.is_public())
        .map(|s| s.code())
        .collect()
}

/// A page of public ideas. Each public status is read on its own, in index order (the
/// `(status, key, id)` indexes), and the per-status pages are merged: one query over all
/// public statuses would have to sort every matching row to find the first page.
pub fn list(conn: &mut AnyConnection, query: IdeaQuery) -> Result<Page<Idea>, ApiError> {
    let limit = i64::from(query.limit.unwrap_or(DEFAULT_LIMIT));
    let sort = query.sort.unwrap_or_default();
    let statuses = match query.status {
        Some(status) if status.is_public() => vec![status.code()],
        Some(_) => {
            return Err(ApiError::field(
                "status",
                "must be a public status: drafts and ideas in review are not listed",
            ))
        }
        None => public_statuses(),
    };
    let cursor = match query.cursor.as_deref() {
        Some(cursor) => Some(decode_cursor(sort, cursor)?),
        None => None,
    };
    let mut rows = Vec::new();
    for status in statuses {
        let select = filtered(&query, sort, cursor.as_ref())?
            .filter(ideas::status.eq(status))
            .limit(limit + 1);
        rows.extend(select.load::<IdeaRow>(conn)?);
    }
    rows.sort_by(|a, b| order(sort, a, b));
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| encode_cursor(sort, r))
    } else {
        None
    };
    Ok(Page {
        items: hydrate(conn, rows)?,
        next_cursor,
    })
}

/// The list's order, as the queries sort: the key, then the id.
fn order(sort: IdeaSort, a: &IdeaRow, b: &IdeaRow) -> Ordering {
    match sort {
        IdeaSort::Newest => (b.published_at, &b.id).cmp(&(a.published_at, &a.id)),
        IdeaSort::ClosingSoon => (a.deadline, &a.id).cmp(&(b.deadline, &b.id)),
        IdeaSort::MostFunded => (b.pledged_bp, &b.id).cmp(&(a.pledged_bp, &a.id)),
    }
}

/// Public ideas matching the query's filters after the cursor, in the list's order.
fn filtered(
    query: &IdeaQuery,
    sort: IdeaSort,
    cursor: Option<&(Key, String)>,
) -> Result<ideas::BoxedQuery<'static, Backend>, ApiError> {
    let mut select = ideas::table.select(ideas::all_columns).into_boxed();
    if let Some(area) = query.service_area {
        select = select.filter(
            ideas::id.eq_any(
                areas::table
                    .filter(areas::service_area.eq(area.code()))
                    .select(areas::idea_id),
            ),
        );
    }
    if let Some(kind) = query.organisation_kind {
        select = select.filter(
            ideas::organisation_id.eq_any(
                organisations::table
                    .filter(organisations::kind.eq(kind.code()))
                    .select(organisations::id),
            ),
        );
    }
    if let Some(region) = query.region {
        select = select.filter(
            ideas::organisation_id.eq_any(
                organisations::table
                    .filter(organisations::region.eq(region.code()))
                    .select(organisations::id),
            ),
        );
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let escaped = q
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        select = select.filter(
            lower(ideas::title)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(ideas::summary).like(pattern).escape('\\')),
        );
    }
    if let Some((key, id)) = cursor {
        let id = id.clone();
        select = match (sort, key) {
            (IdeaSort::Newest, Key::Time(t)) => select.filter(
                ideas::published_at
                    .lt(*t)
                    .or(ideas::published_at.eq(*t).and(ideas::id.lt(id))),
            ),
            (IdeaSort::ClosingSoon, Key::Time(t)) => select.filter(
                ideas::deadline
                    .gt(*t)
                    .or(ideas::deadline.eq(*t).and(ideas::id.gt(id))),
            ),
            (IdeaSort::MostFunded, Key::Number(n)) => select.filter(
                ideas::pledged_bp
                    .lt(*n)
                    .or(ideas::pledged_bp.eq(*n).and(ideas::id.lt(id))),
            ),
            _ => {
                return Err(ApiError::field(
                    "cursor",
                    "is not a cursor from this list and order",
                ))
            }
        };
    }
    Ok(match sort {
        IdeaSort::Newest => select.order((ideas::published_at.desc(), ideas::id.desc())),
        IdeaSort::ClosingSoon => select.order((ideas::deadline.asc(), ideas::id.asc())),
        IdeaSort::MostFunded => select.order((ideas::pledged_bp.desc(), ideas::id.desc())),
    })
}

/// An organisation's ideas, newest first: every status for its members and platform
/// admins, public ones for everyone else.
pub fn of_organisation(
    conn: &mut AnyConnection,
    org_id: &str,
    include_private: bool,
) -> Result<Vec<Idea>, ApiError> {
    let mut select = ideas::table
        .filter(ideas::organisation_id.eq(org_id))
        .select(ideas::all_columns)
        .into_boxed();
    if !include_private {
        select = select.filter(ideas::status.eq_any(public_statuses()));
    }
    let rows = select
        .order((ideas::created_at.desc(), ideas::id.desc()))
        .limit(200)
        .load::<IdeaRow>(conn)?;
    hydrate(conn, rows)
}

/// Ideas waiting for review, oldest submission first.
pub fn review_queue(conn: &mut AnyConnection) -> Result<Vec<Idea>, ApiError> {
    let rows = ideas::table
        .filter(ideas::status.eq(IdeaStatus::InReview.code()))
        .order((ideas::submitted_at.asc(), ideas::id.asc()))
        .select(ideas::all_columns)
        .limit(200)
        .load::<IdeaRow>(conn)?;
    hydrate(conn, rows)
}
