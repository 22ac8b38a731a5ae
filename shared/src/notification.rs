//! The in-app notification feed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

/// Something a person should know about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    /// Opaque id.
    pub id: String,
    /// What happened, like `pledge_awaits_approval`.
    pub kind: String,
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// Where to look, as a path in the app, like `/ideas/{id}`.
    pub link: String,
    /// When it happened.
    pub created_at: DateTime<Utc>,
    /// When it was read, if it was.
    pub read_at: Option<DateTime<Utc>>,
}

/// A page of the feed, newest first, with the count of unread notifications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NotificationFeed {
    /// The notifications on this page.
    pub items: Vec<Notification>,
    /// The cursor of the next page, absent on the last page.
    pub next_cursor: Option<String>,
    /// How many are unread in all.
    pub unread_count: i64,
}

/// Paging through the feed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 200, message = "is not a cursor from this feed"))]
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}
