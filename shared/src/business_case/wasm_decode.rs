//! Reading a business case version in the browser, by hand from a `serde_json::Value`.
//! Serde's derived decoders for the version and its dozen nested structs and lists came to tens
//! of kilobytes of wasm in every bundle of the web app that shows or edits a business case;
//! walking the parsed JSON takes a fraction of that. Every field must be there with the right
//! type, as the derived decoders require; fields it does not know are ignored. Compiled for
//! wasm32 (and tests, which check it reads what the derived decoder reads).

use serde_json::{Map, Value};

use super::{
    BusinessCase, BusinessCaseVersion, CommercialCase, CostCategory, CostLine, DataProtectionRole,
    EconomicCase, EconomicOption, FinancialCase, Level, ManagementCase, Milestone, PriorityMinutes,
    Risk, ServiceCredit, Sla, Stage, StrategicCase, Terms,
};
use crate::wasm_dates;

type Object = Map<String, Value>;

fn text(o: &Object, key: &str) -> Option<String> {
    o.get(key)?.as_str().map(str::to_owned)
}

fn int(o: &Object, key: &str) -> Option<i64> {
    o.get(key)?.as_i64()
}

fn small(o: &Object, key: &str) -> Option<i32> {
    i32::try_from(int(o, key)?).ok()
}

fn count(o: &Object, key: &str) -> Option<u32> {
    u32::try_from(o.get(key)?.as_u64()?).ok()
}

fn texts(o: &Object, key: &str) -> Option<Vec<String>> {
    o.get(key)?
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn object<'a>(o: &'a Object, key: &str) -> Option<&'a Object> {
    o.get(key)?.as_object()
}

fn list<T>(o: &Object, key: &str, item: fn(&Object) -> Option<T>) -> Option<Vec<T>> {
    o.get(key)?
        .as_array()?
        .iter()
        .map(|v| item(v.as_object()?))
        .collect()
}

/// One of an enum's values, by the name serde gives it.
fn choice<T: Copy>(o: &Object, key: &str, names: &[(&str, T)]) -> Option<T> {
    let name = o.get(key)?.as_str()?;
    names
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, value)| *value)
}

const LEVELS: [(&str, Level); 3] = [
    ("low", Level::Low),
    ("medium", Level::Medium),
    ("high", Level::High),
];

fn strategic(o: &Object) -> Option<StrategicCase> {
    Some(StrategicCase {
        case_for_change: text(o, "case_for_change")?,
        spending_objectives: texts(o, "spending_objectives")?,
        scope: text(o, "scope")?,
        dependencies: texts(o, "dependencies")?,
    })
}

fn economic(o: &Object) -> Option<EconomicCase> {
    Some(EconomicCase {
        options: list(o, "options", |o| {
            Some(EconomicOption {
                name: text(o, "name")?,
                description: text(o, "description")?,
                cost_pence: int(o, "cost_pence")?,
                benefits: text(o, "benefits")?,
            })
        })?,
        preferred_option: count(o, "preferred_option")?,
    })
}

fn commercial(o: &Object) -> Option<CommercialCase> {
    Some(CommercialCase {
        procurement_route: text(o, "procurement_route")?,
        contract_length_months: count(o, "contract_length_months")?,
        licence: text(o, "licence")?,
        ip_ownership: text(o, "ip_ownership")?,
        data_protection_role: choice(
            o,
            "data_protection_role",
            &[
                ("controller", DataProtectionRole::Controller),
                ("processor", DataProtectionRole::Processor),
                ("joint_controller", DataProtectionRole::JointController),
                ("not_applicable", DataProtectionRole::NotApplicable),
            ],
        )?,
    })
}

fn financial(o: &Object) -> Option<FinancialCase> {
    Some(FinancialCase {
        cost_lines: list(o, "cost_lines", |o| {
            Some(CostLine {
                description: text(o, "description")?,
                amount_pence: int(o, "amount_pence")?,
                category: choice(
                    o,
                    "category",
                    &[
                        ("capital", CostCategory::Capital),
                        ("revenue", CostCategory::Revenue),
                    ],
                )?,
                year: small(o, "year")?,
            })
        })?,
        funding_sources: text(o, "funding_sources")?,
        affordability: text(o, "affordability")?,
    })
}

fn management(o: &Object) -> Option<ManagementCase> {
    Some(ManagementCase {
        governance: text(o, "governance")?,
        milestones: list(o, "milestones", |o| {
            Some(Milestone {
                title: text(o, "title")?,
                due_date: wasm_dates::date(o.get("due_date")?).ok()?,
            })
        })?,
        risks: list(o, "risks", |o| {
            Some(Risk {
                description: text(o, "description")?,
                likelihood: choice(o, "likelihood", &LEVELS)?,
                impact: choice(o, "impact", &LEVELS)?,
                mitigation: text(o, "mitigation")?,
            })
        })?,
        benefits_realisation: text(o, "benefits_realisation")?,
    })
}

