//! Open Contracting Data Standard (OCDS 1.1) releases of funded ideas: the planning stage
//! (`planning.budget` with the budgetBreakdown extension listing each funder's commitment),
//! the parties by their org-id identifiers, and delivery milestones once in delivery.

pub mod facts;
pub mod feed;
pub mod handlers;
pub mod package;
pub mod release;

/// The budgetBreakdown extension's `extension.json`, declared in every package.
pub const BUDGET_BREAKDOWN_EXTENSION: &str = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_budget_breakdown_extension/master/extension.json";
