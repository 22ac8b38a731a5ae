//! The audit log: who did what to what, and when, for owners and admins of an organisation
//! (their organisation's entries) and for platform staff (all).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    /// A signed-in person (`actor_id` is their user id).
    Person,
    /// An organisation's API key (`actor_id` is the key's id).
    ApiKey,
    /// Nobody signed in (a failed or throttled sign-in).
    Anonymous,
    /// CC2i itself (the scheduler).
    System,
}

impl ActorType {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ActorType::Person => "person",
            ActorType::ApiKey => "api_key",
            ActorType::Anonymous => "anonymous",
            ActorType::System => "system",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> ActorType {
        match code {
            "person" => ActorType::Person,
            "api_key" => ActorType::ApiKey,
            "system" => ActorType::System,
            _ => ActorType::Anonymous,
        }
    }
}

/// One entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    /// The entry's id (time-ordered).
    pub id: String,
    /// When it happened.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub at: DateTime<Utc>,
    /// Who acted.
    pub actor_type: ActorType,
    /// The person's user id or the key's id.
    pub actor_id: Option<String>,
    /// The organisation it concerns.
    pub organisation_id: Option<String>,
    /// What happened, like `member.role_changed` or `sign_in.failure`.
    pub action: String,
    /// The kind of thing acted on, like `user`, `organisation`, `api_key`.
    pub target_type: Option<String>,
    /// Its id.
    pub target_id: Option<String>,
    /// What changed, before (a JSON object of the fields that changed).
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// What changed, after.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
    /// The request's id (`X-Request-Id`), to find its log lines.
    pub request_id: Option<String>,
}

/// A page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    /// The entries on this page.
    pub items: Vec<AuditEntry>,
    /// The cursor of the next page, absent on the last page.
    pub next_cursor: Option<String>,
}

/// Filters and paging.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries by this person or key (its id).
    #[validate(length(min = 1, max = 64, message = "must be a user or key id"))]
    #[param(min_length = 1, max_length = 64)]
    pub actor: Option<String>,
    /// Only this action, like `member.role_changed`, or every action starting with a prefix
    /// and a dot, like `sign_in.`.
    #[validate(length(min = 1, max = 64, message = "must be an action, like member.added"))]
    #[param(min_length = 1, max_length = 64)]
    pub action: Option<String>,
    /// Only entries about this target (its id).
    #[validate(length(min = 1, max = 64, message = "must be an id"))]
    #[param(min_length = 1, max_length = 64)]
    pub target: Option<String>,
    /// Only entries at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only entries before this time.
    pub to: Option<DateTime<Utc>>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 64, message = "is not a cursor from this log"))]
    #[param(max_length = 64)]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// Sign-in entries are kept 12 months by default...
pub const SIGN_IN_RETENTION_DAYS: i64 = 365;
/// ...and every other entry 7 years.
pub const RETENTION_DAYS: i64 = 7 * 365 + 2;

/// True for the actions kept for the shorter, sign-in period.
pub fn is_sign_in(action: &str) -> bool {
    action.starts_with("sign_in.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_round_trip_and_sign_ins_are_told_apart() {
        for t in [
            ActorType::Person,
            ActorType::ApiKey,
            ActorType::Anonymous,
            ActorType::System,
        ] {
            assert_eq!(ActorType::from_code(t.code()), t);
        }
        assert!(is_sign_in("sign_in.failure"));
        assert!(!is_sign_in("member.added"));
    }
}
