//! Registration and password-reset requests. Each is stored and answered at once, the same
//! way whatever the address (so neither the answer nor its timing tells whether an account
//! exists), then worked through: right after the answer by the process that took it, and by
//! the scheduler for any a crashed process left. Working one through is claimed with a
//! guarded update in the same transaction as its effect, so each is done exactly once.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::account_tokens::{self, Purpose};
use super::repo;
use crate::db::schema::account_requests as requests;
use crate::db::{new_id, AnyConnection, Db};
use crate::email::outbox::{enqueue, AccountEmail, Content};
use crate::error::ApiError;
use cc2i_shared::PlatformRole;

/// At most this many emails per address and kind of request within [`EMAIL_WINDOW_MINUTES`]:
/// nobody can flood someone's inbox through these forms.
pub const EMAILS_PER_WINDOW: i64 = 3;
/// The window for [`EMAILS_PER_WINDOW`].
pub const EMAIL_WINDOW_MINUTES: i64 = 60;

/// What someone asked for.
#[derive(Debug, Clone)]
pub enum Request {
    /// Create an account (the password already hashed).
    Register {
        /// The name to show.
        display_name: String,
        /// The password's hash.
        password_hash: String,
    },
    /// Email a password reset link.
    ResetPassword,
}

/// Stores a request for `email`; the same work whether or not it has an account.
pub fn store(
    conn: &mut AnyConnection,
    email: &str,
    request: Request,
    at: NaiveDateTime,
) -> Result<String, ApiError> {
    let id = new_id();
    let (kind, display_name, password_hash) = match request {
        Request::Register {
            display_name,
            password_hash,
        } => ("register", Some(display_name), Some(password_hash)),
        Request::ResetPassword => ("reset_password", None, None),
    };
    diesel::insert_into(requests::table)
        .values((
            requests::id.eq(&id),
            requests::kind.eq(kind),
            requests::email.eq(repo::normalise_email(email)),
            requests::display_name.eq(display_name),
            requests::password_hash.eq(password_hash),
            requests::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(id)
}

type Stored = (
    String,
    String,
    Option<String>,
    Option<String>,
    NaiveDateTime,
);

/// Works one request through, if nobody has: creates the account and its verification
/// email, or tells an existing account holder someone tried to register with their address,
/// or emails a reset link. Returns true if an email was queued.
pub fn process(conn: &mut AnyConnection, id: &str, at: NaiveDateTime) -> Result<bool, ApiError> {
    let pending = || requests::table.find(id).filter(requests::done_at.is_null());
    let Some((kind, email, display_name, password_hash, created_at)) = pending()
        .select((
            requests::kind,
            requests::email,
            requests::display_name,
            requests::password_hash,
            requests::created_at,
        ))
        .first::<Stored>(conn)
        .optional()?
    else {
        return Ok(false);
    };
    // The hash is kept only until the account exists.
    let claimed = diesel::update(pending())
        .set((
            requests::done_at.eq(Some(at)),
            requests::password_hash.eq(None::<String>),
        ))
        .execute(conn)?;
    if claimed == 0 {
        return Ok(false);
    }
    let since = created_at - TimeDelta::minutes(EMAIL_WINDOW_MINUTES);
    let recent: i64 = requests::table
        .filter(requests::email.eq(&email))
        .filter(requests::kind.eq(&kind))
        .filter(requests::created_at.gt(since))
        .filter(requests::created_at.le(created_at))
        .count()
        .get_result(conn)?;
    if recent > EMAILS_PER_WINDOW {
        tracing::info!(request = %id, "account email not sent: too many requests for the address");
        return Ok(false);
    }
    let existing = repo::find_by_email(conn, &email)?;
    let (user_id, to, content) = match (kind.as_str(), existing) {
        ("register", Some(user)) => (
            user.id,
            user.email,
            AccountEmail::AlreadyRegistered {
                name: user.display_name,
            },
        ),
        ("register", None) => {
            let (Some(name), Some(hash)) = (display_name, password_hash) else {
                return Ok(false);
            };
            let user = match repo::insert(conn, &email, &name, hash, PlatformRole::User, None) {
                Ok(user) => user,
                // Registered a moment ago by another request: that one sent the link.
                Err(ApiError::Conflict { .. }) => return Ok(false),
                Err(e) => return Err(e),
            };
            let token_id =
                account_tokens::issue(conn, &user.id, Purpose::VerifyEmail, &user.email, at)?;
            (
                user.id,
                user.email,
                AccountEmail::VerifyEmail {
                    name: user.display_name,
                    token_id,
                },
            )
        }
        ("reset_password", Some(user)) => {
            let token_id =
                account_tokens::issue(conn, &user.id, Purpose::ResetPassword, &user.email, at)?;
            (
                user.id,
                user.email,
                AccountEmail::ResetPassword {
                    name: user.display_name,
                    token_id,
                },
            )
        }
        _ => return Ok(false),
    };
    enqueue(conn, Some(&user_id), &to, &Content::Account(content))?;
    Ok(true)
}

/// Requests not yet worked through, oldest first (a crashed process's, or the test clock's).
pub fn pending(conn: &mut AnyConnection, limit: i64) -> Result<Vec<String>, ApiError> {
    Ok(requests::table
        .filter(requests::done_at.is_null())
        .order(requests::created_at.asc())
        .select(requests::id)
        .limit(limit)
        .load(conn)?)
}

/// Works through every pending request as of `at`; returns how many queued an email.
pub async fn process_pending(db: &Db, at: NaiveDateTime) -> Result<u32, ApiError> {
    let mut emailed = 0;
    loop {
        let ids = db.read(|conn| pending(conn, 100)).await?;
        if ids.is_empty() {
            return Ok(emailed);
        }
        for id in ids {
            if db
                .write_unlisted(move |conn| process(conn, &id, at))
                .await?
            {
                emailed += 1;
            }
        }
    }
}
