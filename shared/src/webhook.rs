//! Webhooks: an organisation's endpoints, the signed events they receive and the log of
//! every delivery attempt.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

/// Longest webhook URL.
pub const MAX_URL_CHARS: usize = 2048;

/// What happened. Each organisation receives the events of ideas it proposed, pledged to
/// or was invited to, for the types its webhook subscribes to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
pub enum WebhookEventType {
    /// An idea was published as an open funding campaign.
    #[serde(rename = "idea.published")]
    IdeaPublished,
    /// An idea closed funded.
    #[serde(rename = "idea.funded")]
    IdeaFunded,
    /// An idea closed without enough funding; every pledge was released.
    #[serde(rename = "idea.not_funded")]
    IdeaNotFunded,
    /// A new version of the business case.
    #[serde(rename = "business_case.version_created")]
    BusinessCaseVersionCreated,
    /// A pledge was made.
    #[serde(rename = "pledge.created")]
    PledgeCreated,
    /// A pledge became active (approved, or self-approved at creation).
    #[serde(rename = "pledge.approved")]
    PledgeApproved,
    /// A pledge was withdrawn.
    #[serde(rename = "pledge.withdrawn")]
    PledgeWithdrawn,
    /// A funded idea turned a pledge into a commitment (one event per commitment).
    #[serde(rename = "pledge.committed")]
    PledgeCommitted,
    /// The funders accepted a delivery milestone.
    #[serde(rename = "milestone.accepted")]
    MilestoneAccepted,
    /// An organisation asked to adopt (re-use) what was built.
    #[serde(rename = "adoption.created")]
    AdoptionCreated,
}

impl WebhookEventType {
    /// Every type, in a stable order.
    pub const ALL: [WebhookEventType; 10] = [
        WebhookEventType::IdeaPublished,
        WebhookEventType::IdeaFunded,
        WebhookEventType::IdeaNotFunded,
        WebhookEventType::BusinessCaseVersionCreated,
        WebhookEventType::PledgeCreated,
        WebhookEventType::PledgeApproved,
        WebhookEventType::PledgeWithdrawn,
        WebhookEventType::PledgeCommitted,
        WebhookEventType::MilestoneAccepted,
        WebhookEventType::AdoptionCreated,
    ];

    /// The wire code, like `pledge.created`.
    pub fn code(self) -> &'static str {
        match self {
            WebhookEventType::IdeaPublished => "idea.published",
            WebhookEventType::IdeaFunded => "idea.funded",
            WebhookEventType::IdeaNotFunded => "idea.not_funded",
            WebhookEventType::BusinessCaseVersionCreated => "business_case.version_created",
            WebhookEventType::PledgeCreated => "pledge.created",
            WebhookEventType::PledgeApproved => "pledge.approved",
            WebhookEventType::PledgeWithdrawn => "pledge.withdrawn",
            WebhookEventType::PledgeCommitted => "pledge.committed",
            WebhookEventType::MilestoneAccepted => "milestone.accepted",
            WebhookEventType::AdoptionCreated => "adoption.created",
        }
    }

    /// The type for a wire code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// What people read.
    pub fn label(self) -> &'static str {
        match self {
            WebhookEventType::IdeaPublished => "Idea published",
            WebhookEventType::IdeaFunded => "Idea funded",
            WebhookEventType::IdeaNotFunded => "Idea not funded",
            WebhookEventType::BusinessCaseVersionCreated => "New business case version",
            WebhookEventType::PledgeCreated => "Pledge made",
            WebhookEventType::PledgeApproved => "Pledge approved",
            WebhookEventType::PledgeWithdrawn => "Pledge withdrawn",
            WebhookEventType::PledgeCommitted => "Pledge committed",
            WebhookEventType::MilestoneAccepted => "Milestone accepted",
            WebhookEventType::AdoptionCreated => "Adoption requested",
        }
    }
}

fn error(code: &'static str, message: &'static str) -> ValidationError {
    let mut e = ValidationError::new(code);
    e.message = Some(message.into());
    e
}

fn some_events(events: &[WebhookEventType]) -> Result<(), ValidationError> {
    if events.is_empty() {
        Err(error("events", "choose at least one event"))
    } else {
        Ok(())
    }
}

fn url_shape(url: &str) -> Result<(), ValidationError> {
    if url.trim().is_empty() {
        Err(error("url", "enter the URL of your endpoint"))
    } else if url.chars().count() > MAX_URL_CHARS {
        Err(error("url", "must be 2048 characters or fewer"))
    } else {
        Ok(())
    }
}

/// Add a webhook endpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// Where events are posted: `https://` to a public address.
    #[validate(custom(function = "url_shape"))]
    #[schema(
        max_length = 2048,
        example = "https://finance.example.gov.uk/cc2i/events"
    )]
    pub url: String,
    /// The event types to receive (at least one).
    #[validate(custom(function = "some_events"))]
    #[schema(min_items = 1, max_items = 10)]
    pub events: Vec<WebhookEventType>,
}

