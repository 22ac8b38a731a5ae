//! The deliveries log of a webhook, and sending one again.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::outbox::RETRY_HOURS;
use crate::db::schema::{
    webhook_attempts as attempts, webhook_deliveries as deliveries, webhook_events as events,
};
use crate::db::{utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::webhook::{
    DeliveryAttempt, DeliveryPage, DeliveryStatus, WebhookDelivery, WebhookEventType,
};

/// Attempts shown per delivery.
const ATTEMPTS_SHOWN: i64 = 20;

type Row = (
    String,
    String,
    String,
    String,
    i32,
    Option<i32>,
    Option<String>,
    Option<NaiveDateTime>,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

macro_rules! columns {
    () => {
        (
            deliveries::id,
            deliveries::event_id,
            events::event_type,
            deliveries::status,
            deliveries::attempts,
            deliveries::last_status_code,
            deliveries::last_error,
            deliveries::next_attempt_at,
            deliveries::created_at,
            deliveries::completed_at,
        )
    };
}

fn view(conn: &mut AnyConnection, row: Row) -> Result<WebhookDelivery, ApiError> {
    let (id, event_id, kind, status, tried, code, error, next, created, completed) = row;
    let log = attempts::table
        .filter(attempts::delivery_id.eq(&id))
        .order((attempts::attempted_at.desc(), attempts::id.desc()))
        .limit(ATTEMPTS_SHOWN)
        .select((
            attempts::attempted_at,
            attempts::status_code,
            attempts::error,
            attempts::duration_ms,
        ))
        .load::<(NaiveDateTime, Option<i32>, Option<String>, i64)>(conn)?;
    let status = DeliveryStatus::from_code(&status).unwrap_or(DeliveryStatus::Pending);
    Ok(WebhookDelivery {
        event_type: WebhookEventType::from_code(&kind)
            .ok_or_else(|| ApiError::Internal(format!("unknown event type {kind}")))?,
        id,
        event_id,
        status,
        attempts: tried,
        last_status_code: code,
        last_error: error,
        next_attempt_at: next.filter(|_| status == DeliveryStatus::Pending).map(utc),
        created_at: utc(created),
        completed_at: completed.map(utc),
        attempt_log: log
            .into_iter()
            .map(|(at, status_code, error, duration_ms)| DeliveryAttempt {
                attempted_at: utc(at),
                status_code,
                error,
                duration_ms,
            })
            .collect(),
    })
}

/// A page of a webhook's deliveries, newest first.
pub fn page(
    conn: &mut AnyConnection,
    webhook_id: &str,
    cursor: Option<String>,
    limit: i64,
) -> Result<DeliveryPage, ApiError> {
    let mut query = deliveries::table
        .inner_join(events::table)
        .filter(deliveries::webhook_id.eq(webhook_id))
        .order(deliveries::id.desc())
        .limit(limit + 1)
        .select(columns!())
        .into_boxed();
    if let Some(after) = cursor {
        query = query.filter(deliveries::id.lt(after));
    }
    let mut rows: Vec<Row> = query.load(conn)?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.0.clone())
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|r| view(conn, r))
        .collect::<Result<_, _>>()?;
    Ok(DeliveryPage { items, next_cursor })
}

/// One delivery of the webhook.
pub fn find(
    conn: &mut AnyConnection,
    webhook_id: &str,
    id: &str,
) -> Result<WebhookDelivery, ApiError> {
    let row: Row = deliveries::table
        .inner_join(events::table)
        .filter(deliveries::webhook_id.eq(webhook_id))
        .filter(deliveries::id.eq(id))
        .select(columns!())
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    view(conn, row)
}

/// Queues a delivery again, due now, whatever its state, with another 24 hours of retries
/// from now if its own had run out. A sender holding it keeps its lease; its result is
/// recorded as an attempt but no longer moves the delivery.
pub fn retry(
    conn: &mut AnyConnection,
    webhook_id: &str,
    id: &str,
    now: NaiveDateTime,
) -> Result<WebhookDelivery, ApiError> {
    let give_up_at: NaiveDateTime = deliveries::table
        .filter(deliveries::webhook_id.eq(webhook_id))
        .filter(deliveries::id.eq(id))
        .select(deliveries::give_up_at)
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    diesel::update(deliveries::table.find(id))
        .set((
            deliveries::status.eq(DeliveryStatus::Pending.code()),
            deliveries::next_attempt_at.eq(Some(now)),
            deliveries::give_up_at.eq(give_up_at.max(now + TimeDelta::hours(RETRY_HOURS))),
            deliveries::completed_at.eq(None::<NaiveDateTime>),
            deliveries::lease_until.eq(None::<NaiveDateTime>),
            deliveries::claim.eq(None::<String>),
        ))
        .execute(conn)?;
    find(conn, webhook_id, id)
}
