//! Webhook rows: stored, listed, changed and removed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{webhook_deliveries as deliveries, webhooks};
use crate::db::{new_id, utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::webhook::{DeliveryStatus, LastDelivery, Webhook, WebhookEventType};

/// A stored webhook (its secret included: the sender signs with it).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    pub id: String,
    pub organisation_id: String,
    pub url: String,
    pub events: String,
    pub secret: String,
    pub active: bool,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl WebhookRow {
    /// The event types it subscribes to.
    pub fn event_types(&self) -> Vec<WebhookEventType> {
        parse_events(&self.events)
    }
}

/// Stored as comma-separated codes.
pub fn join_events(events: &[WebhookEventType]) -> String {
    let mut sorted = events.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|e| e.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// The event types of a stored list (unknown codes are skipped).
pub fn parse_events(stored: &str) -> Vec<WebhookEventType> {
    stored
        .split(',')
        .filter_map(WebhookEventType::from_code)
        .collect()
}

/// Stores a new webhook.
pub fn insert(
    conn: &mut AnyConnection,
    organisation_id: &str,
    url: &str,
    events: &[WebhookEventType],
    secret: &str,
    created_by: &str,
    at: NaiveDateTime,
) -> Result<WebhookRow, ApiError> {
    let id = new_id();
    diesel::insert_into(webhooks::table)
        .values((
            webhooks::id.eq(&id),
            webhooks::organisation_id.eq(organisation_id),
            webhooks::url.eq(url),
            webhooks::events.eq(join_events(events)),
            webhooks::secret.eq(secret),
            webhooks::active.eq(true),
            webhooks::created_by.eq(created_by),
            webhooks::created_at.eq(at),
            webhooks::updated_at.eq(at),
        ))
        .execute(conn)?;
    find(conn, &id)?.ok_or(ApiError::NotFound)
}

/// One webhook.
pub fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<WebhookRow>, ApiError> {
    Ok(webhooks::table
        .find(id)
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()?)
}

/// An organisation's webhooks, oldest first.
pub fn of_organisation(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> Result<Vec<WebhookRow>, ApiError> {
    Ok(webhooks::table
        .filter(webhooks::organisation_id.eq(organisation_id))
        .order((webhooks::created_at.asc(), webhooks::id.asc()))
        .select(WebhookRow::as_select())
        .load(conn)?)
}

/// The wire form, with its most recent delivery.
pub fn view(conn: &mut AnyConnection, row: &WebhookRow) -> Result<Webhook, ApiError> {
    let last = deliveries::table
        .filter(deliveries::webhook_id.eq(&row.id))
        .order(deliveries::id.desc())
        .select((
            deliveries::status,
            deliveries::last_status_code,
            deliveries::created_at,
        ))
        .first::<(String, Option<i32>, NaiveDateTime)>(conn)
        .optional()?;
    Ok(Webhook {
        id: row.id.clone(),
        organisation_id: row.organisation_id.clone(),
        url: row.url.clone(),
        events: row.event_types(),
        active: row.active,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        last_delivery: last.map(|(status, status_code, at)| LastDelivery {
            status: DeliveryStatus::from_code(&status).unwrap_or(DeliveryStatus::Pending),
            status_code,
            created_at: utc(at),
        }),
    })
}

/// Applies a change.
pub fn update(
    conn: &mut AnyConnection,
    id: &str,
    url: Option<&str>,
    events: Option<&[WebhookEventType]>,
    active: Option<bool>,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let target = webhooks::table.find(id);
    if let Some(url) = url {
        diesel::update(target)
            .set(webhooks::url.eq(url))
            .execute(conn)?;
    }
    if let Some(events) = events {
        diesel::update(target)
            .set(webhooks::events.eq(join_events(events)))
            .execute(conn)?;
    }
    if let Some(active) = active {
        diesel::update(target)
            .set(webhooks::active.eq(active))
            .execute(conn)?;
    }
    diesel::update(target)
        .set(webhooks::updated_at.eq(at))
        .execute(conn)?;
    Ok(())
}

/// Removes a webhook with its deliveries and their attempts.
pub fn delete(conn: &mut AnyConnection, id: &str) -> Result<(), ApiError> {
    use crate::db::schema::webhook_attempts as attempts;
    let ids: Vec<String> = deliveries::table
        .filter(deliveries::webhook_id.eq(id))
        .select(deliveries::id)
        .load(conn)?;
    for chunk in ids.chunks(500) {
        diesel::delete(attempts::table.filter(attempts::delivery_id.eq_any(chunk)))
            .execute(conn)?;
    }
    diesel::delete(deliveries::table.filter(deliveries::webhook_id.eq(id))).execute(conn)?;
    diesel::delete(webhooks::table.find(id)).execute(conn)?;
    Ok(())
}
