//! Platform staff remove a person's second factor when it is lost and no recovery code is
//! left: the app, passkeys and recovery codes go, every session and token of the person ends, the
//! person is emailed, and the reset is recorded (who, for whom, why) and logged. Staff cannot
//! reset their own: another admin must. Someone who must have a factor adds a new one before
//! acting again.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::repo;
use crate::db::schema::{mfa_resets, recovery_codes, totp_factors};
use crate::db::{new_id, utc, AnyConnection};
use crate::email::outbox::{enqueue, AccountEmail, Content};
use crate::error::ApiError;
use cc2i_shared::mfa::{ResetSecondFactor, SecondFactorReset};

/// Removes the factor of the account with `request.email`, by platform admin `staff_id`.
pub fn reset(
    conn: &mut AnyConnection,
    staff_id: &str,
    request: ResetSecondFactor,
    at: NaiveDateTime,
) -> Result<SecondFactorReset, ApiError> {
    let person = repo::find_by_email(conn, &request.email)?.ok_or_else(|| ApiError::Missing {
        code: "user_not_found",
        detail: "No CC2i account has that email address.".into(),
    })?;
    if person.id == staff_id {
        return Err(ApiError::Denied {
            code: "self_reset_forbidden",
            detail: "Another platform admin must reset your own second factor.".into(),
        });
    }
    // An app being added but not confirmed is no factor yet.
    if !super::factors::enrolled(conn, &person.id)? {
        return Err(ApiError::conflict(
            "mfa_not_enrolled",
            "That account has no second factor to reset.",
        ));
    }
    diesel::delete(totp_factors::table.find(&person.id)).execute(conn)?;
    super::passkeys::remove_all(conn, &person.id)?;
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(&person.id)))
        .execute(conn)?;
    repo::sign_out_everywhere(conn, &person.id)?;
    super::sessions::end_all(conn, &person.id, at)?;
    let reason = request.reason.trim().to_string();
    let id = new_id();
    diesel::insert_into(mfa_resets::table)
        .values((
            mfa_resets::id.eq(&id),
            mfa_resets::user_id.eq(&person.id),
            mfa_resets::reset_by.eq(staff_id),
            mfa_resets::reason.eq(&reason),
            mfa_resets::created_at.eq(at),
        ))
        .execute(conn)?;
    enqueue(
        conn,
        Some(&person.id),
        &person.email,
        &Content::Account(AccountEmail::SecondFactorRemoved {
            name: person.display_name.clone(),
        }),
    )?;
    tracing::info!(
        reset_id = %id,
        user_id = %person.id,
        reset_by = %staff_id,
        "second factor reset by platform staff"
    );
    Ok(SecondFactorReset {
        id,
        user_id: person.id,
        email: person.email,
        reset_by: staff_id.to_string(),
        reason,
        created_at: utc(at),
    })
}
