//! Business cases in the HM Treasury Five Case Model, with the contract terms and SLA.
//!
//! Every version is immutable; a new `PUT` makes version n+1.

mod change;
mod content;
#[cfg(any(target_arch = "wasm32", test))]
pub mod wasm_decode;

pub use change::{compare, target_cost_pence, Change};
pub use content::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One immutable version of an idea's business case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BusinessCaseVersion {
    /// 1, 2, ...
    pub version: i32,
    /// When this version was made.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// The user who made it.
    pub created_by: String,
    /// Their name.
    pub created_by_name: String,
    /// The total of this version's cost lines.
    pub target_cost_pence: i64,
    /// Whether it materially changes the previous version (cost up, SLA weakened, licence or
    /// stage changed): active pledges must then be re-consented.
    pub material_change: bool,
    /// One line saying what changed.
    pub change_summary: String,
    /// The content.
    #[serde(flatten)]
    pub content: BusinessCase,
}

/// A version in the history list, without its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BusinessCaseVersionSummary {
    /// 1, 2, ...
    pub version: i32,
    /// When this version was made.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// The user who made it.
    pub created_by: String,
    /// Their name.
    pub created_by_name: String,
    /// The stage of this version.
    pub stage: Stage,
    /// The total of this version's cost lines.
    pub target_cost_pence: i64,
    /// Whether it materially changed the previous version.
    pub material_change: bool,
    /// One line saying what changed.
    pub change_summary: String,
}
