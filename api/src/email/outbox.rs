//! The outbox: every email to send, written in the same transaction as what it announces.
//! A sender claims rows (a guarded update, so two senders never take the same row),
//! delivers them and marks them sent; a claim left by a crashed sender expires.

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::preferences;
use crate::db::schema::{email_digest_queue, email_outbox as outbox, users};
use crate::db::{new_id, now, AnyConnection};
use crate::error::ApiError;
use crate::notifications::repo::Message;
use cc2i_shared::notification::EmailCadence;

/// A claim older than this is taken to be a crashed sender's, and the row is sent again.
pub const CLAIM_MINUTES: i64 = 10;
/// A message that failed this many times is given up.
pub const MAX_ATTEMPTS: i32 = 8;

/// One notification as an email shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// A path in the app.
    pub link: String,
    /// When it happened.
    pub created_at: NaiveDateTime,
}

/// An invitation to someone without an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationEmail {
    /// The idea.
    pub idea_id: String,
    /// Its title.
    pub idea_title: String,
    /// Its summary.
    pub idea_summary: String,
    /// The proposing organisation.
    pub proposer: String,
    /// Who sent it.
    pub inviter: String,
    /// Their message.
    pub message: Option<String>,
}

/// What an email says; rendered when it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Content {
    /// One notification (immediate), or a digest of several.
    Notifications {
        /// The cadence of a digest; absent for a single notification.
        digest: Option<EmailCadence>,
        /// Oldest first.
        items: Vec<Item>,
    },
    /// An invitation with a sign-up link.
    Invitation(InvitationEmail),
    /// About the account itself (links to verify or reset, security notices): sent whatever
    /// the person's email settings, without an unsubscribe link.
    Account(AccountEmail),
}

/// An email about the account itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "email", rename_all = "snake_case")]
pub enum AccountEmail {
    /// Verify a new account's address.
    VerifyEmail {
        /// The person's name.
        name: String,
        /// The link's row in `account_tokens` (its token is made as the email is built).
        token_id: String,
    },
    /// Confirm a new address for an existing account.
    ConfirmNewEmail {
        /// The person's name.
        name: String,
        /// The link's row.
        token_id: String,
    },
    /// Choose a new password.
    ResetPassword {
        /// The person's name.
        name: String,
        /// The link's row.
        token_id: String,
    },
    /// Someone tried to register (or move another account to) this address, which already
    /// has an account.
    AlreadyRegistered {
        /// The account holder's name.
        name: String,
    },
    /// The password was reset and every session signed out.
    PasswordChanged {
        /// The person's name.
        name: String,
    },
    /// An organisation invites the person to join.
    MembershipInvitation {
        /// The person's name.
        name: String,
        /// The organisation's name.
        organisation: String,
        /// The role offered ("Admin", say).
        role: String,
        /// Who invited them.
        invited_by: String,
    },
    /// Platform staff removed the person's second factor (and signed them out).
    SecondFactorRemoved {
        /// The person's name.
        name: String,
    },
    /// The account now signs in with another address (sent to the old one).
    EmailChanged {
        /// The person's name.
        name: String,
        /// The address it moved to.
        new_email: String,
    },
}

impl AccountEmail {
    /// The link row whose token the email carries, if any.
    pub fn token_id(&self) -> Option<&str> {
        match self {
            AccountEmail::VerifyEmail { token_id, .. }
            | AccountEmail::ConfirmNewEmail { token_id, .. }
            | AccountEmail::ResetPassword { token_id, .. } => Some(token_id),
            _ => None,
        }
    }
}

impl Content {
    fn kind(&self) -> &'static str {
        match self {
            Content::Notifications { digest: None, .. } => "notification",
            Content::Notifications { .. } => "digest",
            Content::Invitation(_) => "invitation",
            Content::Account(_) => "account",
        }
    }
}

