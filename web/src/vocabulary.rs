//! The shared vocabularies (kinds, regions, service areas, roles) as form choices.

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
