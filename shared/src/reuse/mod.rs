//! Re-use: the catalogue of delivered services, adoption by other organisations for a fee,
//! and the re-use dividend paid back to the original funders.

pub mod rules;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::business_case::Sla;
use crate::idea::OrganisationSummary;
use crate::lifecycle::IdeaStatus;
use crate::taxonomy::ServiceArea;

/// Where an adoption is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdoptionStatus {
    /// Waiting for a second owner or admin of the adopting organisation.
    PendingApproval,
    /// Approved: the fee is fixed and the dividend paid.
    Approved,
    /// Rejected by an owner or admin; nothing is due.
    Rejected,
}

impl AdoptionStatus {
    /// Every status.
    pub const ALL: &'static [AdoptionStatus] = &[
        AdoptionStatus::PendingApproval,
        AdoptionStatus::Approved,
        AdoptionStatus::Rejected,
    ];

    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            AdoptionStatus::PendingApproval => "pending_approval",
            AdoptionStatus::Approved => "approved",
            AdoptionStatus::Rejected => "rejected",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            AdoptionStatus::PendingApproval => "Awaiting approval",
            AdoptionStatus::Approved => "Approved",
            AdoptionStatus::Rejected => "Rejected",
        }
    }
}

/// A request to adopt a delivered service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAdoption {
    /// The adopting organisation (verified, neither a funder nor the proposer; you must be
    /// one of its owners or admins).
    #[validate(length(min = 1, max = 64, message = "must be an organisation id"))]
    #[schema(min_length = 1, max_length = 64)]
    pub organisation_id: String,
}

/// Why an adoption was rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectAdoption {
    /// The reason, shown to the adoption's creator.
    #[validate(length(min = 1, max = 2000, message = "must be between 1 and 2000 characters"))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// One original funder's part of a re-use dividend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdoptionRebate {
    /// The funder.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// Its dividend from this adoption.
    pub amount_pence: i64,
}

/// An organisation's adoption of a delivered service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Adoption {
    /// Its id.
    pub id: String,
    /// The idea adopted.
    pub idea_id: String,
    /// Its title.
    pub idea_title: String,
    /// The adopting organisation.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// Where it is.
    pub status: AdoptionStatus,
    /// The fee: fixed when approved; while pending, what it would be if approved now.
    pub fee_pence: i64,
    /// The part of the fee paid back to the original funders (once approved).
    pub rebate_pence: Option<i64>,
    /// The part kept by the proposing organisation (once approved).
    pub proposer_pence: Option<i64>,
    /// Each original funder's dividend (once approved).
    pub rebates: Vec<AdoptionRebate>,
    /// Which adopter it is: 1 for the first approved (once approved).
    pub adopter_number: Option<i64>,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// When it was requested.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// When it was approved.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub approved_at: Option<DateTime<Utc>>,
}

/// An original funder in the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CatalogueFunder {
    /// The funder.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// Its final share.
    pub final_share_bp: i64,
    /// What it committed.
    pub committed_pence: i64,
    /// The re-use dividend it has received so far.
    pub dividend_pence: i64,
}

/// An approved adopter in the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CatalogueAdopter {
    /// The adopter.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// The fee it paid.
    pub fee_pence: i64,
    /// When it adopted.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub adopted_at: DateTime<Utc>,
}

/// A delivered service that others can re-use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CatalogueEntry {
    /// The idea.
    pub idea_id: String,
    /// What was built.
    pub title: String,
    /// In one paragraph.
    pub summary: String,
    /// Who proposed and delivered it.
    pub organisation: OrganisationSummary,
    /// What it serves.
    pub service_areas: Vec<ServiceArea>,
    /// When it was delivered.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub delivered_at: DateTime<Utc>,
    /// The licence of what was built, from the current business case's terms.
    pub licence: String,
    /// The service level agreement, from the current business case's terms.
    pub sla: Option<Sla>,
    /// What it cost to build.
    pub build_cost_pence: i64,
    /// The share of each adoption fee paid back to the original funders.
    pub rebate_bp: i32,
    /// What the next adopter would pay.
    pub next_fee_pence: i64,
    /// The original funders with the dividend each has received so far.
    pub funders: Vec<CatalogueFunder>,
    /// The approved adopters, first first.
    pub adopters: Vec<CatalogueAdopter>,
}

/// Paging through the catalogue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 120, message = "is not a cursor from the catalogue"))]
    #[param(max_length = 120)]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// How an organisation takes part in an idea.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FundingRole {
    /// It funded the build.
    Funder,
    /// It adopted what was built.
    Adopter,
}

/// One idea an organisation funded or adopted, with what it cost and what came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FundedIdea {
    /// The idea.
    pub idea_id: String,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: IdeaStatus,
    /// Funder or adopter.
    pub role: FundingRole,
    /// The final share, for funders.
    pub final_share_bp: Option<i64>,
    /// What it committed as a funder.
    pub committed_pence: i64,
    /// What has been paid out of it through accepted milestones.
    pub paid_pence: i64,
    /// The re-use dividend received.
    pub rebated_pence: i64,
    /// The fee paid, for adopters.
    pub adoption_fee_pence: i64,
}

/// The totals over every idea.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FundingTotals {
    /// Committed as a funder.
    pub committed_pence: i64,
    /// Paid out through accepted milestones.
    pub paid_pence: i64,
    /// Re-use dividends received.
    pub rebated_pence: i64,
    /// Adoption fees paid.
    pub adoption_fees_pence: i64,
}

/// A point of the time series: running totals after the events at `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FundingPoint {
    /// When.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub at: DateTime<Utc>,
    /// Committed so far (commitments and adoption fees).
    pub committed_pence: i64,
    /// Paid out through milestones so far.
    pub paid_pence: i64,
    /// Re-use dividends received so far.
    pub rebated_pence: i64,
}

/// What an organisation has funded, what it cost and what it got back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrganisationFundingSummary {
    /// The organisation.
    pub organisation_id: String,
    /// The totals.
    pub totals: FundingTotals,
    /// Per idea, most recent first.
    pub ideas: Vec<FundedIdea>,
    /// Running totals over time, oldest first.
    pub series: Vec<FundingPoint>,
}
