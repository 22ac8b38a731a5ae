//! Pledges: an organisation's promise to pay a share of an idea's cost.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

/// Where a pledge is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PledgeStatus {
    /// Waiting for a second person's approval; does not count.
    PendingApproval,
    /// Counting towards the target (while its condition, if any, holds).
    Active,
    /// The idea was funded: the pledge is binding at its final share.
    Committed,
    /// The idea was not funded: nothing is due.
    Released,
    /// An approver said no.
    Rejected,
    /// The organisation took it back while the idea was open.
    Withdrawn,
    /// The business case changed materially: it stops counting until re-consented.
    NeedsReconsent,
    /// Still awaiting approval or re-consent when the idea closed.
    Lapsed,
}

impl PledgeStatus {
    /// Every status.
    pub const ALL: &'static [PledgeStatus] = &[
        PledgeStatus::PendingApproval,
        PledgeStatus::Active,
        PledgeStatus::Committed,
        PledgeStatus::Released,
        PledgeStatus::Rejected,
        PledgeStatus::Withdrawn,
        PledgeStatus::NeedsReconsent,
        PledgeStatus::Lapsed,
    ];

    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            PledgeStatus::PendingApproval => "pending_approval",
            PledgeStatus::Active => "active",
            PledgeStatus::Committed => "committed",
            PledgeStatus::Released => "released",
            PledgeStatus::Rejected => "rejected",
            PledgeStatus::Withdrawn => "withdrawn",
            PledgeStatus::NeedsReconsent => "needs_reconsent",
            PledgeStatus::Lapsed => "lapsed",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        PledgeStatus::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            PledgeStatus::PendingApproval => "Awaiting approval",
            PledgeStatus::Active => "Active",
            PledgeStatus::Committed => "Committed",
            PledgeStatus::Released => "Released",
            PledgeStatus::Rejected => "Rejected",
            PledgeStatus::Withdrawn => "Withdrawn",
            PledgeStatus::NeedsReconsent => "Needs re-consent",
            PledgeStatus::Lapsed => "Lapsed",
        }
    }

    /// Live pledges block another pledge from the same organisation.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            PledgeStatus::PendingApproval | PledgeStatus::Active | PledgeStatus::NeedsReconsent
        )
    }

    /// Pending and rejected pledges are private to their organisation.
    pub fn is_public(self) -> bool {
        !matches!(self, PledgeStatus::PendingApproval | PledgeStatus::Rejected)
    }
}

/// "Only if at least N other organisations pledge".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PledgeCondition {
    /// How many other organisations must have active pledges, 1 to 50.
    #[validate(range(min = 1, max = 50, message = "must be between 1 and 50"))]
    #[schema(minimum = 1, maximum = 50)]
    pub min_other_organisations: i32,
}

/// A pledge as its organisation sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Pledge {
    /// Opaque id.
    pub id: String,
    /// The idea.
    pub idea_id: String,
    /// The pledging organisation.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// The share of the target, in basis points (the one that counts).
    pub share_bp: i64,
    /// A larger share waiting for approval, if any.
    pub pending_share_bp: Option<i64>,
    /// The share of the current target cost, in pence.
    pub amount_pence: i64,
    /// Where it is in its life.
    pub status: PledgeStatus,
    /// The business-case version the organisation accepted.
    pub business_case_version: i32,
    /// Its condition, if any.
    pub condition: Option<PledgeCondition>,
    /// Whether the condition holds now (true when there is none).
    pub condition_met: bool,
    /// Who made it.
    pub created_by: String,
    /// Who approved it, when someone had to.
    pub approved_by: Option<String>,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// After funding: the final share, summing to 10000 across funders.
    pub final_share_bp: Option<i64>,
    /// After funding: the final amount, summing to the target across funders.
    pub final_amount_pence: Option<i64>,
    /// When it was made.
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
    /// The API key that made it, when a machine made it (`created_by` is then the person
    /// who made the key). Such a pledge always waits for a person's approval.
    #[serde(default)]
    pub created_by_api_key_id: Option<String>,
}

/// A pledge as the public sees it: the organisation, never the people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicPledge {
    /// Opaque id.
    pub id: String,
    /// The pledging organisation.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// Share in basis points.
    pub share_bp: i64,
    /// Where it is in its life.
    pub status: PledgeStatus,
    /// Whether its condition holds.
    pub condition_met: bool,
    /// After funding: the final share.
    pub final_share_bp: Option<i64>,
    /// When it was made.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
}

/// A request to pledge (send an `Idempotency-Key` header).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePledge {
    /// The pledging organisation (you must belong to it and it must be verified).
    #[validate(length(min = 1, max = 64, message = "must be an organisation id"))]
    #[schema(min_length = 1, max_length = 64)]
    pub organisation_id: String,
    /// Share of the target in basis points, from the idea's `min_pledge_bp` to 10000.
    #[validate(range(
        min = 1,
        max = 10000,
        message = "must be between 1 and 10000 basis points"
    ))]
    #[schema(minimum = 1, maximum = 10000)]
    pub share_bp: i64,
    /// The business-case version you accept; it must be the current one.
    #[validate(range(min = 1, max = 100000, message = "must be a version number"))]
    #[schema(minimum = 1, maximum = 100000)]
    pub business_case_version: i32,
    /// Count only if enough other organisations pledge.
    #[validate(nested)]
    pub condition: Option<PledgeCondition>,
}

/// A new share for a live pledge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePledge {
    /// Share of the target in basis points.
    #[validate(range(
        min = 1,
        max = 10000,
        message = "must be between 1 and 10000 basis points"
    ))]
    #[schema(minimum = 1, maximum = 10000)]
    pub share_bp: i64,
}

/// Why a pledge was rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectPledge {
    /// The reason, shown to the pledge's creator.
    #[validate(length(min = 1, max = 2000, message = "must be between 1 and 2000 characters"))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Accepting the current business case again after a material change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reconsent {
    /// The version accepted; it must be the current one.
    #[validate(range(min = 1, max = 100000, message = "must be a version number"))]
    #[schema(minimum = 1, maximum = 100000)]
    pub business_case_version: i32,
}

/// One entry of an idea's append-only ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LedgerEntry {
    /// Position in the idea's ledger, from 1, without gaps.
    pub seq: i64,
    /// When it happened.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub at: DateTime<Utc>,
    /// What happened, like `pledge_created` or `idea_closed`.
    pub kind: String,
    /// The idea.
    pub idea_id: String,
    /// The pledge, for pledge events.
    pub pledge_id: Option<String>,
    /// The organisation, for pledge events.
    pub organisation_id: Option<String>,
    /// The change to the idea's counting total in basis points.
    pub bp_delta: i64,
    /// Details.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// Paging through the ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LedgerQuery {
    /// The `next_cursor` of the previous page: 1 to 18 digits.
    #[validate(length(max = 18, message = "is not a cursor from this ledger"))]
    #[param(max_length = 18, pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}