/// Queues an email.
pub fn enqueue(
    conn: &mut AnyConnection,
    user_id: Option<&str>,
    to: &str,
    content: &Content,
) -> Result<String, ApiError> {
    let id = new_id();
    let json = serde_json::to_string(content)
        .map_err(|e| ApiError::Internal(format!("email content: {e}")))?;
    diesel::insert_into(outbox::table)
        .values((
            outbox::id.eq(&id),
            outbox::user_id.eq(user_id),
            outbox::to_address.eq(to),
            outbox::kind.eq(content.kind()),
            outbox::content.eq(json),
            outbox::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A row of `email_digest_queue` as written.
#[derive(Insertable)]
#[diesel(table_name = email_digest_queue)]
struct NewQueued<'a> {
    notification_id: &'a str,
    user_id: &'a str,
    created_at: NaiveDateTime,
}

/// After notifications were written (`(user id, notification id, message)`): an email now
/// for people on `immediate`, a place in the digest queue for `daily` and `weekly`.
pub fn after_notify(
    conn: &mut AnyConnection,
    written: &[(&str, &str, &Message)],
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    if written.is_empty() {
        return Ok(());
    }
    let mut ids: Vec<String> = written.iter().map(|(u, _, _)| u.to_string()).collect();
    ids.sort();
    ids.dedup();
    let cadences = preferences::cadences(conn, &ids)?;
    let cadence = |user: &str| cadences.get(user).copied().unwrap_or_default();
    let immediate: Vec<&String> = ids
        .iter()
        .filter(|id| cadence(id) == EmailCadence::Immediate)
        .collect();
    let addresses: HashMap<String, String> = if immediate.is_empty() {
        HashMap::new()
    } else {
        users::table
            .filter(users::id.eq_any(&immediate))
            .select((users::id, users::email))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect()
    };
    let mut queued = Vec::new();
    for (user_id, notification_id, message) in written {
        match cadence(user_id) {
            EmailCadence::Immediate => {
                let Some(to) = addresses.get(*user_id) else {
                    continue;
                };
                let item = Item {
                    title: message.title.clone(),
                    body: message.body.clone(),
                    link: message.link.clone(),
                    created_at: at,
                };
                enqueue(
                    conn,
                    Some(user_id),
                    to,
                    &Content::Notifications {
                        digest: None,
                        items: vec![item],
                    },
                )?;
            }
            EmailCadence::Daily | EmailCadence::Weekly => queued.push(NewQueued {
                notification_id,
                user_id,
                created_at: at,
            }),
            EmailCadence::Off => {}
        }
    }
    crate::insert_batch!(conn, email_digest_queue::table, &queued)?;
    Ok(())
}

/// A claimed row, ready to deliver.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The outbox id (also the message's file name and Message-ID).
    pub id: String,
    /// The claim that must match to mark it.
    pub claim: String,
    /// The recipient's account, if they have one.
    pub user_id: Option<String>,
    /// The address.
    pub to: String,
    /// What to say.
    pub content: Content,
    /// The single-use token of an account link, made as the row was claimed.
    pub link_token: Option<String>,
}

type Row = (String, Option<String>, String, String);

/// Claims up to `limit` unsent rows, oldest first.
pub fn claim(conn: &mut AnyConnection, limit: i64) -> Result<Vec<Claimed>, ApiError> {
    let at = now();
    let stale = at - TimeDelta::minutes(CLAIM_MINUTES);
    let claimable = || {
        outbox::sent_at
            .is_null()
            .and(outbox::failed_at.is_null())
            .and(
                outbox::claimed_at
                    .is_null()
                    .or(outbox::claimed_at.lt(stale)),
            )
    };
    let rows: Vec<Row> = outbox::table
        .filter(claimable())
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .limit(limit)
        .select((
            outbox::id,
            outbox::user_id,
            outbox::to_address,
            outbox::content,
        ))
        .load(conn)?;
    let mut out = Vec::new();
    for (id, user_id, to, json) in rows {
        let claim = new_id();
        let taken = diesel::update(outbox::table.find(&id).filter(claimable()))
            .set((
                outbox::claimed_at.eq(Some(at)),
                outbox::claim.eq(Some(&claim)),
                outbox::attempts.eq(outbox::attempts + 1),
            ))
            .execute(conn)?;
        if taken == 0 {
            continue;
        }
        match serde_json::from_str::<Content>(&json) {
            Ok(content) => {
                let link_token = match &content {
                    Content::Account(email) => match email.token_id() {
                        Some(token_id) => Some(crate::auth::account_tokens::arm(conn, token_id)?),
                        None => None,
                    },
                    _ => None,
                };
                out.push(Claimed {
                    id,
                    claim,
                    user_id,
                    to,
                    content,
                    link_token,
                })
            }
            Err(e) => {
                diesel::update(outbox::table.find(&id))
                    .set((
                        outbox::failed_at.eq(Some(at)),
                        outbox::last_error.eq(Some(format!("unreadable content: {e}"))),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(out)
}

/// Marks a claimed row sent; false if the claim was lost (another sender took it over).
pub fn mark_sent(conn: &mut AnyConnection, id: &str, claim: &str) -> Result<bool, ApiError> {
    Ok(diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::claim.eq(claim))
            .filter(outbox::sent_at.is_null()),
    )
    .set(outbox::sent_at.eq(Some(now())))
    .execute(conn)?
        == 1)
}

/// Records a failed delivery. The claim stays, so the row is tried again when it expires
/// (every [`CLAIM_MINUTES`]), until [`MAX_ATTEMPTS`] have failed.
pub fn mark_failed(
    conn: &mut AnyConnection,
    id: &str,
    claim: &str,
    error: &str,
) -> Result<(), ApiError> {
    let attempts: i32 = outbox::table
        .find(id)
        .select(outbox::attempts)
        .first(conn)?;
    let give_up = attempts >= MAX_ATTEMPTS;
    diesel::update(outbox::table.find(id).filter(outbox::claim.eq(claim)))
        .set((
            outbox::last_error.eq(Some(error.chars().take(500).collect::<String>())),
            outbox::failed_at.eq(give_up.then(now)),
        ))
        .execute(conn)?;
    Ok(())
}
