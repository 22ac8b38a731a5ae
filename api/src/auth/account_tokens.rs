//! Single-use links sent by email (verify an address, reset a password, confirm a new
//! address). A row is made when the email is queued; the token itself is made only when the
//! email is built ([`arm`]), and only its SHA-256 is stored, so the database never holds a
//! working link. A newer link of the same purpose replaces the older ones.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::account_tokens as tokens;
use crate::db::{new_id, AnyConnection};
use crate::error::ApiError;
use crate::secret::{random_token, sha256_hex};
use cc2i_shared::FieldErrors;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Prove a new account's address.
    VerifyEmail,
    /// Choose a new password.
    ResetPassword,
    /// Prove a new address before the account moves to it.
    ChangeEmail,
}

impl Purpose {
    /// The database code.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeEmail => "change_email",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        [
            Purpose::VerifyEmail,
            Purpose::ResetPassword,
            Purpose::ChangeEmail,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }

    /// How long the link works.
    pub fn lifetime(self) -> TimeDelta {
        match self {
            Purpose::VerifyEmail | Purpose::ChangeEmail => {
                TimeDelta::hours(cc2i_shared::account::VERIFY_EMAIL_HOURS)
            }
            Purpose::ResetPassword => {
                TimeDelta::minutes(cc2i_shared::account::RESET_PASSWORD_MINUTES)
            }
        }
    }
}

/// A link that was just used.
#[derive(Debug, Clone)]
pub struct Used {
    /// The account.
    pub user_id: String,
    /// What it was for.
    pub purpose: Purpose,
    /// The address it was sent to.
    pub email: String,
}

/// Makes a link row for `user_id` (its token comes when the email is built); earlier unused
/// links of the same purpose stop working.
pub fn issue(
    conn: &mut AnyConnection,
    user_id: &str,
    purpose: Purpose,
    email: &str,
    at: NaiveDateTime,
) -> Result<String, ApiError> {
    diesel::update(
        tokens::table
            .filter(tokens::user_id.eq(user_id))
            .filter(tokens::purpose.eq(purpose.code()))
            .filter(tokens::used_at.is_null())
            .filter(tokens::expires_at.gt(at)),
    )
    .set(tokens::expires_at.eq(at))
    .execute(conn)?;
    let id = new_id();
    diesel::insert_into(tokens::table)
        .values((
            tokens::id.eq(&id),
            tokens::user_id.eq(user_id),
            tokens::purpose.eq(purpose.code()),
            tokens::email.eq(email),
            tokens::created_at.eq(at),
            tokens::expires_at.eq(at + purpose.lifetime()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A fresh token for the link row `id`, as the email that carries it is built; only its hash
/// is stored (a resent email gets a new token and the old one stops working).
pub fn arm(conn: &mut AnyConnection, id: &str) -> Result<String, ApiError> {
    let token = random_token();
    diesel::update(tokens::table.find(id).filter(tokens::used_at.is_null()))
        .set(tokens::token_hash.eq(Some(sha256_hex(&token))))
        .execute(conn)?;
    Ok(token)
}

fn refused(code: &'static str, message: &str) -> ApiError {
    let mut errors = FieldErrors::new();
    errors.insert("token".into(), vec![message.into()]);
    ApiError::FieldRefused {
        code,
        detail: message.into(),
        errors,
    }
}

/// Uses the link with this token for one of `purposes`, once: 422 `token_invalid` (unknown,
/// tampered, or for something else), `token_expired` or `token_used`. The use is a
/// conditional update, so two requests with the same token cannot both succeed.
pub fn consume(
    conn: &mut AnyConnection,
    token: &str,
    purposes: &[Purpose],
    at: NaiveDateTime,
) -> Result<Used, ApiError> {
    let invalid = || {
        refused(
            "token_invalid",
            "This link is not one CC2i sent, or it was copied wrongly. Use the link in the email, or ask for a new one.",
        )
    };
    let row: Option<(
        String,
        String,
        String,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
    )> = tokens::table
        .filter(tokens::token_hash.eq(sha256_hex(token.trim())))
        .select((
            tokens::id,
            tokens::user_id,
            tokens::purpose,
            tokens::email,
            tokens::expires_at,
            tokens::used_at,
        ))
        .first(conn)
        .optional()?;
    let (id, user_id, purpose, email, expires_at, used_at) = row.ok_or_else(invalid)?;
    let purpose = Purpose::from_code(&purpose)
        .filter(|p| purposes.contains(p))
        .ok_or_else(invalid)?;
    if used_at.is_some() {
        return Err(refused(
            "token_used",
            "This link has already been used. Ask for a new one if you need it.",
        ));
    }
    if expires_at <= at {
        return Err(refused(
            "token_expired",
            "This link has expired. Ask for a new one.",
        ));
    }
    let taken = diesel::update(tokens::table.find(&id).filter(tokens::used_at.is_null()))
        .set(tokens::used_at.eq(Some(at)))
        .execute(conn)?;
    if taken == 0 {
        return Err(refused(
            "token_used",
            "This link has already been used. Ask for a new one if you need it.",
        ));
    }
    Ok(Used {
        user_id,
        purpose,
        email,
    })
}

/// Every unused link of `purpose` for the account stops working.
pub fn revoke(
    conn: &mut AnyConnection,
    user_id: &str,
    purpose: Purpose,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(
        tokens::table
            .filter(tokens::user_id.eq(user_id))
            .filter(tokens::purpose.eq(purpose.code()))
            .filter(tokens::used_at.is_null())
            .filter(tokens::expires_at.gt(at)),
    )
    .set(tokens::expires_at.eq(at))
    .execute(conn)?;
    Ok(())
}

/// When the account's links of `purpose` were made since `since`, and to which address,
/// newest first.
pub fn issued_since(
    conn: &mut AnyConnection,
    user_id: &str,
    purpose: Purpose,
    since: NaiveDateTime,
) -> Result<Vec<(NaiveDateTime, String)>, ApiError> {
    Ok(tokens::table
        .filter(tokens::user_id.eq(user_id))
        .filter(tokens::purpose.eq(purpose.code()))
        .filter(tokens::created_at.gt(since))
        .order(tokens::created_at.desc())
        .select((tokens::created_at, tokens::email))
        .load(conn)?)
}
