//! What changed between two versions of a business case, and whether it is material.

use super::{BusinessCase, Sla};
use crate::money::{format_bp, format_pence};

/// The target cost of a version: the total of its cost lines.
pub fn target_cost_pence(case: &BusinessCase) -> i64 {
    case.financial
        .cost_lines
        .iter()
        .map(|l| l.amount_pence)
        .sum()
}

/// The difference between a version and the one before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Cost up, SLA weakened, licence or stage changed: pledges need re-consent.
    pub material: bool,
    /// One line for people.
    pub summary: String,
}

fn sla_weakenings(old: &Sla, new: &Sla) -> Vec<String> {
    let mut out = Vec::new();
    if new.availability_bp < old.availability_bp {
        out.push(format!(
            "availability target lowered from {} to {}",
            format_bp(old.availability_bp.into()),
            format_bp(new.availability_bp.into())
        ));
    }
    let slower = |label: &str, a: [u32; 4], b: [u32; 4], out: &mut Vec<String>| {
        let priorities: Vec<String> = (0..4)
            .filter(|&i| b[i] > a[i])
            .map(|i| format!("P{}", i + 1))
            .collect();
        if !priorities.is_empty() {
            out.push(format!(
                "{label} times longer for {}",
                priorities.join(", ")
            ));
        }
    };
    slower(
        "response",
        old.response_minutes.all(),
        new.response_minutes.all(),
        &mut out,
    );
    slower(
        "resolution",
        old.resolution_minutes.all(),
        new.resolution_minutes.all(),
        &mut out,
    );
    if new.support_hours.trim() != old.support_hours.trim() {
        out.push(format!(
            "support hours changed to \"{}\"",
            new.support_hours.trim()
        ));
    }
    // A credit tier is weaker if the old one is gone or now pays less at the same threshold.
    let credits_cut = old.service_credits.iter().any(|o| {
        !new.service_credits.iter().any(|n| {
            n.below_availability_bp >= o.below_availability_bp && n.credit_bp >= o.credit_bp
        })
    });
    if credits_cut {
        out.push("service credits reduced".into());
    }
    out
}

