//! The content of a business case: five cases plus terms and SLA. All bounded.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

/// The business case's stage in the Treasury process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Strategic Outline Case.
    Soc,
    /// Outline Business Case.
    Obc,
    /// Full Business Case.
    Fbc,
    /// Business Justification Case.
    Bjc,
}

impl Stage {
    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Soc => "Strategic outline case (SOC)",
            Stage::Obc => "Outline business case (OBC)",
            Stage::Fbc => "Full business case (FBC)",
            Stage::Bjc => "Business justification case (BJC)",
        }
    }
    /// The abbreviation.
    pub fn short(self) -> &'static str {
        match self {
            Stage::Soc => "SOC",
            Stage::Obc => "OBC",
            Stage::Fbc => "FBC",
            Stage::Bjc => "BJC",
        }
    }
}

/// Low, medium or high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
}

/// Capital or revenue spending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    /// One-off spending on an asset.
    Capital,
    /// Running costs.
    Revenue,
}

/// The supplier's role under UK GDPR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DataProtectionRole {
    /// Decides why and how personal data is processed.
    Controller,
    /// Processes personal data for the funders, who are controllers.
    Processor,
    /// Shares the decisions with the funders.
    JointController,
    /// No personal data is processed.
    NotApplicable,
}

/// The strategic case: why change is needed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategicCase {
    /// The case for change.
    #[validate(length(
        min = 1,
        max = 10000,
        message = "must be between 1 and 10000 characters"
    ))]
    #[schema(min_length = 1, max_length = 10000)]
    pub case_for_change: String,
    /// SMART spending objectives.
    #[validate(
        length(min = 1, max = 20, message = "must list 1 to 20 objectives"),
        custom(function = "short_items")
    )]
    #[schema(schema_with = objectives_schema)]
    pub spending_objectives: Vec<String>,
    /// What is in and out of scope.
    #[validate(length(
        min = 1,
        max = 10000,
        message = "must be between 1 and 10000 characters"
    ))]
    #[schema(min_length = 1, max_length = 10000)]
    pub scope: String,
    /// What it depends on.
    #[validate(
        length(max = 20, message = "must list 20 dependencies or fewer"),
        custom(function = "short_items")
    )]
    #[schema(schema_with = dependencies_schema)]
    pub dependencies: Vec<String>,
}

/// An option considered in the economic case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EconomicOption {
    /// Its name, like "Do minimum".
    #[validate(length(min = 1, max = 200, message = "must be between 1 and 200 characters"))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// What it involves.
    #[validate(length(max = 5000, message = "must be 5000 characters or fewer"))]
    #[schema(max_length = 5000)]
    pub description: String,
    /// Its whole-life cost in pence.
    #[validate(range(
        min = 0,
        max = 100_000_000_000_i64,
        message = "must be between 0 and 100000000000 pence"
    ))]
    #[schema(minimum = 0, maximum = 100_000_000_000_i64)]
    pub cost_pence: i64,
    /// Its benefits.
    #[validate(length(max = 5000, message = "must be 5000 characters or fewer"))]
    #[schema(max_length = 5000)]
    pub benefits: String,
}

/// The economic case: options and the preferred one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[validate(schema(function = "preferred_option_exists", skip_on_field_errors = false))]
pub struct EconomicCase {
    /// The options considered (at least "do minimum" and the preferred one).
    #[validate(
        length(min = 1, max = 10, message = "must list 1 to 10 options"),
        nested
    )]
    #[schema(min_items = 1, max_items = 10)]
    pub options: Vec<EconomicOption>,
    /// The index of the preferred option in `options`.
    #[schema(minimum = 0, maximum = 9)]
    pub preferred_option: u32,
}

/// The commercial case: how it is procured and on what terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommercialCase {
    /// Like "G-Cloud 14" or "Open procedure".
    #[validate(length(min = 1, max = 500, message = "must be between 1 and 500 characters"))]
    #[schema(min_length = 1, max_length = 500)]
    pub procurement_route: String,
    /// Contract length in months.
    #[validate(range(min = 1, max = 240, message = "must be between 1 and 240 months"))]
    #[schema(minimum = 1, maximum = 240)]
    pub contract_length_months: u32,
    /// The licence of what is built, like "MIT" or "OGL-UK-3.0".
    #[validate(length(min = 1, max = 100, message = "must be between 1 and 100 characters"))]
    #[schema(min_length = 1, max_length = 100)]
    pub licence: String,
    /// Who owns the intellectual property.
    #[validate(length(min = 1, max = 2000, message = "must be between 1 and 2000 characters"))]
    #[schema(min_length = 1, max_length = 2000)]
    pub ip_ownership: String,
    /// The supplier's data protection role.
    pub data_protection_role: DataProtectionRole,
}

