//! Every release of every funded-or-later idea, newest last, in pages.

use chrono::{DateTime, NaiveDateTime};
use diesel::prelude::*;

use super::facts::{self, PUBLISHED};
use super::release::{releases, Release};
use crate::db::schema::{delivery_milestones, idea_delivery, ideas};
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;

/// Where a page starts: after this release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The last release's date.
    pub date: NaiveDateTime,
    /// The last release's id.
    pub id: String,
}

impl Cursor {
    /// `<unix microseconds>.<release id>`.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.date.and_utc().timestamp_micros(), self.id)
    }

    /// Reads [`Cursor::encode`]'s form.
    pub fn decode(raw: &str) -> Option<Cursor> {
        let (micros, id) = raw.split_once('.')?;
        let date = DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
        (!id.is_empty()).then(|| Cursor {
            date,
            id: id.to_string(),
        })
    }
}

/// Releases dated at or after `since` and after `cursor`, ordered by date then id: up to
/// `limit` of them, and whether there are more.
pub fn page(
    conn: &mut AnyConnection,
    prefix: &str,
    since: NaiveDateTime,
    cursor: Option<&Cursor>,
    limit: usize,
) -> Result<(Vec<Release>, bool), ApiError> {
    let codes: Vec<&str> = PUBLISHED.iter().map(|s| s.code()).collect();
    let from = cursor.map_or(since, |c| c.date.max(since));
    let ids = changed_since(conn, &codes, from)?;
    let mut rows: Vec<IdeaRow> = Vec::new();
    // In chunks: a query's bound parameters are limited (32766 on SQLite).
    for chunk in ids.chunks(500) {
        rows.extend(
            ideas::table
                .filter(ideas::status.eq_any(&codes))
                .filter(ideas::id.eq_any(chunk))
                .select(ideas::all_columns)
                .load::<IdeaRow>(conn)?,
        );
    }
    let mut all: Vec<Release> = Vec::new();
    for row in rows {
        let facts = facts::load(conn, row)?;
        all.extend(releases(&facts, prefix).into_iter().filter(|r| {
            r.date >= since
                && cursor.is_none_or(|c| (r.date, r.id.as_str()) > (c.date, c.id.as_str()))
        }));
    }
    all.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let more = all.len() > limit;
    all.truncate(limit);
    Ok((all, more))
}

/// The ideas with an event at or after `from` (so possibly a release to show): closed
/// funded then (or, unrecorded, with a deadline then), delivery started or accepted then, or
/// a milestone planned or decided then. Polling with a recent `since` reads only these.
fn changed_since(
    conn: &mut AnyConnection,
    codes: &[&str],
    from: NaiveDateTime,
) -> Result<Vec<String>, ApiError> {
    let mut ids: Vec<String> = ideas::table
        .filter(ideas::status.eq_any(codes))
        .filter(
            ideas::closed_at
                .ge(from)
                .or(ideas::closed_at.is_null().and(ideas::deadline.ge(from))),
        )
        .select(ideas::id)
        .load(conn)?;
    ids.extend(
        idea_delivery::table
            .filter(
                idea_delivery::started_at
                    .ge(from)
                    .or(idea_delivery::delivered_at.ge(from)),
            )
            .select(idea_delivery::idea_id)
            .load::<String>(conn)?,
    );
    ids.extend(
        delivery_milestones::table
            .filter(
                delivery_milestones::created_at
                    .ge(from)
                    .or(delivery_milestones::decided_at.ge(from)),
            )
            .select(delivery_milestones::idea_id)
            .load::<String>(conn)?,
    );
    ids.sort();
    ids.dedup();
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn cursors_round_trip() {
        let c = Cursor {
            date: chrono::DateTime::from_timestamp_micros(1_795_000_000_123_456)
                .expect("in range")
                .naive_utc(),
            id: "ocds-cc2i01-0193.x-funded".into(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("nonsense"), None);
        assert_eq!(Cursor::decode("12."), None);
        assert_eq!(Cursor::decode("x.y"), None);
    }
}