/// Compares a new version against the previous one (`None` for the first version).
pub fn compare(old: Option<&BusinessCase>, new: &BusinessCase) -> Change {
    let Some(old) = old else {
        return Change {
            material: false,
            summary: "First version".into(),
        };
    };
    let mut material = Vec::new();
    let mut other = Vec::new();
    let (old_cost, new_cost) = (target_cost_pence(old), target_cost_pence(new));
    if new_cost > old_cost {
        material.push(format!(
            "cost up from {} to {}",
            format_pence(old_cost),
            format_pence(new_cost)
        ));
    } else if new_cost < old_cost {
        other.push(format!(
            "cost down from {} to {}",
            format_pence(old_cost),
            format_pence(new_cost)
        ));
    }
    material.extend(sla_weakenings(&old.terms.sla, &new.terms.sla));
    if new.commercial.licence.trim() != old.commercial.licence.trim() {
        material.push(format!(
            "licence changed from {} to {}",
            old.commercial.licence.trim(),
            new.commercial.licence.trim()
        ));
    }
    if new.stage != old.stage {
        material.push(format!(
            "stage changed from {} to {}",
            old.stage.short(),
            new.stage.short()
        ));
    }
    let sections = [
        ("strategic", old.strategic != new.strategic),
        ("economic", old.economic != new.economic),
        (
            "commercial",
            old.commercial != new.commercial && material.iter().all(|m| !m.starts_with("licence")),
        ),
        (
            "financial",
            old.financial != new.financial && old_cost == new_cost,
        ),
        ("management", old.management != new.management),
        (
            "terms",
            old.terms != new.terms && sla_weakenings(&old.terms.sla, &new.terms.sla).is_empty(),
        ),
    ];
    let edited: Vec<&str> = sections
        .iter()
        .filter(|(_, changed)| *changed)
        .map(|(name, _)| *name)
        .collect();
    if !edited.is_empty() {
        other.push(format!("{} case edited", edited.join(", ")).replace("terms case", "terms"));
    }
    let is_material = !material.is_empty();
    let mut parts = material;
    parts.extend(other);
    let summary = if parts.is_empty() {
        "No changes".to_string()
    } else {
        let mut line = parts.join("; ");
        if let Some(first) = line.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        line
    };
    Change {
        material: is_material,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::business_case::*;

    fn sample() -> BusinessCase {
        BusinessCase {
            stage: Stage::Obc,
            strategic: StrategicCase {
                case_for_change: "Residents cannot report repairs online.".into(),
                spending_objectives: vec!["Halve phone contacts".into()],
                scope: "Repairs reporting".into(),
                dependencies: vec![],
            },
            economic: EconomicCase {
                options: vec![EconomicOption {
                    name: "Build once, share".into(),
                    description: String::new(),
                    cost_pence: 100,
                    benefits: String::new(),
                }],
                preferred_option: 0,
            },
            commercial: CommercialCase {
                procurement_route: "G-Cloud 14".into(),
                contract_length_months: 24,
                licence: "MIT".into(),
                ip_ownership: "Funders jointly".into(),
                data_protection_role: DataProtectionRole::Processor,
            },
            financial: FinancialCase {
                cost_lines: vec![
                    CostLine {
                        description: "Discovery".into(),
                        amount_pence: 2_000_000,
                        category: CostCategory::Revenue,
                        year: 2027,
                    },
                    CostLine {
                        description: "Build".into(),
                        amount_pence: 8_000_000,
                        category: CostCategory::Capital,
                        year: 2027,
                    },
                ],
                funding_sources: String::new(),
                affordability: String::new(),
            },
            management: ManagementCase {
                governance: "Board of funders".into(),
                milestones: vec![],
                risks: vec![],
                benefits_realisation: String::new(),
            },
            terms: Terms {
                contract_summary: "Two years".into(),
                sla: Sla {
                    availability_bp: 9990,
                    support_hours: "Mon-Fri 8-6".into(),
                    response_minutes: PriorityMinutes {
                        p1: 30,
                        p2: 60,
                        p3: 240,
                        p4: 480,
                    },
                    resolution_minutes: PriorityMinutes {
                        p1: 240,
                        p2: 480,
                        p3: 1440,
                        p4: 2880,
                    },
                    service_credits: vec![ServiceCredit {
                        below_availability_bp: 9990,
                        credit_bp: 500,
                    }],
                },
            },
        }
    }

    #[test]
    fn target_cost_is_the_sum_of_cost_lines() {
        assert_eq!(target_cost_pence(&sample()), 10_000_000);
    }

    #[test]
    fn the_first_version_is_not_material() {
        assert_eq!(
            compare(None, &sample()),
            Change {
                material: false,
                summary: "First version".into()
            }
        );
    }

    #[test]
    fn a_cost_increase_is_material_and_a_decrease_is_not() {
        let mut up = sample();
        up.financial.cost_lines[0].amount_pence += 100;
        let change = compare(Some(&sample()), &up);
        assert!(change.material);
        assert_eq!(change.summary, "Cost up from £100,000 to £100,001");
        let mut down = sample();
        down.financial.cost_lines.pop();
        let change = compare(Some(&sample()), &down);
        assert!(!change.material);
        assert!(
            change.summary.starts_with("Cost down"),
            "{}",
            change.summary
        );
    }

    #[test]
    fn weakening_the_sla_is_material_and_strengthening_it_is_not() {
        let weaker = |f: fn(&mut Sla)| {
            let mut case = sample();
            f(&mut case.terms.sla);
            compare(Some(&sample()), &case)
        };
        assert!(weaker(|s| s.availability_bp = 9950).material);
        assert!(weaker(|s| s.response_minutes.p1 = 60).material);
        assert!(weaker(|s| s.resolution_minutes.p4 = 5000).material);
        assert!(weaker(|s| s.service_credits.clear()).material);
        assert!(weaker(|s| s.service_credits[0].credit_bp = 100).material);
        assert!(weaker(|s| s.support_hours = "Mon-Fri 9-5".into()).material);
        let stronger = weaker(|s| {
            s.availability_bp = 9995;
            s.response_minutes.p1 = 15;
            s.service_credits[0].credit_bp = 1000;
        });
        assert!(!stronger.material, "{}", stronger.summary);
        assert_eq!(stronger.summary, "Terms edited");
    }

    #[test]
    fn changing_the_licence_or_stage_is_material() {
        let mut case = sample();
        case.commercial.licence = "Proprietary".into();
        case.stage = Stage::Fbc;
        let change = compare(Some(&sample()), &case);
        assert!(change.material);
        assert_eq!(
            change.summary,
            "Licence changed from MIT to Proprietary; stage changed from OBC to FBC"
        );
    }

    #[test]
    fn text_edits_only_notify() {
        let mut case = sample();
        case.strategic.scope = "Repairs reporting and tracking".into();
        case.management.governance = "Funders' board, monthly".into();
        let change = compare(Some(&sample()), &case);
        assert!(!change.material);
        assert_eq!(change.summary, "Strategic, management case edited");
        assert_eq!(compare(Some(&sample()), &sample()).summary, "No changes");
    }
}
