//! Running the background jobs on demand, as of a chosen instant (test clock).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// Run the scheduler's jobs as if the time were `now`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunJobs {
    /// The instant the jobs run as of (default: the real time).
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub now: Option<DateTime<Utc>>,
}

/// What one run of the jobs did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct JobsReport {
    /// The instant the jobs ran as of.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub now: DateTime<Utc>,
    /// Ideas closed because their deadline had passed.
    pub closed: u32,
    /// Ideas whose funders got the 48-hour deadline reminder.
    pub reminders: u32,
    /// Digest emails queued.
    pub digests: u32,
    /// Emails sent from the outbox.
    pub emails_sent: u32,
    /// Webhook deliveries attempted (successful or not).
    #[serde(default)]
    pub webhook_attempts: u32,
}

/// Set the test clock: from now on the service acts as if the time were `now` (and moves on
/// with the real time from there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetTestClock {
    /// The instant it is to be now.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub now: DateTime<Utc>,
}

/// The test clock after it was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TestClock {
    /// The service's notion of now.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub now: DateTime<Utc>,
    /// How far that is ahead of the real time, in milliseconds (negative: behind).
    pub offset_ms: i64,
}
