//! The API's field paths (`financial.cost_lines[0].amount_pence`) as input ids, sections and
//! labels, so its errors about a business case land on the right page and input.

use cc2i_shared::Problem;
use yew::AttrValue;

use super::CaseSection;
use crate::app::Route;
use crate::form_errors::{sentence, FormErrors};

/// The lists of the business case; an error about a list as a whole links to its Add button.
const LISTS: [&str; 7] = [
    "strategic.spending_objectives",
    "strategic.dependencies",
    "economic.options",
    "financial.cost_lines",
    "management.milestones",
    "management.risks",
    "terms.sla.service_credits",
];

/// Labels by path, with `[]` for a list index and `{n}` for its number counting from 1.
const LABELS: [(&str, &str); 37] = [
    ("stage", "Stage"),
    ("strategic.case_for_change", "Case for change"),
    ("strategic.spending_objectives", "Spending objectives"),
    ("strategic.scope", "Scope"),
    ("strategic.dependencies", "Dependencies"),
    ("economic.options", "Options"),
    ("economic.options[].name", "Option {n} name"),
    ("economic.options[].description", "Option {n} description"),
    (
        "economic.options[].cost_pence",
        "Option {n} whole-life cost",
    ),
    ("economic.options[].benefits", "Option {n} benefits"),
    ("economic.preferred_option", "Preferred option"),
    ("commercial.procurement_route", "Procurement route"),
    ("commercial.contract_length_months", "Contract length"),
    ("commercial.licence", "Licence"),
    ("commercial.ip_ownership", "Intellectual property"),
    ("commercial.data_protection_role", "Data protection role"),
    ("financial.cost_lines", "Costs"),
    ("financial.cost_lines[].description", "Cost {n} description"),
    ("financial.cost_lines[].amount_pence", "Cost {n} amount"),
    ("financial.cost_lines[].category", "Cost {n} category"),
    ("financial.cost_lines[].year", "Cost {n} financial year"),
    ("financial.funding_sources", "Funding sources"),
    ("financial.affordability", "Affordability"),
    ("management.governance", "Governance"),
    ("management.milestones", "Milestones"),
    ("management.milestones[].title", "Milestone {n}"),
    ("management.milestones[].due_date", "Milestone {n} due date"),
    ("management.risks", "Risks"),
    ("management.risks[].description", "Risk {n}"),
    ("management.risks[].likelihood", "Risk {n} likelihood"),
    ("management.risks[].impact", "Risk {n} impact"),
    ("management.risks[].mitigation", "Risk {n} mitigation"),
    ("management.benefits_realisation", "Benefits realisation"),
    ("terms.contract_summary", "Contract summary"),
    ("terms.sla.availability_bp", "Availability target"),
    ("terms.sla.support_hours", "Support hours"),
    ("terms.sla.service_credits", "Service credits"),
];

/// The input id for a path: `financial.cost_lines[0].amount_pence` is
/// `financial-cost_lines-0-amount_pence`.
pub fn field_id(path: &str) -> String {
    path.replace(['.', '['], "-").replace(']', "")
}

/// The section a path belongs to; the stage is asked with the strategic case.
pub fn section_of(path: &str) -> Option<CaseSection> {
    let first = path.split(['.', '[']).next().unwrap_or_default();
    if first == "stage" {
        return Some(CaseSection::Strategic);
    }
    first.parse().ok()
}

/// Where an error about a path links: the input, or a list's Add button.
pub fn anchor(path: &str) -> String {
    if LISTS.contains(&path) {
        format!("{}-add", field_id(path))
    } else {
        field_id(path)
    }
}

/// The path with its first list index replaced by `[]`, and that index.
fn template(path: &str) -> (String, Option<usize>) {
    let Some((before, rest)) = path.split_once('[') else {
        return (path.to_owned(), None);
    };
    let Some((index, after)) = rest.split_once(']') else {
        return (path.to_owned(), None);
    };
    (format!("{before}[]{after}"), index.parse().ok())
}

/// The words for a path, like "Cost 2 amount" or "P1 response time".
pub fn label(path: &str) -> String {
    let priority = |kind: &str| {
        let p = path.strip_prefix(&format!("terms.sla.{kind}_minutes.p"))?;
        Some(format!("P{p} {kind} time"))
    };
    if let Some(label) = priority("response").or_else(|| priority("resolution")) {
        return label;
    }
    let (key, index) = template(path);
    if let Some(credit) = key.strip_prefix("terms.sla.service_credits[].") {
        let n = index.map_or(1, |i| i + 1);
        return match credit {
            "below_availability_bp" => format!("Service credit {n} availability level"),
            _ => format!("Service credit {n} credit"),
        };
    }
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, label)| label.replace("{n}", &index.map_or(1, |i| i + 1).to_string()))
        .unwrap_or_else(|| path.to_owned())
}

/// The first message per path of a problem, in the order the API gave them.
pub fn problems_of(problem: &Problem) -> Vec<(String, String)> {
    problem
        .errors
        .iter()
        .flatten()
        .filter_map(|(path, messages)| Some((path.clone(), messages.first()?.clone())))
        .collect()
}

/// Error summary lines for API problems, in task list order. With `on` (the idea's id), each
/// links to its section's page; without, to the input on this page.
pub fn problem_errors(
    problems: &[(String, String)],
    only: Option<CaseSection>,
    on: Option<&str>,
) -> FormErrors {
    let mut errors = FormErrors::default();
    for section in CaseSection::ALL {
        if only.is_some_and(|s| s != section) {
            continue;
        }
        for (path, message) in problems {
            if section_of(path) != Some(section) {
                continue;
            }
            let page = on.map(|id| Route::CaseTask {
                id: id.to_owned(),
                section,
            });
            errors.push_on(
                page,
                AttrValue::from(anchor(path)),
                AttrValue::from(sentence(&label(path), message)),
            );
        }
    }
    if only.is_none() {
        for (path, message) in problems.iter().filter(|(p, _)| section_of(p).is_none()) {
            errors.push(None, sentence(&label(path), message));
        }
    }
    errors
}
