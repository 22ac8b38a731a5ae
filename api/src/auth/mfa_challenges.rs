//! The second step of signing in: once the password proved right, an account with a second
//! factor gets a single-use token (five minutes, only its SHA-256 stored) to finish with a
//! code.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::mfa_challenges as challenges;
use crate::db::{new_id, AnyConnection};
use crate::error::ApiError;
use crate::secret::{random_token, sha256_hex};

/// How long the second step may take.
pub const MINUTES: i64 = 5;

/// A new challenge for `user_id`; returns its token.
pub fn issue(
    conn: &mut AnyConnection,
    user_id: &str,
    at: NaiveDateTime,
) -> Result<String, ApiError> {
    let token = random_token();
    diesel::delete(challenges::table.filter(challenges::expires_at.le(at))).execute(conn)?;
    diesel::insert_into(challenges::table)
        .values((
            challenges::id.eq(new_id()),
            challenges::token_hash.eq(sha256_hex(&token)),
            challenges::user_id.eq(user_id),
            challenges::created_at.eq(at),
            challenges::expires_at.eq(at + TimeDelta::minutes(MINUTES)),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The account a live, unused challenge is for (read-only).
pub fn user_of(
    conn: &mut AnyConnection,
    token: &str,
    at: NaiveDateTime,
) -> Result<String, ApiError> {
    challenges::table
        .filter(challenges::token_hash.eq(sha256_hex(token)))
        .filter(challenges::used_at.is_null())
        .filter(challenges::expires_at.gt(at))
        .select(challenges::user_id)
        .first::<String>(conn)
        .optional()?
        .ok_or(ApiError::MfaChallengeInvalid)
}

/// Uses the challenge once (a conditional update: two requests cannot both finish it).
pub fn finish(conn: &mut AnyConnection, token: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    let taken = diesel::update(
        challenges::table
            .filter(challenges::token_hash.eq(sha256_hex(token)))
            .filter(challenges::used_at.is_null())
            .filter(challenges::expires_at.gt(at)),
    )
    .set(challenges::used_at.eq(Some(at)))
    .execute(conn)?;
    if taken == 0 {
        return Err(ApiError::MfaChallengeInvalid);
    }
    Ok(())
}
