//! Queries on the audit log. Rows are only ever inserted, read, and (by the retention job)
//! deleted once expired: the database's triggers refuse anything else.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;

use crate::db::schema::audit_log as log;
use crate::db::{new_id, utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::audit::{ActorType, AuditEntry, AuditQuery};

/// A row to insert.
pub struct NewEntry<'a> {
    pub at: NaiveDateTime,
    pub actor_type: &'a str,
    pub actor_id: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
    pub action: &'a str,
    pub target_type: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub before: Option<&'a Value>,
    pub after: Option<&'a Value>,
    pub request_id: Option<&'a str>,
    pub expires_at: NaiveDateTime,
}

/// Appends one row.
pub fn insert(conn: &mut AnyConnection, e: &NewEntry<'_>) -> Result<(), ApiError> {
    diesel::insert_into(log::table)
        .values((
            log::id.eq(new_id()),
            log::at.eq(e.at),
            log::actor_type.eq(e.actor_type),
            log::actor_id.eq(e.actor_id),
            log::organisation_id.eq(e.organisation_id),
            log::action.eq(e.action),
            log::target_type.eq(e.target_type),
            log::target_id.eq(e.target_id),
            log::before_value.eq(e.before.map(Value::to_string)),
            log::after_value.eq(e.after.map(Value::to_string)),
            log::request_id.eq(e.request_id),
            log::expires_at.eq(e.expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

type Row = (
    String,
    NaiveDateTime,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn entry(row: Row) -> AuditEntry {
    let json = |v: Option<String>| v.and_then(|t| serde_json::from_str(&t).ok());
    AuditEntry {
        id: row.0,
        at: utc(row.1),
        actor_type: ActorType::from_code(&row.2),
        actor_id: row.3,
        organisation_id: row.4,
        action: row.5,
        target_type: row.6,
        target_id: row.7,
        before: json(row.8),
        after: json(row.9),
        request_id: row.10,
    }
}

/// Up to `limit` entries matching `q`, newest first (ids are time-ordered), of one
/// organisation or (with `None`) of all; and whether there are more.
pub fn page(
    conn: &mut AnyConnection,
    organisation_id: Option<&str>,
    q: &AuditQuery,
    limit: i64,
) -> Result<(Vec<AuditEntry>, bool), ApiError> {
    let mut query = log::table.into_boxed();
    if let Some(org) = organisation_id {
        query = query.filter(log::organisation_id.eq(org.to_string()));
    }
    if let Some(actor) = &q.actor {
        query = query.filter(log::actor_id.eq(actor.clone()));
    }
    if let Some(action) = &q.action {
        query = match action.strip_suffix('.') {
            Some(prefix) => query.filter(log::action.like(format!("{prefix}.%"))),
            None => query.filter(log::action.eq(action.clone())),
        };
    }
    if let Some(target) = &q.target {
        query = query.filter(log::target_id.eq(target.clone()));
    }
    if let Some(from) = q.from {
        query = query.filter(log::at.ge(from.naive_utc()));
    }
    if let Some(to) = q.to {
        query = query.filter(log::at.lt(to.naive_utc()));
    }
    if let Some(cursor) = &q.cursor {
        query = query.filter(log::id.lt(cursor.clone()));
    }
    let mut rows: Vec<Row> = query
        .order(log::id.desc())
        .limit(limit + 1)
        .select((
            log::id,
            log::at,
            log::actor_type,
            log::actor_id,
            log::organisation_id,
            log::action,
            log::target_type,
            log::target_id,
            log::before_value,
            log::after_value,
            log::request_id,
        ))
        .load(conn)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    Ok((rows.into_iter().map(entry).collect(), more))
}

/// Deletes entries that have expired. Judged on the wall clock, not the test clock: the
/// database's own guard compares with its clock, and refuses to delete anything younger.
pub fn prune(conn: &mut AnyConnection) -> Result<usize, ApiError> {
    let now = crate::db::now();
    Ok(diesel::delete(log::table.filter(log::expires_at.le(now))).execute(conn)?)
}
