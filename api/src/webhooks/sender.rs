//! The sender: leases due deliveries (so two processes never post the same one at once,
//! and a dead process's lease expires), posts each signed event to its checked address,
//! records the attempt, and schedules the next one with exponential backoff and jitter
//! until 24 hours after the event, when the delivery is given up.

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use rand::Rng;

use super::signature;
use crate::db::schema::{
    webhook_attempts as attempts, webhook_deliveries as deliveries, webhook_events as events,
    webhooks,
};
use crate::db::{new_id, AnyConnection, Db};
use crate::error::ApiError;
use cc2i_shared::webhook::DeliveryStatus;

/// A 2xx must arrive within this long.
pub const TIMEOUT_SECS: u64 = 10;
/// Deliveries leased per round.
const BATCH: i64 = 16;
/// How long a lease lasts: longer than any attempt, short enough to recover quickly.
const LEASE_SECS: i64 = 120;
/// The first retry waits about this long; each further one twice as long.
const BASE_BACKOFF_SECS: i64 = 30;
/// The longest wait between attempts.
const MAX_BACKOFF_SECS: i64 = 2 * 60 * 60;

/// A leased delivery, ready to post.
#[derive(Debug, Clone)]
pub struct Leased {
    /// The delivery.
    pub id: String,
    /// The lease that must match to record the attempt.
    pub claim: String,
    /// Where to post.
    pub url: String,
    /// The signing secret.
    pub secret: String,
    /// The event id (`CC2i-Event-Id`).
    pub event_id: String,
    /// The JSON body.
    pub body: String,
}

/// How an attempt went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The HTTP status, if the endpoint answered.
    pub status_code: Option<i32>,
    /// Why it failed; `None` on a 2xx.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i64,
}

/// The wait before attempt `n + 1` after `n` failed attempts: 30 s doubling up to 2 h,
/// with up to 25% jitter either way.
pub fn backoff(failed: i32) -> TimeDelta {
    let exp = failed.clamp(1, 20) - 1;
    let base = (BASE_BACKOFF_SECS << exp).min(MAX_BACKOFF_SECS);
    let jitter = rand::rng().random_range(-(base / 4)..=(base / 4));
    TimeDelta::seconds(base + jitter)
}

macro_rules! due_ids {
    ($now:expr, $clock:expr, $limit:expr) => {
        deliveries::table
            .filter(deliveries::status.eq(DeliveryStatus::Pending.code()))
            .filter(deliveries::next_attempt_at.le($now))
            .filter(
                deliveries::lease_until
                    .is_null()
                    .or(deliveries::lease_until.lt($clock)),
            )
            .order((deliveries::next_attempt_at.asc(), deliveries::id.asc()))
            .select(deliveries::id)
            .limit($limit)
    };
}

