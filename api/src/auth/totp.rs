//! Authenticator apps (TOTP, RFC 6238, through the `totp-rs` crate): 6 digits, 30-second
//! steps, codes of the step before and after accepted too. A code works once: accepting it
//! moves the factor's `last_step` forward with a conditional update, so the same code (or an
//! older one) fails afterwards, even when two requests race. Confirming the app makes ten
//! recovery codes ([`super::recovery`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::RngCore;
use totp_rs::{Builder, Secret, Totp};

use crate::db::schema::totp_factors;
use crate::db::AnyConnection;
use crate::error::ApiError;

fn totp(secret_base32: &str, account: &str) -> Result<Totp, ApiError> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|_| ApiError::Internal("a stored TOTP secret is not base32".into()))?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some("CC2i"))
        .with_account_name(account)
        .build()
        .map_err(|e| ApiError::Internal(format!("TOTP: {e}")))
}

/// A new secret of 160 random bits, base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    Secret::from(bytes.to_vec()).to_base32()
}

/// The `otpauth://` address an authenticator app reads (from a QR code or typed in).
pub fn otpauth_url(secret_base32: &str, account: &str) -> Result<String, ApiError> {
    totp(secret_base32, account)?
        .to_url()
        .map_err(|e| ApiError::Internal(format!("TOTP: {e}")))
}

/// The code an app shows at `at` (for tests and the demo).
pub fn code_at(secret_base32: &str, at: NaiveDateTime) -> Result<String, ApiError> {
    Ok(totp(secret_base32, "x")?
        .generate(at.and_utc().timestamp().max(0) as u64)
        .to_string())
}

/// The step a code is for, if it is right at `at` (within one step either side).
pub fn matching_step(secret_base32: &str, code: &str, at: NaiveDateTime) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    totp(secret_base32, "x")
        .ok()?
        .check(&code, at.and_utc().timestamp().max(0) as u64)
        .map(|step| step as i64)
}

/// Starts (or restarts) enrolment with a new secret; 409 `mfa_already_enrolled` once an app
/// is confirmed.
pub fn start(
    conn: &mut AnyConnection,
    user_id: &str,
    at: NaiveDateTime,
) -> Result<String, ApiError> {
    let existing: Option<Option<NaiveDateTime>> = totp_factors::table
        .find(user_id)
        .select(totp_factors::confirmed_at)
        .first(conn)
        .optional()?;
    if existing.flatten().is_some() {
        return Err(ApiError::conflict(
            "mfa_already_enrolled",
            "You already use an authenticator app. To move to a new one, use a recovery code or ask CC2i support to reset it.",
        ));
    }
    let secret = new_secret();
    diesel::delete(totp_factors::table.find(user_id)).execute(conn)?;
    diesel::insert_into(totp_factors::table)
        .values((
            totp_factors::user_id.eq(user_id),
            totp_factors::secret.eq(&secret),
            totp_factors::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(secret)
}

fn wrong_code() -> ApiError {
    ApiError::field(
        "code",
        "Enter the 6-digit code your authenticator app shows now",
    )
}

/// Uses a code once: the newest step accepted moves forward, so the same code fails again.
/// `confirmed` chooses between the confirmed factor (signing in, stepping up) and the one
/// being enrolled. Wrong or reused: 422 on `code`.
pub fn use_code(
    conn: &mut AnyConnection,
    user_id: &str,
    code: &str,
    confirmed: bool,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let factor: Option<(String, Option<NaiveDateTime>)> = totp_factors::table
        .find(user_id)
        .select((totp_factors::secret, totp_factors::confirmed_at))
        .first(conn)
        .optional()?;
    let Some((secret, confirmed_at)) = factor else {
        return Err(wrong_code());
    };
    if confirmed_at.is_some() != confirmed {
        return Err(wrong_code());
    }
    let step = matching_step(&secret, code, at).ok_or_else(wrong_code)?;
    let taken = diesel::update(
        totp_factors::table
            .find(user_id)
            .filter(totp_factors::last_step.lt(step)),
    )
    .set(totp_factors::last_step.eq(step))
    .execute(conn)?;
    if taken == 0 {
        return Err(wrong_code());
    }
    Ok(())
}

/// Confirms the app being enrolled and makes ten new recovery codes (shown once).
pub fn confirm(
    conn: &mut AnyConnection,
    user_id: &str,
    code: &str,
    at: NaiveDateTime,
) -> Result<Vec<String>, ApiError> {
    use_code(conn, user_id, code, false, at)?;
    diesel::update(totp_factors::table.find(user_id))
        .set(totp_factors::confirmed_at.eq(Some(at)))
        .execute(conn)?;
    super::recovery::replace(conn, user_id, at)
}

/// Adds an authenticator app already confirmed, with no recovery codes (for demo data made
/// through the seed, whose secret is published with the demo password).
pub fn enrol_confirmed(
    conn: &mut AnyConnection,
    user_id: &str,
    secret_base32: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::delete(totp_factors::table.find(user_id)).execute(conn)?;
    diesel::insert_into(totp_factors::table)
        .values((
            totp_factors::user_id.eq(user_id),
            totp_factors::secret.eq(secret_base32),
            totp_factors::created_at.eq(at),
            totp_factors::confirmed_at.eq(Some(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// True when the person has a confirmed second factor.
pub fn enrolled(conn: &mut AnyConnection, user_id: &str) -> Result<bool, ApiError> {
    let confirmed: Option<Option<NaiveDateTime>> = totp_factors::table
        .find(user_id)
        .select(totp_factors::confirmed_at)
        .first(conn)
        .optional()?;
    Ok(confirmed.flatten().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_own_step_and_the_neighbours_only() {
        let secret = new_secret();
        let at = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        let code = code_at(&secret, at).unwrap();
        assert_eq!(matching_step(&secret, &code, at), Some(1_800_000_000 / 30));
        let later = at + chrono::TimeDelta::seconds(30);
        assert!(matching_step(&secret, &code, later).is_some());
        let much_later = at + chrono::TimeDelta::seconds(90);
        assert!(matching_step(&secret, &code, much_later).is_none());
        assert!(matching_step(&secret, "000000x", at).is_none());
    }

    /// RFC 6238 appendix B, SHA-1 at T = 59 s: 94287082, of which the last six digits.
    #[test]
    fn codes_follow_the_rfc_6238_test_vector() {
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        let at = chrono::DateTime::from_timestamp(59, 0).unwrap().naive_utc();
        assert_eq!(code_at(&secret, at).unwrap(), "287082");
        let at = chrono::DateTime::from_timestamp(1_111_111_109, 0)
            .unwrap()
            .naive_utc();
        assert_eq!(code_at(&secret, at).unwrap(), "081804");
    }
}
