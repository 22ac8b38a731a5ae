//! Ideas: proposals to build something, each with a campaign to fund it.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::lifecycle::IdeaStatus;
use crate::taxonomy::{OrgKind, Region, ServiceArea};

/// How funders' votes on the backlog are weighed (used by co-design).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VotingModel {
    /// Every funding organisation has one vote.
    #[default]
    OneOrgOneVote,
    /// Votes are weighed by each funder's share.
    ShareWeighted,
}

impl VotingModel {
    /// The database code.
    pub fn code(self) -> &'static str {
        match self {
            VotingModel::OneOrgOneVote => "one_org_one_vote",
            VotingModel::ShareWeighted => "share_weighted",
        }
    }
    /// Parses a database code.
    pub fn from_code(code: &str) -> Self {
        if code == "share_weighted" {
            VotingModel::ShareWeighted
        } else {
            VotingModel::OneOrgOneVote
        }
    }
}

/// The proposing organisation, as shown with an idea.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrganisationSummary {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: OrgKind,
    /// Its region.
    pub region: Region,
    /// Whether it is verified.
    pub verified: bool,
}

/// How an idea's campaign stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Funding {
    /// The total of the current business case's cost lines.
    pub target_cost_pence: i64,
    /// The total share of counting pledges, in basis points.
    pub pledged_bp: i64,
    /// What the counting pledges amount to.
    pub pledged_pence: i64,
    /// How many organisations have counting pledges.
    pub pledger_count: i64,
    /// Whether counting pledges reach 100% from enough organisations.
    pub reached_target: bool,
    /// When the campaign closes.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub deadline: DateTime<Utc>,
}

/// An idea with its funding, as the list and detail pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Idea {
    /// Opaque id.
    pub id: String,
    /// The proposing organisation.
    pub organisation: OrganisationSummary,
    /// The title.
    pub title: String,
    /// A one-paragraph summary.
    pub summary: String,
    /// The full description (Markdown).
    pub description: String,
    /// What it serves.
    pub service_areas: Vec<ServiceArea>,
    /// Where it is in its life.
    pub status: IdeaStatus,
    /// When the campaign closes.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub deadline: DateTime<Utc>,
    /// Always GBP.
    pub currency: String,
    /// Fewest organisations needed to fund it.
    pub min_pledgers: i32,
    /// Smallest share one pledge may take, in basis points.
    pub min_pledge_bp: i32,
    /// Most that counting pledges may add up to, in basis points.
    pub max_total_bp: i32,
    /// How backlog votes are weighed.
    #[serde(default)]
    pub voting_model: VotingModel,
    /// The share of re-use fees returned to the original funders, in basis points.
    pub rebate_bp: i32,
    /// The current business case version, if there is one.
    pub business_case_version: Option<i32>,
    /// The total of the current business case's cost lines.
    pub target_cost_pence: i64,
    /// Feedback from platform staff when they asked for changes.
    pub review_feedback: Option<String>,
    /// The campaign's progress.
    pub funding: Funding,
    /// When it was created.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// When it was published.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub published_at: Option<DateTime<Utc>>,
}

pub(crate) fn validate_service_areas(areas: &[ServiceArea]) -> Result<(), ValidationError> {
    let unique: BTreeSet<_> = areas.iter().collect();
    if unique.len() == areas.len() {
        Ok(())
    } else {
        let mut e = ValidationError::new("unique");
        e.message = Some("must not list a service area twice".into());
        Err(e)
    }
}

/// A request to draft an idea for an organisation the caller belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateIdea {
    /// The proposing organisation.
    #[validate(length(min = 1, max = 64, message = "must be an organisation id"))]
    #[schema(min_length = 1, max_length = 64)]
    pub organisation_id: String,
    /// 5 to 120 characters.
    #[validate(length(min = 5, max = 120, message = "must be between 5 and 120 characters"))]
    #[schema(
        min_length = 5,
        max_length = 120,
        example = "Online housing repairs reporting"
    )]
    pub title: String,
    /// Up to 300 characters.
    #[validate(length(max = 300, message = "must be 300 characters or fewer"))]
    #[schema(max_length = 300)]
    pub summary: String,
    /// Markdown, up to 20,000 characters.
    #[validate(length(max = 20000, message = "must be 20000 characters or fewer"))]
    #[schema(max_length = 20000)]
    pub description: String,
    /// 1 to 5 service areas.
    #[validate(
        length(min = 1, max = 5, message = "must list 1 to 5 service areas"),
        custom(function = "validate_service_areas")
    )]
    #[schema(min_items = 1, max_items = 5)]
    pub service_areas: Vec<ServiceArea>,
    /// When the campaign closes (ISO 8601); in the future, within two years.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub deadline: DateTime<Utc>,
    /// Fewest funding organisations, 1 to 50 (default 2).
    #[validate(range(min = 1, max = 50, message = "must be between 1 and 50"))]
    #[schema(minimum = 1, maximum = 50)]
    pub min_pledgers: Option<i32>,
    /// Smallest pledge, 100 to 10000 basis points (default 500).
    #[validate(range(
        min = 100,
        max = 10000,
        message = "must be between 100 and 10000 basis points"
    ))]
    #[schema(minimum = 100, maximum = 10000)]
    pub min_pledge_bp: Option<i32>,
    /// Cap on counting pledges, 10000 to 30000 basis points (default 15000).
    #[validate(range(
        min = 10000,
        max = 30000,
        message = "must be between 10000 and 30000 basis points"
    ))]
    #[schema(minimum = 10000, maximum = 30000)]
    pub max_total_bp: Option<i32>,
}

