//! The append-only ledger. Entries are only inserted, in the same transaction as the change
//! they record, with a per-idea gapless `seq` taken under the idea's lock; the database
//! refuses updates and deletes.

use diesel::prelude::*;
use serde_json::Value;

use crate::db::schema::{ideas, ledger_entries};
use crate::db::{now, utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::pledge::LedgerEntry;

/// An entry about to be appended.
pub struct Entry {
    /// What happened.
    pub kind: String,
    /// The pledge and its organisation, if the entry is about one.
    pub pledge: Option<(String, String)>,
    /// The change to the idea's counting total.
    pub bp_delta: i64,
    /// Details.
    pub data: Value,
}

/// Appends an entry (taking the idea's next `seq`) and returns its `seq`.
pub fn append(
    conn: &mut AnyConnection,
    idea_id: &str,
    kind: &str,
    pledge: Option<(&str, &str)>,
    bp_delta: i64,
    data: Value,
) -> Result<i64, ApiError> {
    let seq: i64 = diesel::update(ideas::table.find(idea_id))
        .set(ideas::ledger_seq.eq(ideas::ledger_seq + 1))
        .returning(ideas::ledger_seq)
        .get_result(conn)?;
    let entry = Entry {
        kind: kind.to_string(),
        pledge: pledge.map(|(p, o)| (p.to_string(), o.to_string())),
        bp_delta,
        data,
    };
    insert(conn, idea_id, seq, entry)?;
    Ok(seq)
}

/// Inserts an entry at `seq`, which the caller has already taken from the idea's row.
pub fn insert(
    conn: &mut AnyConnection,
    idea_id: &str,
    seq: i64,
    entry: Entry,
) -> Result<(), ApiError> {
    let (pledge_id, organisation_id) = entry.pledge.unzip();
    diesel::insert_into(ledger_entries::table)
        .values((
            ledger_entries::idea_id.eq(idea_id),
            ledger_entries::seq.eq(seq),
            ledger_entries::at.eq(now()),
            ledger_entries::kind.eq(entry.kind),
            ledger_entries::pledge_id.eq(pledge_id),
            ledger_entries::organisation_id.eq(organisation_id),
            ledger_entries::bp_delta.eq(entry.bp_delta),
            ledger_entries::data.eq(entry.data.to_string()),
        ))
        .execute(conn)?;
    Ok(())
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
