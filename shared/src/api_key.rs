//! Organisation API keys: scoped bearer keys for third-party systems.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

/// Every key starts with this.
pub const KEY_PREFIX: &str = "cc2i_";
/// How many characters of a key are kept to show which key it is.
pub const DISPLAY_PREFIX_CHARS: usize = 12;
/// Most live keys an organisation may hold.
pub const MAX_KEYS_PER_ORGANISATION: i64 = 25;
/// Longest key name.
pub const MAX_NAME_CHARS: usize = 100;

/// What a key may do. A key acts for its own organisation only, with a member's rights
/// limited to its scopes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
pub enum Scope {
    /// Read ideas and business cases, including the organisation's drafts.
    #[serde(rename = "ideas:read")]
    IdeasRead,
    /// Draft and edit the organisation's ideas, add business-case versions, submit them.
    #[serde(rename = "ideas:write")]
    IdeasWrite,
    /// Read the organisation's pledges and export them as CSV.
    #[serde(rename = "pledges:read")]
    PledgesRead,
    /// Make, change and withdraw the organisation's pledges (always pending a person's
    /// approval).
    #[serde(rename = "pledges:write")]
    PledgesWrite,
    /// Manage the organisation's webhooks.
    #[serde(rename = "webhooks:manage")]
    WebhooksManage,
}

impl Scope {
    /// Every scope, in order.
    pub const ALL: &'static [Scope] = &[
        Scope::IdeasRead,
        Scope::IdeasWrite,
        Scope::PledgesRead,
        Scope::PledgesWrite,
        Scope::WebhooksManage,
    ];

    /// The wire and database code, e.g. `ideas:read`.
    pub fn code(self) -> &'static str {
        match self {
            Scope::IdeasRead => "ideas:read",
            Scope::IdeasWrite => "ideas:write",
            Scope::PledgesRead => "pledges:read",
            Scope::PledgesWrite => "pledges:write",
            Scope::WebhooksManage => "webhooks:manage",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Scope::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// What it allows, in words for people.
    pub fn description(self) -> &'static str {
        match self {
            Scope::IdeasRead => "Read ideas and business cases, including your drafts",
            Scope::IdeasWrite => "Draft, edit and submit your organisation's ideas",
            Scope::PledgesRead => "Read your organisation's pledges and export them",
            Scope::PledgesWrite => {
                "Make, change and withdraw pledges (a person must still approve them)"
            }
            Scope::WebhooksManage => "Manage your organisation's webhooks",
        }
    }

    /// Scopes stored as one space-separated text, in order, without repeats.
    pub fn join(scopes: &BTreeSet<Scope>) -> String {
        scopes
            .iter()
            .map(|s| s.code())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The stored text back as scopes (unknown codes are dropped).
    pub fn split(text: &str) -> BTreeSet<Scope> {
        text.split_whitespace()
            .filter_map(Scope::from_code)
            .collect()
    }
}

fn error(message: &str) -> ValidationError {
    let mut e = ValidationError::new("invalid");
    e.message = Some(message.to_string().into());
    e
}

fn not_blank(name: &str) -> Result<(), ValidationError> {
    if name.trim().is_empty() {
        Err(error("enter a name for the key"))
    } else {
        Ok(())
    }
}

fn some_scopes(scopes: &BTreeSet<Scope>) -> Result<(), ValidationError> {
    if scopes.is_empty() {
        Err(error("select at least one thing the key may do"))
    } else {
        Ok(())
    }
}

/// A new API key for an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    /// What the key is for, e.g. "Finance system", 1 to 100 characters.
    #[validate(
        length(max = 100, message = "must be 100 characters or fewer"),
        custom(function = "not_blank")
    )]
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub name: String,
    /// What the key may do: at least one of the scopes.
    #[validate(custom(function = "some_scopes"))]
    #[schema(min_items = 1, max_items = 5)]
    pub scopes: BTreeSet<Scope>,
}

/// An API key as its organisation's owners and admins see it: never the secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ApiKey {
    /// Opaque id.
    pub id: String,
    /// The organisation it acts for.
    pub organisation_id: String,
    /// What it is for.
    pub name: String,
    /// The first characters of the key, to recognise it (e.g. `cc2i_AbCdEfG`).
    pub prefix: String,
    /// What it may do.
    pub scopes: BTreeSet<Scope>,
    /// When it was made.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// Who made it (a user id).
    pub created_by: String,
    /// Their display name.
    pub created_by_name: String,
    /// When it was last used (to the minute or so), if ever.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A key just made: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CreatedApiKey {
    /// The key's details.
    #[serde(flatten)]
    pub api_key: ApiKey,
    /// The secret: send it as `Authorization: Bearer <key>`. It is never shown again.
    pub key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_codes_round_trip_and_join_in_order() {
        for scope in Scope::ALL {
            assert_eq!(Scope::from_code(scope.code()), Some(*scope));
            let json = serde_json::to_string(scope).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", scope.code()));
        }
        let set: BTreeSet<Scope> = [Scope::PledgesWrite, Scope::IdeasRead].into();
        assert_eq!(Scope::join(&set), "ideas:read pledges:write");
        assert_eq!(Scope::split("pledges:write ideas:read bogus"), set);
    }

    #[test]
    fn a_key_needs_a_name_and_a_scope() {
        let ok = CreateApiKey {
            name: "Finance system".into(),
            scopes: [Scope::PledgesRead].into(),
        };
        assert!(ok.validate().is_ok());
        let blank = CreateApiKey {
            name: "   ".into(),
            ..ok.clone()
        };
        assert!(blank.validate().is_err());
        let long = CreateApiKey {
            name: "x".repeat(101),
            ..ok.clone()
        };
        assert!(long.validate().is_err());
        let none = CreateApiKey {
            scopes: BTreeSet::new(),
            ..ok
        };
        assert!(none.validate().is_err());
        assert!(
            serde_json::from_str::<CreateApiKey>(r#"{"name":"x","scopes":["ideas:delete"]}"#)
                .is_err()
        );
    }
}
