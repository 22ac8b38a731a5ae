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
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// When it was read, if it was.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
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

/// How often a person gets notifications by email.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmailCadence {
    /// One email per notification.
    Immediate,
    /// One digest a day of everything since the last one.
    #[default]
    Daily,
    /// One digest a week of everything since the last one.
    Weekly,
    /// No email.
    Off,
}

impl EmailCadence {
    /// Every cadence.
    pub const ALL: &'static [EmailCadence] = &[
        EmailCadence::Immediate,
        EmailCadence::Daily,
        EmailCadence::Weekly,
        EmailCadence::Off,
    ];

    /// The database code.
    pub fn code(self) -> &'static str {
        match self {
            EmailCadence::Immediate => "immediate",
            EmailCadence::Daily => "daily",
            EmailCadence::Weekly => "weekly",
            EmailCadence::Off => "off",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }

    /// Hours between digests, for the digest cadences.
    pub fn digest_hours(self) -> Option<i64> {
        match self {
            EmailCadence::Daily => Some(24),
            EmailCadence::Weekly => Some(24 * 7),
            EmailCadence::Immediate | EmailCadence::Off => None,
        }
    }
}

/// A person's notification settings.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferences {
    /// How often notifications are emailed (default `daily`). Every email has an
    /// unsubscribe link that sets this to `off` without signing in.
    pub email: EmailCadence,
}
