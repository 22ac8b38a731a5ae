//! Delivery: milestones with payment shares, submitted by the proposer and accepted or
//! rejected by the funders holding the final shares.

pub mod rules;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

/// Where a milestone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    /// Planned; not yet delivered.
    Planned,
    /// Delivered with evidence and waiting for the funders' decisions.
    Submitted,
    /// Accepted by funders holding more than half of the final shares; its payment is released.
    Accepted,
    /// Rejected: acceptance became impossible. The proposer may submit it again.
    Rejected,
}

impl MilestoneStatus {
    /// Every status.
    pub const ALL: &'static [MilestoneStatus] = &[
        MilestoneStatus::Planned,
        MilestoneStatus::Submitted,
        MilestoneStatus::Accepted,
        MilestoneStatus::Rejected,
    ];

    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "planned",
            MilestoneStatus::Submitted => "submitted",
            MilestoneStatus::Accepted => "accepted",
            MilestoneStatus::Rejected => "rejected",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "Planned",
            MilestoneStatus::Submitted => "Awaiting acceptance",
            MilestoneStatus::Accepted => "Accepted",
            MilestoneStatus::Rejected => "Rejected",
        }
    }
}

/// A funder's decision on a submitted milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AcceptanceDecision {
    /// It was delivered as agreed.
    Accept,
    /// It was not.
    Reject,
}

impl AcceptanceDecision {
    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            AcceptanceDecision::Accept => "accept",
            AcceptanceDecision::Reject => "reject",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "accept" => Some(AcceptanceDecision::Accept),
            "reject" => Some(AcceptanceDecision::Reject),
            _ => None,
        }
    }
}

fn not_blank(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        let mut e = ValidationError::new("blank");
        e.message = Some("must not be blank".into());
        Err(e)
    } else {
        Ok(())
    }
}

/// A new milestone (the proposing organisation's owners and admins, while the idea is
/// funded or in delivery).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMilestone {
    /// What is delivered.
    #[validate(
        length(min = 1, max = 200, message = "must be between 1 and 200 characters"),
        custom(function = "not_blank")
    )]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub title: String,
    /// How the funders will know it is done.
    #[validate(length(max = 5000, message = "must be 5000 characters or fewer"))]
    #[schema(max_length = 5000)]
    pub description: String,
    /// When it is due (ISO 8601 date).
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::date")
    )]
    pub due_date: NaiveDate,
    /// The share of the build cost its acceptance releases, 0 to 10000 basis points; the
    /// shares of an idea's milestones sum to at most 10000.
    #[validate(range(
        min = 0,
        max = 10000,
        message = "must be between 0 and 10000 basis points"
    ))]
    #[schema(minimum = 0, maximum = 10000)]
    pub payment_bp: i64,
}

/// Evidence that a milestone was delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitMilestone {
    /// What was delivered and where to see it.
    #[validate(
        length(min = 1, max = 5000, message = "must be between 1 and 5000 characters"),
        custom(function = "not_blank")
    )]
    #[schema(
        min_length = 1,
        max_length = 5000,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub evidence: String,
}

/// A funder's decision on the milestone's current submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAcceptance {
    /// The funding organisation you decide for (you must be one of its owners or admins).
    #[validate(length(min = 1, max = 64, message = "must be an organisation id"))]
    #[schema(min_length = 1, max_length = 64)]
    pub organisation_id: String,
    /// Accept or reject.
    pub decision: AcceptanceDecision,
    /// Why; required to reject.
    #[validate(length(max = 2000, message = "must be 2000 characters or fewer"))]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// The decisions on the current submission, weighed by final shares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MilestoneTally {
    /// Final shares of the funders who accepted.
    pub accepted_bp: i64,
    /// Final shares of the funders who rejected.
    pub rejected_bp: i64,
    /// Final shares of the funders still to decide.
    pub pending_bp: i64,
}

/// One funder and its decision on the current submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FunderAcceptance {
    /// The funding organisation.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// Its final share, the weight of its decision.
    pub final_share_bp: i64,
    /// Its decision, absent while it has not decided (or nothing is submitted).
    pub decision: Option<AcceptanceDecision>,
    /// Its note.
    pub note: Option<String>,
    /// When it decided.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub decided_at: Option<DateTime<Utc>>,
}

/// What one funder was paid when the milestone was accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MilestonePayment {
    /// The funder.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// Its part of the milestone's payment; the parts sum to `paid_pence`.
    pub amount_pence: i64,
}

/// What happened to a milestone, for its timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneEventKind {
    /// Planned.
    Planned,
    /// Submitted with evidence.
    Submitted,
    /// A funder accepted.
    FunderAccepted,
    /// A funder rejected.
    FunderRejected,
    /// The submission was accepted and the payment released.
    Accepted,
    /// The submission was rejected.
    Rejected,
}

/// One event of a milestone's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MilestoneEvent {
    /// What happened.
    pub kind: MilestoneEventKind,
    /// When.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub at: DateTime<Utc>,
    /// Which submission (0 for planning).
    pub submission: i64,
    /// The organisation that acted.
    pub organisation_name: String,
    /// Evidence or a note.
    pub text: Option<String>,
}

/// A delivery milestone with its status, the funders' decisions and its payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeliveryMilestone {
    /// Its id.
    pub id: String,
    /// The idea.
    pub idea_id: String,
    /// What is delivered.
    pub title: String,
    /// How the funders will know it is done.
    pub description: String,
    /// When it is due.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::date")
    )]
    pub due_date: NaiveDate,
    /// Its share of the build cost, in basis points.
    pub payment_bp: i64,
    /// Its share of the build cost in pence (rounded down; the released amount may differ
    /// by a penny so that a whole plan releases exactly the build cost).
    pub payment_pence: i64,
    /// Where it is.
    pub status: MilestoneStatus,
    /// How many times it has been submitted (0 while planned).
    pub submission: i64,
    /// The evidence of the latest submission.
    pub evidence: Option<String>,
    /// When it was last submitted.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub submitted_at: Option<DateTime<Utc>>,
    /// When it was last accepted or rejected.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub decided_at: Option<DateTime<Utc>>,
    /// The decisions on the current submission.
    pub tally: MilestoneTally,
    /// Every funder with its decision on the current submission.
    pub funders: Vec<FunderAcceptance>,
    /// What was released to each funder once accepted.
    pub payments: Vec<MilestonePayment>,
    /// The total released (0 until accepted).
    pub paid_pence: i64,
    /// Its timeline, oldest first.
    pub history: Vec<MilestoneEvent>,
    /// When it was planned.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
}
