//! Organisations: the legal bodies that propose ideas and pledge, and their members.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::identifier::parse_identifier;
use crate::taxonomy::{OrgKind, Region, ServiceArea};

/// A member's role in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    /// Full control, including other owners.
    Owner,
    /// Manages members and the organisation's profile.
    Admin,
    /// Acts for the organisation within its approval policy.
    Member,
}

impl OrgRole {
    /// Every role, most powerful first.
    pub const ALL: &'static [OrgRole] = &[OrgRole::Owner, OrgRole::Admin, OrgRole::Member];

    /// The database code.
    pub fn code(self) -> &'static str {
        match self {
            OrgRole::Owner => "owner",
            OrgRole::Admin => "admin",
            OrgRole::Member => "member",
        }
    }
    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<Self> {
        OrgRole::ALL.iter().copied().find(|r| r.code() == code)
    }
    /// Owners and admins manage the organisation.
    pub fn can_manage(self) -> bool {
        matches!(self, OrgRole::Owner | OrgRole::Admin)
    }
    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            OrgRole::Owner => "Owner",
            OrgRole::Admin => "Admin",
            OrgRole::Member => "Member",
        }
    }
}

/// An organisation as everyone may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Organisation {
    /// Opaque id.
    pub id: String,
    /// Legal name.
    pub name: String,
    /// What sort of body it is.
    pub kind: OrgKind,
    /// Its UK region.
    pub region: Region,
    /// org-id.guide identifier, like `GB-LAE-KIR`.
    pub identifier: String,
    /// Public web site.
    pub website: Option<String>,
    /// A short description.
    pub description: Option<String>,
    /// What it works on.
    pub service_areas: Vec<ServiceArea>,
    /// Further service areas it wants to hear about.
    pub interested_in: Vec<ServiceArea>,
    /// Whether CC2i staff have verified it; only verified organisations publish or pledge.
    pub verified: bool,
    /// When it was verified.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub verified_at: Option<DateTime<Utc>>,
    /// Pledges by an owner or admin up to this amount need no second approver (maker-checker).
    pub self_approval_limit_pence: i64,
    /// When it was registered on CC2i.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
}

fn validate_identifier(raw: &str) -> Result<(), ValidationError> {
    parse_identifier(raw).map(|_| ()).map_err(|message| {
        let mut e = ValidationError::new("identifier");
        e.message = Some(message.into());
        e
    })
}

fn validate_service_areas(areas: &[ServiceArea]) -> Result<(), ValidationError> {
    let unique: BTreeSet<_> = areas.iter().collect();
    if unique.len() == areas.len() {
        Ok(())
    } else {
        let mut e = ValidationError::new("unique");
        e.message = Some("must not list a service area twice".into());
        Err(e)
    }
}

fn validate_website(url: &str) -> Result<(), ValidationError> {
    // As documented: `^(https?://[!-~]+)?$` (printable ASCII after the scheme, no spaces).
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or_default();
    let ok = !rest.is_empty() && rest.chars().all(|c| ('!'..='~').contains(&c));
    if ok || url.is_empty() {
        Ok(())
    } else {
        let mut e = ValidationError::new("url");
        e.message = Some("must be a web address starting with https://".into());
        Err(e)
    }
}

/// A request to register an organisation; the caller becomes its owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganisation {
    /// Legal name.
    #[validate(length(min = 2, max = 160, message = "must be between 2 and 160 characters"))]
    #[schema(min_length = 2, max_length = 160, example = "Kirklees Council")]
    pub name: String,
    /// What sort of body it is.
    pub kind: OrgKind,
    /// Its UK region.
    pub region: Region,
    /// org-id.guide identifier, like `GB-LAE-KIR`.
    #[validate(custom(function = "validate_identifier"))]
    #[schema(min_length = 6, max_length = 40, example = "GB-LAE-KIR")]
    pub identifier: String,
    /// Public web site, starting with https://.
    #[serde(default)]
    #[validate(
        length(max = 300, message = "must be 300 characters or fewer"),
        custom(function = "validate_website")
    )]
    #[schema(
        max_length = 300,
        pattern = "^(https?://[!-~]+)?$",
        example = "https://www.kirklees.gov.uk"
    )]
    pub website: Option<String>,
    /// A short description.
    #[serde(default)]
    #[validate(length(max = 2000, message = "must be 2000 characters or fewer"))]
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// What it works on (at most 20, no repeats).
    #[serde(default)]
    #[validate(
        length(max = 20, message = "must list 20 service areas or fewer"),
        custom(function = "validate_service_areas")
    )]
    #[schema(max_items = 20)]
    pub service_areas: Vec<ServiceArea>,
}

