//! The contract summary and SLA as typed.

use cc2i_shared::business_case::{PriorityMinutes, ServiceCredit, Sla, Terms};
use cc2i_shared::money::format_bp;
use serde::Serialize;

use super::check::{all_blank, Check};
use crate::form_errors::FormErrors;

/// One service credit as typed, both percentages.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct CreditDraft {
    /// The availability below which it applies.
    pub below: String,
    /// The share of the monthly charge credited.
    pub credit: String,
}

/// The contract and SLA.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct TermsDraft {
    /// The contract in plain words.
    pub contract_summary: String,
    /// Monthly availability target, a percentage.
    pub availability: String,
    /// When support is staffed.
    pub support_hours: String,
    /// Minutes to respond, P1 to P4.
    pub response: [String; 4],
    /// Minutes to resolve, P1 to P4.
    pub resolution: [String; 4],
    /// Credits when availability falls short.
    pub service_credits: Vec<CreditDraft>,
}

/// A percentage answer: 9990 basis points is "99.9".
pub fn percent_answer(bp: u32) -> String {
    format_bp(bp.into()).trim_end_matches('%').to_owned()
}

impl TermsDraft {
    /// Nothing answered yet, with room for one service credit.
    pub fn blank() -> Self {
        TermsDraft {
            service_credits: vec![CreditDraft::default()],
            ..TermsDraft::default()
        }
    }

    /// The answers of a saved version.
    pub fn from_terms(terms: &Terms) -> Self {
        let sla = &terms.sla;
        TermsDraft {
            contract_summary: terms.contract_summary.clone(),
            availability: percent_answer(sla.availability_bp),
            support_hours: sla.support_hours.clone(),
            response: sla.response_minutes.all().map(|m| m.to_string()),
            resolution: sla.resolution_minutes.all().map(|m| m.to_string()),
            service_credits: sla
                .service_credits
                .iter()
                .map(|c| CreditDraft {
                    below: percent_answer(c.below_availability_bp),
                    credit: percent_answer(c.credit_bp),
                })
                .collect(),
        }
    }

    /// Drops blank service credits.
    pub fn tidy(&mut self) {
        self.service_credits
            .retain(|c| !all_blank(&[&c.below, &c.credit]));
    }

    /// The terms, or what is wrong.
    pub fn check(&self) -> Result<Terms, FormErrors> {
        let mut check = Check::default();
        let contract_summary = check.text(
            "terms.contract_summary",
            &self.contract_summary,
            "Enter a summary of the contract",
        );
        let availability_bp = check.percent(
            "terms.sla.availability_bp",
            &self.availability,
            "the availability target",
            "99.9",
        );
        let support_hours = check.text(
            "terms.sla.support_hours",
            &self.support_hours,
            "Enter the support hours",
        );
        let mut minutes = |kind: &str, values: &[String; 4]| {
            let [p1, p2, p3, p4] = [0, 1, 2, 3].map(|i| {
                check.whole(
                    &format!("terms.sla.{kind}_minutes.p{}", i + 1),
                    &values[i],
                    &format!("the P{} {kind} time in minutes", i + 1),
                    "240",
                )
            });
            PriorityMinutes { p1, p2, p3, p4 }
        };
        let response_minutes = minutes("response", &self.response);
        let resolution_minutes = minutes("resolution", &self.resolution);
        let service_credits = self
            .service_credits
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let path = |field: &str| format!("terms.sla.service_credits[{i}].{field}");
                let n = i + 1;
                ServiceCredit {
                    below_availability_bp: check.percent(
                        &path("below_availability_bp"),
                        &c.below,
                        &format!("the availability level of service credit {n}"),
                        "99.5",
                    ),
                    credit_bp: check.percent(
                        &path("credit_bp"),
                        &c.credit,
                        &format!("the credit of service credit {n}"),
                        "5",
                    ),
                }
            })
            .collect();
        check.finish(Some(Terms {
            contract_summary,
            sla: Sla {
                availability_bp,
                support_hours,
                response_minutes,
                resolution_minutes,
                service_credits,
            },
        }))
    }
}
