//! Membership invitations: adding someone to an organisation asks them first. They accept or
//! decline; until they accept they are not a member. And changing a member's role in place.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::OrgRole;

/// How long an invitation to join waits for an answer, in days.
pub const INVITATION_DAYS: i64 = 14;

/// Where an invitation to join stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Waiting for the person's answer.
    Pending,
    /// They joined.
    Accepted,
    /// They said no.
    Declined,
    /// The organisation took it back.
    Withdrawn,
}

impl InvitationStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Declined => "declined",
            InvitationStatus::Withdrawn => "withdrawn",
        }
    }

    /// The status of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "pending" => InvitationStatus::Pending,
            "accepted" => InvitationStatus::Accepted,
            "declined" => InvitationStatus::Declined,
            "withdrawn" => InvitationStatus::Withdrawn,
            _ => return None,
        })
    }
}

/// An invitation to join an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MembershipInvitation {
    /// The invitation's id.
    pub id: String,
    /// The organisation.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// The person invited.
    pub user_id: String,
    /// Their email address.
    pub email: String,
    /// Their name.
    pub display_name: String,
    /// The role they would have.
    pub role: OrgRole,
    /// Who invited them (their name).
    pub invited_by: String,
    /// Where it stands.
    pub status: InvitationStatus,
    /// When it was sent.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// When it lapses unanswered.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub expires_at: DateTime<Utc>,
}

/// A member's new role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeRole {
    /// The role.
    pub role: OrgRole,
}

/// Whether a pending invitation that lapses at `expires_at` still stands at `at`.
pub fn invitation_open(expires_at: chrono::NaiveDateTime, at: chrono::NaiveDateTime) -> bool {
    at < expires_at
}
