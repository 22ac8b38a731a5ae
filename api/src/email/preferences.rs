//! Each person's email cadence; no row means the default, daily.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::notification_preferences as prefs;
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::notification::EmailCadence;

fn parse(code: &str) -> EmailCadence {
    EmailCadence::from_code(code).unwrap_or_default()
}

/// The cadence of each of `user_ids` (the default for those without a row).
pub fn cadences(
    conn: &mut AnyConnection,
    user_ids: &[String],
) -> Result<HashMap<String, EmailCadence>, ApiError> {
    let mut out: HashMap<String, EmailCadence> = user_ids
        .iter()
        .map(|id| (id.clone(), EmailCadence::default()))
        .collect();
    for (id, code) in prefs::table
        .filter(prefs::user_id.eq_any(user_ids))
        .select((prefs::user_id, prefs::email))
        .load::<(String, String)>(conn)?
    {
        out.insert(id, parse(&code));
    }
    Ok(out)
}

/// One person's cadence and when their last digest was queued.
pub fn get(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<(EmailCadence, Option<NaiveDateTime>), ApiError> {
    Ok(prefs::table
        .find(user_id)
        .select((prefs::email, prefs::last_digest_at))
        .first::<(String, Option<NaiveDateTime>)>(conn)
        .optional()?
        .map_or((EmailCadence::default(), None), |(code, last)| {
            (parse(&code), last)
        }))
}

/// Sets a person's cadence (idempotent).
pub fn set(conn: &mut AnyConnection, user_id: &str, cadence: EmailCadence) -> Result<(), ApiError> {
    let at = now();
    let updated = diesel::update(prefs::table.find(user_id))
        .set((prefs::email.eq(cadence.code()), prefs::updated_at.eq(at)))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(prefs::table)
            .values((
                prefs::user_id.eq(user_id),
                prefs::email.eq(cadence.code()),
                prefs::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records that a digest was queued for the person at `at`.
pub fn mark_digest(
    conn: &mut AnyConnection,
    user_id: &str,
    cadence: EmailCadence,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let updated = diesel::update(prefs::table.find(user_id))
        .set(prefs::last_digest_at.eq(Some(at)))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(prefs::table)
            .values((
                prefs::user_id.eq(user_id),
                prefs::email.eq(cadence.code()),
                prefs::last_digest_at.eq(Some(at)),
                prefs::updated_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}
