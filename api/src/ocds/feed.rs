//! Every release of every funded-or-later idea, newest last, in pages.

use chrono::{DateTime, NaiveDateTime};
use diesel::prelude::*;

use super::facts::{self, PUBLISHED};
use super::release::{releases, Release};
use crate::db::schema::ideas;
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
    let rows = ideas::table
        .filter(ideas::status.eq_any(codes))
        .order(ideas::id.asc())
        .select(ideas::all_columns)
        .load::<IdeaRow>(conn)?;
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
