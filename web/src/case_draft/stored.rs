//! Reading a draft back from local storage, by hand from the parsed JSON: serde's derived
//! decoders for the draft's fifteen structs and their lists cost every business case bundle
//! tens of kilobytes of wasm. It reads what they read: a missing field is empty (the drafts are
//! `#[serde(default)]`, a date's parts excepted), a field of the wrong type refuses the whole
//! draft, and fields it does not know are ignored. Drafts are still written by serde.

use serde_json::{Map, Value};

use super::{
    CaseDraft, CaseSection, CommercialDraft, CostLineDraft, CreditDraft, EconomicDraft,
    FinancialDraft, ManagementDraft, MilestoneDraft, OptionDraft, RiskDraft, StrategicDraft,
    TermsDraft,
};
use crate::components::date_input::DateParts;

type Object = Map<String, Value>;

/// A field read by `read`, or its default when it is missing.
fn field<T: Default>(o: &Object, key: &str, read: impl Fn(&Value) -> Option<T>) -> Option<T> {
    match o.get(key) {
        None => Some(T::default()),
        Some(value) => read(value),
    }
}

fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

fn text(o: &Object, key: &str) -> Option<String> {
    field(o, key, string)
}

fn texts(o: &Object, key: &str) -> Option<Vec<String>> {
    field(o, key, |v| v.as_array()?.iter().map(string).collect())
}

fn four(o: &Object, key: &str) -> Option<[String; 4]> {
    field(o, key, |v| match v.as_array()?.as_slice() {
        [a, b, c, d] => Some([string(a)?, string(b)?, string(c)?, string(d)?]),
        _ => None,
    })
}

/// A nested draft, read by `read` from its object.
fn part<T: Default>(o: &Object, key: &str, read: fn(&Object) -> Option<T>) -> Option<T> {
    field(o, key, |v| read(v.as_object()?))
}

/// A list of drafts, each read by `read` from its object.
fn parts<T>(o: &Object, key: &str, read: fn(&Object) -> Option<T>) -> Option<Vec<T>> {
    field(o, key, |v| {
        v.as_array()?
            .iter()
            .map(|item| read(item.as_object()?))
            .collect()
    })
}

fn strategic(o: &Object) -> Option<StrategicDraft> {
    Some(StrategicDraft {
        stage: text(o, "stage")?,
        case_for_change: text(o, "case_for_change")?,
        spending_objectives: texts(o, "spending_objectives")?,
        scope: text(o, "scope")?,
        dependencies: texts(o, "dependencies")?,
    })
}

fn economic(o: &Object) -> Option<EconomicDraft> {
    Some(EconomicDraft {
        options: parts(o, "options", |o| {
            Some(OptionDraft {
                name: text(o, "name")?,
                description: text(o, "description")?,
                cost: text(o, "cost")?,
                benefits: text(o, "benefits")?,
            })
        })?,
        preferred: text(o, "preferred")?,
    })
}

fn commercial(o: &Object) -> Option<CommercialDraft> {
    Some(CommercialDraft {
        procurement_route: text(o, "procurement_route")?,
        contract_length_months: text(o, "contract_length_months")?,
        licence: text(o, "licence")?,
        ip_ownership: text(o, "ip_ownership")?,
        data_protection_role: text(o, "data_protection_role")?,
    })
}

fn financial(o: &Object) -> Option<FinancialDraft> {
    Some(FinancialDraft {
        cost_lines: parts(o, "cost_lines", |o| {
            Some(CostLineDraft {
                description: text(o, "description")?,
                amount: text(o, "amount")?,
                category: text(o, "category")?,
                year: text(o, "year")?,
            })
        })?,
        funding_sources: text(o, "funding_sources")?,
        affordability: text(o, "affordability")?,
    })
}

/// A date's parts: all three are needed (`DateParts` has no defaults).
fn date(o: &Object) -> Option<DateParts> {
    Some(DateParts {
        day: string(o.get("day")?)?,
        month: string(o.get("month")?)?,
        year: string(o.get("year")?)?,
    })
}

fn management(o: &Object) -> Option<ManagementDraft> {
    Some(ManagementDraft {
        governance: text(o, "governance")?,
        milestones: parts(o, "milestones", |o| {
            Some(MilestoneDraft {
                title: text(o, "title")?,
                due: part(o, "due", date)?,
            })
        })?,
        risks: parts(o, "risks", |o| {
            Some(RiskDraft {
                description: text(o, "description")?,
                likelihood: text(o, "likelihood")?,
                impact: text(o, "impact")?,
                mitigation: text(o, "mitigation")?,
            })
        })?,
        benefits_realisation: text(o, "benefits_realisation")?,
    })
}

fn terms(o: &Object) -> Option<TermsDraft> {
    Some(TermsDraft {
        contract_summary: text(o, "contract_summary")?,
        availability: text(o, "availability")?,
        support_hours: text(o, "support_hours")?,
        response: four(o, "response")?,
        resolution: four(o, "resolution")?,
        service_credits: parts(o, "service_credits", |o| {
            Some(CreditDraft {
                below: text(o, "below")?,
                credit: text(o, "credit")?,
            })
        })?,
    })
}

/// The draft kept in local storage, or `None` when what is kept is not a draft.
pub fn draft(value: &Value) -> Option<CaseDraft> {
    let o = value.as_object()?;
    Some(CaseDraft {
        based_on: field(o, "based_on", |v| match v {
            Value::Null => Some(None),
            v => i32::try_from(v.as_i64()?).ok().map(Some),
        })?,
        strategic: part(o, "strategic", strategic)?,
        economic: part(o, "economic", economic)?,
        commercial: part(o, "commercial", commercial)?,
        financial: part(o, "financial", financial)?,
        management: part(o, "management", management)?,
        terms: part(o, "terms", terms)?,
        done: field(o, "done", |v| {
            v.as_array()?
                .iter()
                .map(|s| s.as_str()?.parse::<CaseSection>().ok())
                .collect()
        })?,
        problems: field(o, "problems", |v| {
            v.as_array()?
                .iter()
                .map(|pair| match pair.as_array()?.as_slice() {
                    [path, message] => Some((string(path)?, string(message)?)),
                    _ => None,
                })
                .collect()
        })?,
    })
}