/// Changes to a draft idea; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateIdea {
    /// 5 to 120 characters.
    #[validate(length(min = 5, max = 120, message = "must be between 5 and 120 characters"))]
    #[schema(min_length = 5, max_length = 120)]
    pub title: Option<String>,
    /// Up to 300 characters.
    #[validate(length(max = 300, message = "must be 300 characters or fewer"))]
    #[schema(max_length = 300)]
    pub summary: Option<String>,
    /// Markdown, up to 20,000 characters.
    #[validate(length(max = 20000, message = "must be 20000 characters or fewer"))]
    #[schema(max_length = 20000)]
    pub description: Option<String>,
    /// 1 to 5 service areas.
    #[validate(
        length(min = 1, max = 5, message = "must list 1 to 5 service areas"),
        custom(function = "validate_service_areas")
    )]
    #[schema(min_items = 1, max_items = 5)]
    pub service_areas: Option<Vec<ServiceArea>>,
    /// When the campaign closes.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub deadline: Option<DateTime<Utc>>,
    /// Fewest funding organisations, 1 to 50.
    #[validate(range(min = 1, max = 50, message = "must be between 1 and 50"))]
    #[schema(minimum = 1, maximum = 50)]
    pub min_pledgers: Option<i32>,
    /// Smallest pledge, 100 to 10000 basis points.
    #[validate(range(
        min = 100,
        max = 10000,
        message = "must be between 100 and 10000 basis points"
    ))]
    #[schema(minimum = 100, maximum = 10000)]
    pub min_pledge_bp: Option<i32>,
    /// Cap on counting pledges, 10000 to 30000 basis points.
    #[validate(range(
        min = 10000,
        max = 30000,
        message = "must be between 10000 and 30000 basis points"
    ))]
    #[schema(minimum = 10000, maximum = 30000)]
    pub max_total_bp: Option<i32>,
    /// How backlog votes are weighed.
    pub voting_model: Option<VotingModel>,
    /// Share of re-use fees returned to the original funders, 0 to 10000 basis points.
    #[validate(range(
        min = 0,
        max = 10000,
        message = "must be between 0 and 10000 basis points"
    ))]
    #[schema(minimum = 0, maximum = 10000)]
    pub rebate_bp: Option<i32>,
}

/// Platform staff's reason for sending an idea back to draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestChanges {
    /// What needs to change.
    #[validate(length(min = 1, max = 2000, message = "must be between 1 and 2000 characters"))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// How to order the idea list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdeaSort {
    /// Most recently published first.
    #[default]
    Newest,
    /// Nearest deadline first.
    ClosingSoon,
    /// Largest pledged share first.
    MostFunded,
}

impl IdeaSort {
    /// The query-string code.
    pub fn code(self) -> &'static str {
        match self {
            IdeaSort::Newest => "newest",
            IdeaSort::ClosingSoon => "closing_soon",
            IdeaSort::MostFunded => "most_funded",
        }
    }
}

/// Filters, order and paging for the public idea list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IdeaQuery {
    /// Only this status (public statuses only).
    pub status: Option<IdeaStatus>,
    /// Only ideas serving this area.
    pub service_area: Option<ServiceArea>,
    /// Only ideas proposed by this kind of organisation.
    pub organisation_kind: Option<OrgKind>,
    /// Only ideas proposed from this region.
    pub region: Option<Region>,
    /// Words in the title or summary.
    #[validate(length(max = 100, message = "must be 100 characters or fewer"))]
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// Order: newest (default), closing_soon or most_funded.
    #[param(inline)]
    pub sort: Option<IdeaSort>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 300, message = "is not a cursor from this list"))]
    #[param(max_length = 300)]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

impl Funding {
    /// The campaign's progress from its totals: `pledged_pence` is the pledged share of the
    /// target, and the target is reached at 100% from at least `min_pledgers` organisations.
    pub fn from_totals(
        target_cost_pence: i64,
        pledged_bp: i64,
        pledger_count: i64,
        min_pledgers: i32,
        deadline: DateTime<Utc>,
    ) -> Self {
        let pledged_pence =
            (i128::from(target_cost_pence) * i128::from(pledged_bp) / 10_000) as i64;
        Funding {
            target_cost_pence,
            pledged_bp,
            pledged_pence,
            pledger_count,
            reached_target: pledged_bp >= 10_000 && pledger_count >= i64::from(min_pledgers),
            deadline,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funding_is_reached_at_100_percent_from_enough_organisations() {
        let deadline = DateTime::<Utc>::default();
        let f = Funding::from_totals(10_000_000, 6_425, 3, 2, deadline);
        assert_eq!((f.pledged_pence, f.reached_target), (6_425_000, false));
        assert!(Funding::from_totals(10_000_000, 10_000, 2, 2, deadline).reached_target);
        assert!(!Funding::from_totals(10_000_000, 12_000, 1, 2, deadline).reached_target);
    }
}