/// Changes to an organisation's profile; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisation {
    /// Legal name.
    #[validate(length(min = 2, max = 160, message = "must be between 2 and 160 characters"))]
    #[schema(min_length = 2, max_length = 160)]
    pub name: Option<String>,
    /// What sort of body it is.
    pub kind: Option<OrgKind>,
    /// Its UK region.
    pub region: Option<Region>,
    /// Public web site; an empty string removes it.
    #[validate(
        length(max = 300, message = "must be 300 characters or fewer"),
        custom(function = "validate_website")
    )]
    #[schema(max_length = 300, pattern = "^(https?://[!-~]+)?$")]
    pub website: Option<String>,
    /// A short description; an empty string removes it.
    #[validate(length(max = 2000, message = "must be 2000 characters or fewer"))]
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// What it works on (replaces the list).
    #[validate(
        length(max = 20, message = "must list 20 service areas or fewer"),
        custom(function = "validate_service_areas")
    )]
    #[schema(max_items = 20)]
    pub service_areas: Option<Vec<ServiceArea>>,
    /// Further service areas to hear about (replaces the list).
    #[validate(
        length(max = 20, message = "must list 20 service areas or fewer"),
        custom(function = "validate_service_areas")
    )]
    #[schema(max_items = 20)]
    pub interested_in: Option<Vec<ServiceArea>>,
    /// Pledges by an owner or admin up to this many pence need no second approver.
    #[validate(range(
        min = 0,
        max = 100_000_000_000_i64,
        message = "must be between 0 and 100000000000 pence"
    ))]
    #[schema(minimum = 0, maximum = 100_000_000_000_i64)]
    pub self_approval_limit_pence: Option<i64>,
}

/// Filters and paging for the organisation list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// Only this kind.
    pub kind: Option<OrgKind>,
    /// Only this region.
    pub region: Option<Region>,
    /// Only organisations working on this service area.
    pub service_area: Option<ServiceArea>,
    /// Words in the name or identifier.
    #[validate(length(max = 100, message = "must be 100 characters or fewer"))]
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// Only verified (true) or unverified (false) organisations.
    pub verified: Option<bool>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 200, message = "is not a cursor from this list"))]
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// A person in an organisation (visible to its members and platform staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Member {
    /// The user's id.
    pub user_id: String,
    /// The user's name.
    pub display_name: String,
    /// The user's email address.
    pub email: String,
    /// Their role here.
    pub role: OrgRole,
    /// When they joined.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub joined_at: DateTime<Utc>,
}

/// A request to add an existing user to an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddMember {
    /// The email address of a registered user.
    #[validate(
        email(message = "must be an email address, like name@example.gov.uk"),
        length(max = 254, message = "must be 254 characters or fewer")
    )]
    #[schema(max_length = 254, format = "email")]
    pub email: String,
    /// Their role.
    pub role: OrgRole,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> CreateOrganisation {
        CreateOrganisation {
            name: "Kirklees Council".into(),
            kind: OrgKind::LocalAuthority,
            region: Region::YorkshireAndTheHumber,
            identifier: "GB-LAE-KIR".into(),
            website: Some("https://www.kirklees.gov.uk".into()),
            description: None,
            service_areas: vec![ServiceArea::Housing, ServiceArea::Waste],
        }
    }

    #[test]
    fn a_valid_organisation_passes() {
        assert!(valid().validate().is_ok());
    }

    #[test]
    fn repeated_service_areas_bad_identifier_and_website_are_refused() {
        let mut org = valid();
        org.service_areas = vec![ServiceArea::Housing, ServiceArea::Housing];
        org.identifier = "GB-XYZ-1".into();
        org.website = Some("ftp://x".into());
        let errors = crate::problem::field_errors(&org.validate().unwrap_err());
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            ["identifier", "service_areas", "website"]
        );
    }

    #[test]
    fn only_owners_and_admins_manage() {
        assert!(OrgRole::Owner.can_manage());
        assert!(OrgRole::Admin.can_manage());
        assert!(!OrgRole::Member.can_manage());
    }
}
