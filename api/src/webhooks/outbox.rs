//! The outbox: an event is stored, with one delivery per subscribed webhook, in the same
//! transaction as its cause, so a cause that rolls back leaves no event behind.

use std::collections::BTreeSet;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::repo::parse_events;
use crate::db::schema::{
    ideas, invitations, organisations, pledges, webhook_deliveries as deliveries,
    webhook_events as events, webhooks,
};
use crate::db::{new_id, utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::webhook::{
    DeliveryStatus, EventIdea, EventOrganisation, WebhookEvent, WebhookEventData, WebhookEventType,
};

/// Deliveries are retried until this long after their event, then given up.
pub const RETRY_HOURS: i64 = 24;

/// Which of `candidates` hear about an idea: its proposer, the organisations that pledged
/// to it and the organisations invited to it.
pub fn audience_among(
    conn: &mut AnyConnection,
    idea_id: &str,
    candidates: &BTreeSet<String>,
) -> Result<BTreeSet<String>, ApiError> {
    let mut orgs: BTreeSet<String> = BTreeSet::new();
    if let Some(proposer) = ideas::table
        .find(idea_id)
        .select(ideas::organisation_id)
        .first::<String>(conn)
        .optional()?
    {
        if candidates.contains(&proposer) {
            orgs.insert(proposer);
        }
    }
    orgs.extend(
        pledges::table
            .filter(pledges::idea_id.eq(idea_id))
            .filter(pledges::organisation_id.eq_any(candidates))
            .select(pledges::organisation_id)
            .distinct()
            .load::<String>(conn)?,
    );
    orgs.extend(
        invitations::table
            .filter(invitations::idea_id.eq(idea_id))
            .filter(invitations::organisation_id.eq_any(candidates))
            .select(invitations::organisation_id)
            .load::<Option<String>>(conn)?
            .into_iter()
            .flatten(),
    );
    Ok(orgs)
}

/// Records an event about an idea and queues a delivery to every active webhook, subscribed
/// to its type, of the idea's audience. `organisation_id` names the organisation that acted
/// (pledger, adopter). Call it inside the cause's transaction. Returns how many deliveries
/// were queued (no subscriber: nothing is written, after one query).
pub fn emit(
    conn: &mut AnyConnection,
    kind: WebhookEventType,
    idea_id: &str,
    organisation_id: Option<&str>,
    mut data: WebhookEventData,
    at: NaiveDateTime,
) -> Result<usize, ApiError> {
    // Webhooks subscribed to this type anywhere (the stored list is narrowed with LIKE, then
    // matched exactly), then only those of the idea's audience.
    let candidates: Vec<(String, String)> = webhooks::table
        .filter(webhooks::active.eq(true))
        .filter(webhooks::events.like(format!("%{}%", kind.code())))
        .order(webhooks::id.asc())
        .select((webhooks::id, webhooks::organisation_id, webhooks::events))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .filter(|(_, _, types)| parse_events(types).contains(&kind))
        .map(|(id, org, _)| (id, org))
        .collect();
    if candidates.is_empty() {
        return Ok(0);
    }
    let orgs: BTreeSet<String> = candidates.iter().map(|(_, org)| org.clone()).collect();
    let audience = audience_among(conn, idea_id, &orgs)?;
    let subscribed: Vec<String> = candidates
        .into_iter()
        .filter(|(_, org)| audience.contains(org))
        .map(|(id, _)| id)
        .collect();
    if subscribed.is_empty() {
        return Ok(0);
    }
    let (id, title, status, proposer) = ideas::table
        .find(idea_id)
        .select((
            ideas::id,
            ideas::title,
            ideas::status,
            ideas::organisation_id,
        ))
        .first::<(String, String, String, String)>(conn)?;
    data.idea = Some(EventIdea {
        id,
        title,
        status,
        organisation_id: proposer,
    });
    if let Some(org) = organisation_id {
        let name = organisations::table
            .find(org)
            .select(organisations::name)
            .first::<String>(conn)?;
        data.organisation = Some(EventOrganisation {
            id: org.to_string(),
            name,
        });
    }
    let event = WebhookEvent {
        id: new_id(),
        event_type: kind,
        created_at: utc(at),
        data,
    };
    let body = serde_json::to_string(&event)
        .map_err(|e| ApiError::Internal(format!("webhook event: {e}")))?;
    diesel::insert_into(events::table)
        .values((
            events::id.eq(&event.id),
            events::event_type.eq(kind.code()),
            events::idea_id.eq(idea_id),
            events::body.eq(&body),
            events::created_at.eq(at),
        ))
        .execute(conn)?;
    for webhook_id in &subscribed {
        diesel::insert_into(deliveries::table)
            .values((
                deliveries::id.eq(new_id()),
                deliveries::webhook_id.eq(webhook_id),
                deliveries::event_id.eq(&event.id),
                deliveries::status.eq(DeliveryStatus::Pending.code()),
                deliveries::attempts.eq(0),
                deliveries::next_attempt_at.eq(Some(at)),
                deliveries::give_up_at.eq(at + TimeDelta::hours(RETRY_HOURS)),
                deliveries::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(subscribed.len())
}
