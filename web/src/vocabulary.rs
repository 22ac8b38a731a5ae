//! The shared vocabularies (kinds, regions, service areas, roles, statuses and the business
//! case's lists) as form choices and labels.

use cc2i_shared::business_case::{CostCategory, DataProtectionRole, Level, Stage};
use cc2i_shared::idea::IdeaSort;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::{OrgKind, OrgRole, Region, ServiceArea};
use yew::AttrValue;

/// A choice in a select or a set of checkboxes: the wire code and the label people see.
pub type Choice = (AttrValue, AttrValue);

fn choice(code: &'static str, label: &'static str) -> Choice {
    (AttrValue::Static(code), AttrValue::Static(label))
}

/// Every organisation kind.
pub fn kinds() -> Vec<Choice> {
    OrgKind::ALL
        .iter()
        .map(|k| choice(k.code(), k.label()))
        .collect()
}

/// Every UK region.
pub fn regions() -> Vec<Choice> {
    Region::ALL
        .iter()
        .map(|r| choice(r.code(), r.label()))
        .collect()
}

/// Every service area.
pub fn service_areas() -> Vec<Choice> {
    ServiceArea::ALL
        .iter()
        .map(|a| choice(a.code(), a.label()))
        .collect()
}

/// Every organisation role, least powerful first, as people choose them.
pub fn roles() -> Vec<Choice> {
    OrgRole::ALL
        .iter()
        .rev()
        .map(|r| choice(r.code(), r.label()))
        .collect()
}

/// The statuses anyone can see, in lifecycle order.
pub fn public_statuses() -> Vec<Choice> {
    IdeaStatus::ALL
        .iter()
        .filter(|s| s.is_public())
        .map(|s| choice(s.code(), s.label()))
        .collect()
}

/// The orders of the idea list.
pub fn sorts() -> Vec<Choice> {
    [
        IdeaSort::Newest,
        IdeaSort::ClosingSoon,
        IdeaSort::MostFunded,
    ]
    .into_iter()
    .map(|s| {
        let label = match s {
            IdeaSort::Newest => "Newest first",
            IdeaSort::ClosingSoon => "Closing soonest",
            IdeaSort::MostFunded => "Most funded",
        };
        choice(s.code(), label)
    })
    .collect()
}

/// The business case stages.
pub const STAGES: [Stage; 4] = [Stage::Soc, Stage::Obc, Stage::Fbc, Stage::Bjc];

/// The wire code of a stage.
pub fn stage_code(stage: Stage) -> &'static str {
    match stage {
        Stage::Soc => "soc",
        Stage::Obc => "obc",
        Stage::Fbc => "fbc",
        Stage::Bjc => "bjc",
    }
}

/// Every stage, as choices.
pub fn stages() -> Vec<Choice> {
    STAGES
        .iter()
        .map(|s| choice(stage_code(*s), s.label()))
        .collect()
}

/// Low, medium, high.
pub const LEVELS: [(Level, &str, &str); 3] = [
    (Level::Low, "low", "Low"),
    (Level::Medium, "medium", "Medium"),
    (Level::High, "high", "High"),
];

/// Capital or revenue.
pub const COST_CATEGORIES: [(CostCategory, &str, &str); 2] = [
    (CostCategory::Capital, "capital", "Capital"),
    (CostCategory::Revenue, "revenue", "Revenue"),
];

/// The supplier's data protection roles.
pub const DATA_PROTECTION_ROLES: [(DataProtectionRole, &str, &str); 4] = [
    (DataProtectionRole::Processor, "processor", "Processor"),
    (DataProtectionRole::Controller, "controller", "Controller"),
    (
        DataProtectionRole::JointController,
        "joint_controller",
        "Joint controller",
    ),
    (
        DataProtectionRole::NotApplicable,
        "not_applicable",
        "Not applicable: no personal data is processed",
    ),
];

/// A table of (value, code, label) as choices.
pub fn choices<T>(table: &'static [(T, &'static str, &'static str)]) -> Vec<Choice> {
    table.iter().map(|(_, c, l)| choice(c, l)).collect()
}

/// The code of a value in such a table.
pub fn code_of<T: PartialEq>(
    table: &'static [(T, &'static str, &'static str)],
    value: &T,
) -> &'static str {
    table
        .iter()
        .find(|(v, ..)| v == value)
        .map_or("", |(_, c, _)| c)
}

/// The label of a value in such a table.
pub fn label_of<T: PartialEq>(
    table: &'static [(T, &'static str, &'static str)],
    value: &T,
) -> &'static str {
    table
        .iter()
        .find(|(v, ..)| v == value)
        .map_or("", |(.., l)| l)
}

/// The value with a code in such a table.
pub fn from_code<T: Copy>(
    table: &'static [(T, &'static str, &'static str)],
    code: &str,
) -> Option<T> {
    table.iter().find(|(_, c, _)| *c == code).map(|(v, ..)| *v)
}

/// How well an idea fits an organisation, in words, with a tag colour: the radar's score
/// (the sum of its reasons' weights) in four bands, the lowest below the score at which
/// CC2i tells an organisation about a newly published idea.
pub fn match_strength(score: i64) -> (&'static str, Option<&'static str>) {
    let announced = i64::from(cc2i_shared::radar::AUDIENCE_THRESHOLD);
    match score {
        s if s >= 80 => ("Strong match", Some("green")),
        s if s >= 50 => ("Good match", None),
        s if s >= announced => ("Possible match", Some("yellow")),
        _ => ("Weak match", Some("grey")),
    }
}