/// One line of the budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CostLine {
    /// What the money is for.
    #[validate(length(min = 1, max = 300, message = "must be between 1 and 300 characters"))]
    #[schema(min_length = 1, max_length = 300)]
    pub description: String,
    /// How much, in pence.
    #[validate(range(
        min = 1,
        max = 10_000_000_000_i64,
        message = "must be between 1 and 10000000000 pence"
    ))]
    #[schema(minimum = 1, maximum = 10_000_000_000_i64)]
    pub amount_pence: i64,
    /// Capital or revenue.
    pub category: CostCategory,
    /// The first calendar year of the UK financial year: 2027 means 2027/28.
    #[validate(range(
        min = 2020,
        max = 2100,
        message = "must be a financial year between 2020 and 2100"
    ))]
    #[schema(minimum = 2020, maximum = 2100)]
    pub year: i32,
}

/// The financial case: what it costs and how it is paid for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinancialCase {
    /// The budget; the idea's target cost is their total.
    #[validate(
        length(max = 200, message = "must list 200 cost lines or fewer"),
        nested
    )]
    #[schema(max_items = 200)]
    pub cost_lines: Vec<CostLine>,
    /// Where the money comes from.
    #[validate(length(max = 5000, message = "must be 5000 characters or fewer"))]
    #[schema(max_length = 5000)]
    pub funding_sources: String,
    /// Why it is affordable.
    #[validate(length(max = 5000, message = "must be 5000 characters or fewer"))]
    #[schema(max_length = 5000)]
    pub affordability: String,
}

/// A delivery milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// What is delivered.
    #[validate(length(min = 1, max = 200, message = "must be between 1 and 200 characters"))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// When (ISO 8601 date).
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::date")
    )]
    pub due_date: NaiveDate,
}

/// A risk and how it is managed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// The risk.
    #[validate(length(min = 1, max = 1000, message = "must be between 1 and 1000 characters"))]
    #[schema(min_length = 1, max_length = 1000)]
    pub description: String,
    /// How likely.
    pub likelihood: Level,
    /// How bad.
    pub impact: Level,
    /// What is done about it.
    #[validate(length(max = 2000, message = "must be 2000 characters or fewer"))]
    #[schema(max_length = 2000)]
    pub mitigation: String,
}

/// The management case: how it is delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagementCase {
    /// Who decides what.
    #[validate(length(min = 1, max = 5000, message = "must be between 1 and 5000 characters"))]
    #[schema(min_length = 1, max_length = 5000)]
    pub governance: String,
    /// The delivery plan.
    #[validate(length(max = 50, message = "must list 50 milestones or fewer"), nested)]
    #[schema(max_items = 50)]
    pub milestones: Vec<Milestone>,
    /// The risk register.
    #[validate(length(max = 50, message = "must list 50 risks or fewer"), nested)]
    #[schema(max_items = 50)]
    pub risks: Vec<Risk>,
    /// How benefits will be measured.
    #[validate(length(max = 5000, message = "must be 5000 characters or fewer"))]
    #[schema(max_length = 5000)]
    pub benefits_realisation: String,
}

/// Minutes per priority, P1 (critical) to P4 (low).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityMinutes {
    /// Critical.
    #[validate(range(
        min = 1,
        max = 525_600,
        message = "must be between 1 and 525600 minutes"
    ))]
    #[schema(minimum = 1, maximum = 525_600)]
    pub p1: u32,
    /// High.
    #[validate(range(
        min = 1,
        max = 525_600,
        message = "must be between 1 and 525600 minutes"
    ))]
    #[schema(minimum = 1, maximum = 525_600)]
    pub p2: u32,
    /// Medium.
    #[validate(range(
        min = 1,
        max = 525_600,
        message = "must be between 1 and 525600 minutes"
    ))]
    #[schema(minimum = 1, maximum = 525_600)]
    pub p3: u32,
    /// Low.
    #[validate(range(
        min = 1,
        max = 525_600,
        message = "must be between 1 and 525600 minutes"
    ))]
    #[schema(minimum = 1, maximum = 525_600)]
    pub p4: u32,
}