/// Change a webhook: any of its URL, events and whether it is active.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    /// A new URL (checked like a new webhook's).
    #[validate(custom(function = "url_shape"))]
    #[schema(max_length = 2048)]
    pub url: Option<String>,
    /// A new set of event types (at least one).
    #[validate(custom(function = "some_events"))]
    #[schema(min_items = 1, max_items = 10)]
    pub events: Option<Vec<WebhookEventType>>,
    /// False pauses deliveries: no new ones are queued for it.
    pub active: Option<bool>,
}

/// Where a delivery is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its first or next attempt.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Still failing 24 hours after the event: given up.
    Failed,
}

impl DeliveryStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    /// The status for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "pending" => Some(DeliveryStatus::Pending),
            "delivered" => Some(DeliveryStatus::Delivered),
            "failed" => Some(DeliveryStatus::Failed),
            _ => None,
        }
    }
}

/// The most recent delivery to a webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LastDelivery {
    /// Where it is.
    pub status: DeliveryStatus,
    /// The HTTP status of its last attempt, if the endpoint answered.
    pub status_code: Option<i32>,
    /// When its event happened.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
}

/// A webhook endpoint (its secret is never shown again after creation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Webhook {
    /// Its id.
    pub id: String,
    /// The organisation it belongs to.
    pub organisation_id: String,
    /// Where events are posted.
    pub url: String,
    /// The event types it receives.
    pub events: Vec<WebhookEventType>,
    /// False while paused.
    pub active: bool,
    /// When it was added.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub updated_at: DateTime<Utc>,
    /// The most recent delivery, if any.
    pub last_delivery: Option<LastDelivery>,
}

/// A new webhook with its signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CreatedWebhook {
    /// The webhook.
    pub webhook: Webhook,
    /// The signing secret (`whsec_...`): the HMAC-SHA256 key is this string's bytes.
    /// Store it now: it is never shown again.
    pub secret: String,
}

/// One attempt to deliver an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeliveryAttempt {
    /// When it was made.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub attempted_at: DateTime<Utc>,
    /// The HTTP status the endpoint answered, if it answered.
    pub status_code: Option<i32>,
    /// Why it failed (absent on success).
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    pub duration_ms: i64,
}

/// One event's delivery to one webhook, with its attempts (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookDelivery {
    /// Its id.
    pub id: String,
    /// The event (`CC2i-Event-Id`).
    pub event_id: String,
    /// The event's type.
    pub event_type: WebhookEventType,
    /// Where it is.
    pub status: DeliveryStatus,
    /// How many attempts were made.
    pub attempts: i32,
    /// The HTTP status of the last attempt, if the endpoint answered.
    pub last_status_code: Option<i32>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When the next attempt is due (pending only).
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When it was queued.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// When it was delivered or given up.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub completed_at: Option<DateTime<Utc>>,
    /// Its attempts, newest first (at most 20).
    pub attempt_log: Vec<DeliveryAttempt>,
}

/// A page of deliveries, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeliveryPage {
    /// The deliveries on this page.
    pub items: Vec<WebhookDelivery>,
    /// The cursor of the next page, absent on the last page.
    pub next_cursor: Option<String>,
}

/// Paging through deliveries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 200, message = "is not a cursor from this log"))]
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// The idea an event is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventIdea {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its status after the event (`open`, `funded`, ...).
    pub status: String,
    /// The proposing organisation's id.
    pub organisation_id: String,
}

/// An organisation named in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventOrganisation {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// What an event says: the idea, and the specifics of its type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookEventData {
    /// The idea (always present on delivered events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idea: Option<EventIdea>,
    /// The organisation that acted (pledger, adopter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<EventOrganisation>,
    /// `pledge.*`: the pledge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pledge_id: Option<String>,
    /// `pledge.*`: the pledge's status after the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pledge_status: Option<String>,
    /// `pledge.*`: the pledged (or, when committed, final) share in basis points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_bp: Option<i64>,
    /// The amount in pence: a pledge's (final) amount, the funded target, a milestone's
    /// payment, an adoption's fee.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_pence: Option<i64>,
    /// `business_case.version_created`: the new version number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_case_version: Option<i32>,
    /// `business_case.version_created`: whether it is a material change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub material_change: Option<bool>,
    /// `milestone.accepted`: the milestone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone_id: Option<String>,
    /// `milestone.accepted`: its title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone_title: Option<String>,
    /// `adoption.created`: the adoption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adoption_id: Option<String>,
    /// `idea.funded`: how many organisations fund it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funders: Option<i64>,
}

/// The JSON body of every delivery (`POST` to the webhook's URL), signed with
/// `CC2i-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` keyed with the
/// webhook's secret, and sent with `CC2i-Event-Id: <id>` (the same event may arrive more
/// than once: de-duplicate by id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookEvent {
    /// The event's id (a UUIDv7), the same on every delivery and retry.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub event_type: WebhookEventType,
    /// When it happened.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// The idea and the specifics.
    pub data: WebhookEventData,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for t in WebhookEventType::ALL {
            assert_eq!(WebhookEventType::from_code(t.code()), Some(t));
            assert_eq!(
                serde_json::to_string(&t).unwrap_or_default(),
                format!("\"{}\"", t.code())
            );
        }
        assert_eq!(WebhookEventType::from_code("pledge.eaten"), None);
    }
}