/// Leases up to `limit` deliveries due as of `now` (on PostgreSQL the candidate rows are
/// locked with `FOR UPDATE SKIP LOCKED`; on both, the lease is a guarded update).
///
/// A lease runs [`LEASE_SECS`] from the real time it is taken, not from `now`: `now` is
/// when a round of deliveries began (or the instant a test asked for), and a long round
/// would otherwise take leases that had already expired, letting another replica post the
/// same delivery at the same time.
pub fn lease(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Leased>, ApiError> {
    let clock = crate::db::now();
    let ids: Vec<String> = match conn {
        AnyConnection::Postgresql(pg) => due_ids!(now, clock, limit)
            .for_update()
            .skip_locked()
            .load(pg)?,
        AnyConnection::Sqlite(lite) => due_ids!(now, clock, limit).load(lite)?,
    };
    let until = clock + TimeDelta::seconds(LEASE_SECS);
    let mut out = Vec::new();
    for id in ids {
        let claim = new_id();
        let taken = diesel::update(
            deliveries::table
                .find(&id)
                .filter(deliveries::status.eq(DeliveryStatus::Pending.code()))
                .filter(
                    deliveries::lease_until
                        .is_null()
                        .or(deliveries::lease_until.lt(clock)),
                ),
        )
        .set((
            deliveries::lease_until.eq(Some(until)),
            deliveries::claim.eq(Some(&claim)),
        ))
        .execute(conn)?;
        if taken == 0 {
            continue;
        }
        let (url, secret, event_id, body) = deliveries::table
            .inner_join(webhooks::table)
            .inner_join(events::table)
            .filter(deliveries::id.eq(&id))
            .select((webhooks::url, webhooks::secret, events::id, events::body))
            .first::<(String, String, String, String)>(conn)?;
        out.push(Leased {
            id,
            claim,
            url,
            secret,
            event_id,
            body,
        });
    }
    Ok(out)
}

/// Records an attempt made at `at` and moves the delivery on: delivered on success;
/// otherwise due again after [`backoff`], or failed when that would pass its give-up time.
/// A lost lease (another sender took over) records the attempt only.
pub fn record(
    conn: &mut AnyConnection,
    leased: &Leased,
    outcome: &Outcome,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let error = outcome
        .error
        .as_ref()
        .map(|e| e.chars().take(500).collect::<String>());
    diesel::insert_into(attempts::table)
        .values((
            attempts::id.eq(new_id()),
            attempts::delivery_id.eq(&leased.id),
            attempts::attempted_at.eq(at),
            attempts::status_code.eq(outcome.status_code),
            attempts::error.eq(&error),
            attempts::duration_ms.eq(outcome.duration_ms),
        ))
        .execute(conn)?;
    let Some((tried, give_up_at)) = deliveries::table
        .find(&leased.id)
        .filter(deliveries::claim.eq(&leased.claim))
        .select((deliveries::attempts, deliveries::give_up_at))
        .first::<(i32, NaiveDateTime)>(conn)
        .optional()?
    else {
        return Ok(());
    };
    let tried = tried + 1;
    let (status, next, completed) = if error.is_none() {
        (DeliveryStatus::Delivered, None, Some(at))
    } else {
        let next = at + backoff(tried);
        if next > give_up_at {
            (DeliveryStatus::Failed, None, Some(at))
        } else {
            (DeliveryStatus::Pending, Some(next), None)
        }
    };
    diesel::update(
        deliveries::table
            .find(&leased.id)
            .filter(deliveries::claim.eq(&leased.claim)),
    )
    .set((
        deliveries::status.eq(status.code()),
        deliveries::attempts.eq(tried),
        deliveries::next_attempt_at.eq(next),
        deliveries::completed_at.eq(completed),
        deliveries::last_status_code.eq(outcome.status_code),
        deliveries::last_error.eq(&error),
        deliveries::lease_until.eq(None::<NaiveDateTime>),
        deliveries::claim.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(())
}

/// Checks the URL again, resolves its host and checks every address, then posts the event
/// to a checked address (never following redirects).
pub async fn attempt(leased: &Leased, allow_private: bool) -> Outcome {
    let started = Instant::now();
    let result = post(leased, allow_private).await;
    let duration_ms = started.elapsed().as_millis().min(i64::MAX as u128) as i64;
    match result {
        Ok(code) if (200..300).contains(&code) => Outcome {
            status_code: Some(code),
            error: None,
            duration_ms,
        },
        Ok(code) if (300..400).contains(&code) => Outcome {
            status_code: Some(code),
            error: Some(format!("HTTP {code}: redirects are not followed")),
            duration_ms,
        },
        Ok(code) => Outcome {
            status_code: Some(code),
            error: Some(format!("HTTP {code}")),
            duration_ms,
        },
        Err(error) => Outcome {
            status_code: None,
            error: Some(error),
            duration_ms,
        },
    }
}

async fn post(leased: &Leased, allow_private: bool) -> Result<i32, String> {
    let (client, target) = crate::outbound::client_for(
        &leased.url,
        allow_private,
        Duration::from_secs(TIMEOUT_SECS),
        "CC2i-Webhooks/1",
    )
    .await
    .map_err(|e| format!("URL refused: {e}"))?;
    let t = Utc::now().timestamp();
    let response = client
        .post(target.url.clone())
        .header("Content-Type", "application/json")
        .header("CC2i-Event-Id", &leased.event_id)
        .header(
            "CC2i-Signature",
            signature::header(&leased.secret, t, leased.body.as_bytes()),
        )
        .body(leased.body.clone())
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                format!("no answer within {TIMEOUT_SECS} s")
            } else if e.is_connect() {
                format!("cannot connect: {}", root_cause(&e))
            } else {
                format!("request failed: {}", root_cause(&e))
            }
        })?;
    Ok(i32::from(response.status().as_u16()))
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Delivers everything due as of `now`; returns how many attempts were made.
pub async fn deliver_due(
    db: &Db,
    allow_private: bool,
    now: NaiveDateTime,
) -> Result<u32, ApiError> {
    let mut made = 0;
    // Each round leases only rows due at `now`; a failed row is due again later, so the
    // rounds end. The cap keeps one call bounded under a flood.
    for _ in 0..64 {
        let batch = db
            .write_unlisted(move |conn| lease(conn, now, BATCH))
            .await?;
        if batch.is_empty() {
            break;
        }
        let mut tasks = tokio::task::JoinSet::new();
        for leased in batch {
            tasks.spawn(async move {
                let outcome = attempt(&leased, allow_private).await;
                (leased, outcome)
            });
        }
        while let Some(joined) = tasks.join_next().await {
            let (leased, outcome) =
                joined.map_err(|e| ApiError::Internal(format!("webhook task: {e}")))?;
            if let Some(error) = &outcome.error {
                tracing::info!(delivery = %leased.id, %error, "webhook delivery failed; will retry");
            }
            made += 1;
            db.write_unlisted(move |conn| record(conn, &leased, &outcome, now))
                .await?;
        }
    }
    Ok(made)
}

/// Delivers due webhooks forever, every `interval`, as of the real time.
pub async fn run(db: Db, allow_private: bool, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    loop {
        ticker.tick().await;
        match deliver_due(&db, allow_private, crate::db::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(attempts = n, "webhook deliveries attempted"),
            Err(e) => tracing::warn!(error = %e, "delivering webhooks failed; will retry"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_bounded_jitter_and_caps() {
        for _ in 0..50 {
            let first = backoff(1).num_seconds();
            assert!((22..=38).contains(&first), "{first}");
            let third = backoff(3).num_seconds();
            assert!((90..=150).contains(&third), "{third}");
            let late = backoff(30).num_seconds();
            assert!((5400..=9000).contains(&late), "{late}");
        }
    }
}
