//! Idempotency keys (as Stripe and the IETF Idempotency-Key draft do it): the first
//! response to a key is stored with the change it describes and replayed byte for byte.
//!
//! The key's answer is stored in the same transaction as the change, so an acknowledged
//! pledge always has its stored answer and an unacknowledged one left nothing behind.
//! Before that, the key is leased in a short transaction of its own (`idempotency_leases`),
//! so a duplicate arriving on any replica while the first runs gets 409
//! `request_in_progress` at once; the lease expires if its replica dies.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use chrono::TimeDelta;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::idempotency_keys as keys;
use crate::db::schema::idempotency_leases as leases;
use crate::db::{new_id, now, AnyConnection, Db};
use crate::error::ApiError;

/// Keys are kept at least this long.
pub const KEEP_HOURS: i64 = 72;

/// The request's `Idempotency-Key`: 16 to 128 characters of `[A-Za-z0-9_-]`.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub String);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = match req.headers().get("idempotency-key").map(|v| v.to_str()) {
            None => Err(ApiError::BadRequest {
                code: "idempotency_key_missing",
                detail: "Send an Idempotency-Key header (16 to 128 letters, digits, - or _) so a retry cannot pledge twice.".into(),
            }),
            Some(Ok(key)) if (16..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') => {
                Ok(IdempotencyKey(key.to_string()))
            }
            Some(_) => Err(ApiError::BadRequest {
                code: "idempotency_key_invalid",
                detail: "The Idempotency-Key must be 16 to 128 letters, digits, - or _.".into(),
            }),
        };
        std::future::ready(result)
    }
}

/// A fingerprint of what was asked, so a key cannot be reused for a different request.
pub fn fingerprint(path: &str, body: &impl serde::Serialize) -> String {
    let mut hash = Sha256::new();
    hash.update(path.as_bytes());
    hash.update([0]);
    hash.update(serde_json::to_vec(body).unwrap_or_default());
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What to do with a request.
pub enum Claim {
    /// Go ahead: nobody has answered this key yet. The answer is stored by [`finish`] in
    /// the same transaction as the change.
    Fresh,
    /// Already answered: send this again.
    Replay { status: u16, body: String },
}

/// Says whether this user's key was answered before (and how), inside the caller's
/// transaction. The key is stored by [`finish`] together with the change and its answer,
/// so a request that dies before committing leaves nothing behind and can simply be
/// retried; a concurrent duplicate on another connection fails to store the same key, its
/// transaction rolls back, and it replays the first answer instead.
pub fn claim(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    hash: &str,
) -> Result<Claim, ApiError> {
    let existing = keys::table
        .find((user_id, key))
        .select((
            keys::request_hash,
            keys::response_status,
            keys::response_body,
        ))
        .first::<(String, Option<i32>, Option<String>)>(conn)
        .optional()?;
    match existing {
        None => Ok(Claim::Fresh),
        Some((stored, _, _)) if stored != hash => Err(ApiError::Unprocessable {
            code: "idempotency_key_reused",
            detail: "This Idempotency-Key was already used with a different request. Use a new key for a new request.".into(),
        }),
        Some((_, Some(status), Some(body))) => Ok(Claim::Replay { status: status as u16, body }),
        Some(_) => Err(in_progress()),
    }
}

/// The stored answer for a key, if it has one.
pub fn stored(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
) -> Result<Option<(u16, String)>, ApiError> {
    let row = keys::table
        .find((user_id, key))
        .select((keys::response_status, keys::response_body))
        .first::<(Option<i32>, Option<String>)>(conn)
        .optional()?;
    Ok(match row {
        Some((Some(status), Some(body))) => Some((status as u16, body)),
        _ => None,
    })
}

/// How long a lease on a key lasts. A request still running after this no longer keeps a
/// duplicate out (the key's unique index still stops a second pledge); a replica that died
/// mid-request stops blocking its key after this.
pub const LEASE_SECONDS: i64 = 10;

/// What to do before starting the work for a key.
pub enum Begin {
    /// Go ahead: this request holds the key's lease (its `holder` id) until [`release`].
    Leased(String),
    /// Already answered: send this again.
    Replay { status: u16, body: String },
}

/// Claims the key for this request, in its own short transaction that the caller commits
/// before doing the work, so a duplicate on any replica sees it at once and gets 409
/// `request_in_progress` instead of queueing behind the first. A lease past its
/// `locked_until` (its replica died mid-request) is taken over.
pub fn lease(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    hash: &str,
) -> Result<Begin, ApiError> {
    if let Claim::Replay { status, body } = claim(conn, user_id, key, hash)? {
        return Ok(Begin::Replay { status, body });
    }
    let holder = new_id();
    let at = now();
    let until = at + TimeDelta::seconds(LEASE_SECONDS);
    // Update first: on PostgreSQL a concurrent taker waits on the row and then finds it
    // no longer expired.
    let taken = diesel::update(
        leases::table
            .find((user_id, key))
            .filter(leases::locked_until.le(at)),
    )
    .set((leases::holder.eq(&holder), leases::locked_until.eq(until)))
    .execute(conn)?;
    if taken == 1 {
        return Ok(Begin::Leased(holder));
    }
    let held = leases::table
        .find((user_id, key))
        .count()
        .get_result::<i64>(conn)?;
    if held > 0 {
        return Err(in_progress());
    }
    // Last statement of the transaction: a concurrent insert of the same key makes it fail
    // (and roll back) as `request_in_progress`.
    diesel::insert_into(leases::table)
        .values((
            leases::user_id.eq(user_id),
            leases::idem_key.eq(key),
            leases::holder.eq(&holder),
            leases::locked_until.eq(until),
        ))
        .execute(conn)
        .map_err(taken_meanwhile)?;
    Ok(Begin::Leased(holder))
}

/// Gives up this request's lease on the key (a lease taken over meanwhile is left alone).
pub fn release(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    holder: &str,
) -> Result<(), ApiError> {
    diesel::delete(
        leases::table
            .find((user_id, key))
            .filter(leases::holder.eq(holder)),
    )
    .execute(conn)?;
    Ok(())
}

/// Releases a lease when dropped, unless [`LeaseGuard::disarm`] says a committed
/// transaction already did; so a request that fails, or whose client goes away, frees its
/// key at once instead of after [`LEASE_SECONDS`].
pub struct LeaseGuard {
    db: Db,
    user_id: String,
    key: String,
    holder: String,
    armed: bool,
}

impl LeaseGuard {
    /// Guards the lease `holder` holds on the user's key.
    pub fn new(db: Db, user_id: &str, key: &str, holder: &str) -> Self {
        LeaseGuard {
            db,
            user_id: user_id.to_string(),
            key: key.to_string(),
            holder: holder.to_string(),
            armed: true,
        }
    }

    /// The lease was released by a transaction that committed.
    pub fn disarm(&mut self) {
        self.armed = false;
    }
}

impl Drop for LeaseGuard {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let db = self.db.clone();
        let (user_id, key, holder) = (
            std::mem::take(&mut self.user_id),
            std::mem::take(&mut self.key),
            std::mem::take(&mut self.holder),
        );
        runtime.spawn(async move {
            if let Err(e) = db
                .write_unlisted(move |conn| release(conn, &user_id, &key, &holder))
                .await
            {
                tracing::warn!(error = %e, "could not release an idempotency lease; it expires");
            }
        });
    }
}