fn minutes(o: &Object) -> Option<PriorityMinutes> {
    Some(PriorityMinutes {
        p1: count(o, "p1")?,
        p2: count(o, "p2")?,
        p3: count(o, "p3")?,
        p4: count(o, "p4")?,
    })
}

fn terms(o: &Object) -> Option<Terms> {
    let sla = object(o, "sla")?;
    Some(Terms {
        contract_summary: text(o, "contract_summary")?,
        sla: Sla {
            availability_bp: count(sla, "availability_bp")?,
            support_hours: text(sla, "support_hours")?,
            response_minutes: minutes(object(sla, "response_minutes")?)?,
            resolution_minutes: minutes(object(sla, "resolution_minutes")?)?,
            service_credits: list(sla, "service_credits", |o| {
                Some(ServiceCredit {
                    below_availability_bp: count(o, "below_availability_bp")?,
                    credit_bp: count(o, "credit_bp")?,
                })
            })?,
        },
    })
}

fn version(o: &Object) -> Option<BusinessCaseVersion> {
    Some(BusinessCaseVersion {
        version: small(o, "version")?,
        created_at: wasm_dates::moment(o.get("created_at")?).ok()?,
        created_by: text(o, "created_by")?,
        created_by_name: text(o, "created_by_name")?,
        target_cost_pence: int(o, "target_cost_pence")?,
        material_change: o.get("material_change")?.as_bool()?,
        change_summary: text(o, "change_summary")?,
        content: BusinessCase {
            stage: choice(
                o,
                "stage",
                &[
                    ("soc", Stage::Soc),
                    ("obc", Stage::Obc),
                    ("fbc", Stage::Fbc),
                    ("bjc", Stage::Bjc),
                ],
            )?,
            strategic: strategic(object(o, "strategic")?)?,
            economic: economic(object(o, "economic")?)?,
            commercial: commercial(object(o, "commercial")?)?,
            financial: financial(object(o, "financial")?)?,
            management: management(object(o, "management")?)?,
            terms: terms(object(o, "terms")?)?,
        },
    })
}

/// Decodes `GET /ideas/{id}/business-case` (or one of its versions); `None` when it is not a
/// business case version.
pub fn decode(text: &str) -> Option<BusinessCaseVersion> {
    let value: Value = serde_json::from_str(text).ok()?;
    version(value.as_object()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version as the API writes it (serde's encoder), read back by the derived decoder.
    const SAMPLE: &str = r#"{
        "version": 3, "created_at": "2026-03-04T05:06:07.123456Z", "created_by": "u1",
        "created_by_name": "Ann", "target_cost_pence": 123456, "material_change": true,
        "change_summary": "Cost up", "stage": "obc",
        "strategic": {"case_for_change": "Why", "spending_objectives": ["a", "b"],
            "scope": "All", "dependencies": []},
        "economic": {"options": [{"name": "Do it", "description": "d", "cost_pence": 5,
            "benefits": "b"}], "preferred_option": 0},
        "commercial": {"procurement_route": "G-Cloud", "contract_length_months": 24,
            "licence": "MIT", "ip_ownership": "Funders",
            "data_protection_role": "joint_controller"},
        "financial": {"cost_lines": [{"description": "Build", "amount_pence": 123456,
            "category": "capital", "year": 2026}], "funding_sources": "f",
            "affordability": "a"},
        "management": {"governance": "Board", "milestones": [{"title": "Alpha",
            "due_date": "2026-09-30"}], "risks": [{"description": "Late",
            "likelihood": "medium", "impact": "high", "mitigation": "Plan"}],
            "benefits_realisation": "Measure"},
        "terms": {"contract_summary": "Terms", "sla": {"availability_bp": 9950,
            "support_hours": "9 to 5", "response_minutes": {"p1": 15, "p2": 60, "p3": 240,
            "p4": 1440}, "resolution_minutes": {"p1": 240, "p2": 480, "p3": 1440,
            "p4": 4320}, "service_credits": [{"below_availability_bp": 9900,
            "credit_bp": 500}]}}
    }"#;

    #[test]
    fn reads_what_the_derived_decoder_reads() {
        let derived: BusinessCaseVersion = serde_json::from_str(SAMPLE).expect("derived");
        assert_eq!(decode(SAMPLE), Some(derived));
    }

    #[test]
    fn refuses_a_missing_field_or_a_wrong_type() {
        assert_eq!(decode(&SAMPLE.replace("\"scope\": \"All\",", "")), None);
        assert_eq!(
            decode(&SAMPLE.replace("\"year\": 2026", "\"year\": \"2026\"")),
            None
        );
        assert_eq!(decode(&SAMPLE.replace("\"obc\"", "\"xyz\"")), None);
        assert_eq!(decode(&SAMPLE.replace("\"p4\": 4320", "\"p4\": -1")), None);
        assert_eq!(decode("[]"), None);
    }
}
