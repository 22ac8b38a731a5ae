//! The append-only ledger. Entries are only inserted, in the same transaction as the change
//! they record, with a per-idea gapless `seq` taken under the idea's lock; the database
//! refuses updates and deletes.

use diesel::prelude::*;
use serde_json::Value;

use crate::db::schema::{ideas, ledger_entries};
use crate::db::{now, utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::pledge::LedgerEntry;

/// Appends an entry and returns its `seq`.
pub fn append(
    conn: &mut AnyConnection,
    idea_id: &str,
    kind: &str,
    pledge: Option<(&str, &str)>,
    bp_delta: i64,
    data: Value,
) -> Result<i64, ApiError> {
    diesel::update(ideas::table.find(idea_id))
        .set(ideas::ledger_seq.eq(ideas::ledger_seq + 1))
        .execute(conn)?;
    let seq: i64 = ideas::table
        .find(idea_id)
        .select(ideas::ledger_seq)
        .first(conn)?;
    diesel::insert_into(ledger_entries::table)
        .values((
            ledger_entries::idea_id.eq(idea_id),
            ledger_entries::seq.eq(seq),
            ledger_entries::at.eq(now()),
            ledger_entries::kind.eq(kind),
            ledger_entries::pledge_id.eq(pledge.map(|p| p.0)),
            ledger_entries::organisation_id.eq(pledge.map(|p| p.1)),
            ledger_entries::bp_delta.eq(bp_delta),
            ledger_entries::data.eq(data.to_string()),
        ))
        .execute(conn)?;
    Ok(seq)
}

type EntryRow = (
    String,
    i64,
    chrono::NaiveDateTime,
    String,
    Option<String>,
    Option<String>,
    i64,
    String,
);

/// Entries after `after_seq`, oldest first.
pub fn page(
    conn: &mut AnyConnection,
    idea_id: &str,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<LedgerEntry>, ApiError> {
    let rows = ledger_entries::table
        .filter(ledger_entries::idea_id.eq(idea_id))
        .filter(ledger_entries::seq.gt(after_seq))
        .order(ledger_entries::seq.asc())
        .limit(limit)
        .load::<EntryRow>(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(idea_id, seq, at, kind, pledge_id, organisation_id, bp_delta, data)| LedgerEntry {
                seq,
                at: utc(at),
                kind,
                idea_id,
                pledge_id,
                organisation_id,
                bp_delta,
                data: serde_json::from_str(&data).unwrap_or(Value::Null),
            },
        )
        .collect())
}

/// The counting total recomputed from the ledger alone.
pub fn total_bp(conn: &mut AnyConnection, idea_id: &str) -> Result<i64, ApiError> {
    let deltas: Vec<i64> = ledger_entries::table
        .filter(ledger_entries::idea_id.eq(idea_id))
        .select(ledger_entries::bp_delta)
        .load(conn)?;
    Ok(deltas.into_iter().sum())
}
