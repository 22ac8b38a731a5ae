//! The writes that look after an account: verifying an address, resending the link,
//! changing the address, resetting a forgotten password. Each runs in one transaction and
//! queues its email in it, so a refused change sends nothing.

use chrono::{NaiveDateTime, TimeDelta};

use super::account_tokens::{self, Purpose};
use super::repo;
use super::rows::UserRow;
use crate::db::AnyConnection;
use crate::email::outbox::{enqueue, AccountEmail, Content};
use crate::error::ApiError;
use cc2i_shared::account::EmailVerified;

/// A person may ask for a new link at most once a minute...
pub const RESEND_GAP_SECONDS: i64 = 60;
/// ...and at most this many times a day.
pub const RESENDS_PER_DAY: usize = 5;

fn account(conn: &mut AnyConnection, user_id: &str) -> Result<UserRow, ApiError> {
    repo::find_by_id(conn, user_id)?.ok_or(ApiError::Unauthorized)
}

fn moved_on() -> ApiError {
    let mut errors = cc2i_shared::FieldErrors::new();
    errors.insert(
        "token".into(),
        vec!["This link was for an address the account no longer uses.".into()],
    );
    ApiError::FieldRefused {
        code: "token_invalid",
        detail: "This link was for an address the account no longer uses.".into(),
        errors,
    }
}

/// Uses a verification link: verifies a new account's address, or moves the account to the
/// new address it confirms (telling the old one).
pub fn verify_email(
    conn: &mut AnyConnection,
    token: &str,
    at: NaiveDateTime,
) -> Result<EmailVerified, ApiError> {
    let used = account_tokens::consume(
        conn,
        token,
        &[Purpose::VerifyEmail, Purpose::ChangeEmail],
        at,
    )?;
    let user = repo::find_by_id(conn, &used.user_id)?.ok_or_else(moved_on)?;
    match used.purpose {
        Purpose::ChangeEmail => {
            repo::set_email(conn, &user.id, &used.email, at)?;
            enqueue(
                conn,
                Some(&user.id),
                &user.email,
                &Content::Account(AccountEmail::EmailChanged {
                    name: user.display_name,
                    new_email: used.email.clone(),
                }),
            )?;
        }
        _ => {
            if user.email != used.email {
                return Err(moved_on());
            }
            repo::mark_verified(conn, &user.id, at)?;
        }
    }
    Ok(EmailVerified { email: used.email })
}

/// 429 `too_many_requests` when the person asked for a link of `purpose` to `email` under a
/// minute ago, or for [`RESENDS_PER_DAY`] links of `purpose` in the last day.
fn check_resend(
    conn: &mut AnyConnection,
    user_id: &str,
    purpose: Purpose,
    email: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let recent = account_tokens::issued_since(conn, user_id, purpose, at - TimeDelta::days(1))?;
    let gap = TimeDelta::seconds(RESEND_GAP_SECONDS);
    let same = recent.iter().find(|(_, to)| to == email).map(|(t, _)| *t);
    let wait = match (same, recent.last()) {
        (Some(newest), _) if newest > at - gap => newest + gap - at,
        (_, Some((oldest, _))) if recent.len() >= RESENDS_PER_DAY => {
            *oldest + TimeDelta::days(1) - at
        }
        _ => return Ok(()),
    };
    Err(ApiError::Throttled {
        code: "too_many_requests",
        detail: "We sent you a link a moment ago. Check your email, including spam, before asking for another.".into(),
        retry_after_seconds: wait.num_seconds().max(1) as u64,
    })
}

/// Emails a new verification link to an unverified account: 409 `already_verified`, 429
/// `too_many_requests` when asked too often.
pub fn resend_verification(
    conn: &mut AnyConnection,
    user_id: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let user = account(conn, user_id)?;
    if user.email_verified() {
        return Err(ApiError::conflict(
            "already_verified",
            "Your email address is already confirmed.",
        ));
    }
    check_resend(conn, &user.id, Purpose::VerifyEmail, &user.email, at)?;
    let token_id = account_tokens::issue(conn, &user.id, Purpose::VerifyEmail, &user.email, at)?;
    enqueue(
        conn,
        Some(&user.id),
        &user.email,
        &Content::Account(AccountEmail::VerifyEmail {
            name: user.display_name,
            token_id,
        }),
    )?;
    Ok(())
}

/// Emails a link to the new address; the account moves there once it is used. An address
/// another account has gets a note saying so instead (the answer is the same, so nobody
/// learns through this which addresses have accounts).
pub fn request_email_change(
    conn: &mut AnyConnection,
    user_id: &str,
    new_email: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let user = account(conn, user_id)?;
    let new_email = repo::normalise_email(new_email);
    if new_email == user.email {
        return Err(ApiError::field(
            "new_email",
            "is already your email address",
        ));
    }
    check_resend(conn, &user.id, Purpose::ChangeEmail, &new_email, at)?;
    // Issued either way, so the limit above counts every request.
    let token_id = account_tokens::issue(conn, &user.id, Purpose::ChangeEmail, &new_email, at)?;
    match repo::find_by_email(conn, &new_email)? {
        Some(other) => {
            account_tokens::revoke(conn, &user.id, Purpose::ChangeEmail, at)?;
            enqueue(
                conn,
                Some(&other.id),
                &other.email,
                &Content::Account(AccountEmail::AlreadyRegistered {
                    name: other.display_name,
                }),
            )?;
        }
        None => {
            enqueue(
                conn,
                Some(&user.id),
                &new_email,
                &Content::Account(AccountEmail::ConfirmNewEmail {
                    name: user.display_name,
                    token_id,
                }),
            )?;
        }
    }
    Ok(())
}

/// Uses a reset link: sets the new password, signs the account out everywhere, counts the
/// address as verified (the link proved it), clears its failed sign-ins and tells the person.
/// Returns the account's id.
pub fn reset_password(
    conn: &mut AnyConnection,
    token: &str,
    password_hash: String,
    at: NaiveDateTime,
) -> Result<String, ApiError> {
    let used = account_tokens::consume(conn, token, &[Purpose::ResetPassword], at)?;
    let user = repo::find_by_id(conn, &used.user_id)?.ok_or_else(moved_on)?;
    if user.email != used.email {
        return Err(moved_on());
    }
    repo::set_password(conn, &user.id, password_hash)?;
    repo::mark_verified(conn, &user.id, at)?;
    account_tokens::revoke(conn, &user.id, Purpose::ResetPassword, at)?;
    super::throttle::clear_account(conn, &user.email)?;
    super::sessions::end_all(conn, &user.id, at)?;
    enqueue(
        conn,
        Some(&user.id),
        &user.email,
        &Content::Account(AccountEmail::PasswordChanged {
            name: user.display_name,
        }),
    )?;
    Ok(user.id)
}