impl PriorityMinutes {
    /// The four values, P1 first.
    pub fn all(&self) -> [u32; 4] {
        [self.p1, self.p2, self.p3, self.p4]
    }
}

/// A service credit: when monthly availability falls below a level, this share of the
/// monthly charge is credited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceCredit {
    /// Availability below which the credit applies, in basis points.
    #[validate(range(
        min = 0,
        max = 10000,
        message = "must be between 0 and 10000 basis points"
    ))]
    #[schema(minimum = 0, maximum = 10000)]
    pub below_availability_bp: u32,
    /// The credit, in basis points of the monthly charge.
    #[validate(range(
        min = 0,
        max = 10000,
        message = "must be between 0 and 10000 basis points"
    ))]
    #[schema(minimum = 0, maximum = 10000)]
    pub credit_bp: u32,
}

/// The service level agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    /// Monthly availability target in basis points (9990 = 99.9%).
    #[validate(range(
        min = 0,
        max = 10000,
        message = "must be between 0 and 10000 basis points"
    ))]
    #[schema(minimum = 0, maximum = 10000)]
    pub availability_bp: u32,
    /// When support is staffed, like "Monday to Friday, 8am to 6pm".
    #[validate(length(min = 1, max = 200, message = "must be between 1 and 200 characters"))]
    #[schema(min_length = 1, max_length = 200)]
    pub support_hours: String,
    /// Time to respond, per priority.
    #[validate(nested)]
    pub response_minutes: PriorityMinutes,
    /// Time to resolve, per priority.
    #[validate(nested)]
    pub resolution_minutes: PriorityMinutes,
    /// Credits when availability falls short.
    #[validate(
        length(max = 10, message = "must list 10 service credits or fewer"),
        nested
    )]
    #[schema(max_items = 10)]
    pub service_credits: Vec<ServiceCredit>,
}

/// The contract terms and SLA that come with the idea.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// The contract in plain words.
    #[validate(length(
        min = 1,
        max = 10000,
        message = "must be between 1 and 10000 characters"
    ))]
    #[schema(min_length = 1, max_length = 10000)]
    pub contract_summary: String,
    /// The service level agreement.
    #[validate(nested)]
    pub sla: Sla,
}

/// A whole business case: the body of `PUT /api/v1/ideas/{id}/business-case`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BusinessCase {
    /// The stage.
    pub stage: Stage,
    /// Why.
    #[validate(nested)]
    pub strategic: StrategicCase,
    /// Which option and why it is value for money.
    #[validate(nested)]
    pub economic: EconomicCase,
    /// How it is bought.
    #[validate(nested)]
    pub commercial: CommercialCase,
    /// What it costs.
    #[validate(nested)]
    pub financial: FinancialCase,
    /// How it is delivered.
    #[validate(nested)]
    pub management: ManagementCase,
    /// Contract terms and SLA.
    #[validate(nested)]
    pub terms: Terms,
}

/// The schema of a list checked by `short_items`: 1 to 500 characters each, not only spaces.
fn short_texts(min_items: usize, max_items: usize) -> utoipa::openapi::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(500))
                .pattern(Some(crate::NOT_BLANK_PATTERN)),
        )
        .min_items(Some(min_items))
        .max_items(Some(max_items))
        .build()
}

fn objectives_schema() -> utoipa::openapi::Array {
    short_texts(1, 20)
}

fn dependencies_schema() -> utoipa::openapi::Array {
    short_texts(0, 20)
}

fn short_items(items: &[String]) -> Result<(), ValidationError> {
    if items
        .iter()
        .all(|i| !i.trim().is_empty() && i.chars().count() <= 500)
    {
        Ok(())
    } else {
        let mut e = ValidationError::new("items");
        e.message = Some("each entry must be between 1 and 500 characters".into());
        Err(e)
    }
}

fn preferred_option_exists(case: &EconomicCase) -> Result<(), ValidationError> {
    if (case.preferred_option as usize) < case.options.len() {
        Ok(())
    } else {
        let mut e = ValidationError::new("preferred_option");
        e.message = Some("must be the number of one of the options, counting from 0".into());
        Err(e)
    }
}