/// True for the error a concurrent duplicate gets.
pub fn is_in_progress(e: &ApiError) -> bool {
    matches!(
        e,
        ApiError::Conflict {
            code: "request_in_progress",
            ..
        }
    )
}

fn in_progress() -> ApiError {
    ApiError::conflict(
        "request_in_progress",
        "A request with this Idempotency-Key is still being processed. Retry shortly.",
    )
}

/// An insert of the key (or its lease) that lost to a concurrent duplicate is
/// `request_in_progress`; any other database error stays what it is.
fn taken_meanwhile(e: diesel::result::Error) -> ApiError {
    if crate::error::is_unique_violation(&e) {
        in_progress()
    } else {
        e.into()
    }
}

/// Stores the key with its answer, in the same transaction as the change it describes.
/// A key stored meanwhile by a concurrent duplicate fails with `request_in_progress`,
/// rolling this transaction back.
pub fn finish(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    hash: &str,
    status: u16,
    body: &str,
) -> Result<(), ApiError> {
    diesel::insert_into(keys::table)
        .values((
            keys::user_id.eq(user_id),
            keys::idem_key.eq(key),
            keys::request_hash.eq(hash),
            keys::created_at.eq(now()),
            keys::response_status.eq(Some(i32::from(status))),
            keys::response_body.eq(Some(body)),
        ))
        .execute(conn)
        .map_err(taken_meanwhile)?;
    Ok(())
}

/// Forgets keys older than [`KEEP_HOURS`], and leases left an hour past their expiry by
/// replicas that died mid-request.
pub fn prune(conn: &mut AnyConnection) -> Result<usize, ApiError> {
    let at = now();
    let keys =
        diesel::delete(keys::table.filter(keys::created_at.lt(at - TimeDelta::hours(KEEP_HOURS))))
            .execute(conn)?;
    let leases =
        diesel::delete(leases::table.filter(leases::locked_until.lt(at - TimeDelta::hours(1))))
            .execute(conn)?;
    Ok(keys + leases)
}

/// The stored answer as a response, marked as a replay.
pub fn replay(status: u16, body: String) -> HttpResponse {
    let status =
        actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::OK);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        "application/problem+json"
    };
    HttpResponse::build(status)
        .insert_header(("Idempotent-Replayed", "true"))
        .content_type(content_type)
        .body(body)
}
