//! The financial case as typed: the cost lines, funding sources and affordability.

use cc2i_shared::business_case::{CostCategory, CostLine, FinancialCase};
use serde::Serialize;

use super::check::{all_blank, Check};
use super::economic::pounds_answer;
use crate::form_errors::FormErrors;
use crate::vocabulary::{code_of, COST_CATEGORIES};

/// One cost line as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct CostLineDraft {
    /// What the money is for.
    pub description: String,
    /// Pounds.
    pub amount: String,
    /// "capital" or "revenue".
    pub category: String,
    /// The first calendar year of the financial year.
    pub year: String,
}

impl CostLineDraft {
    fn is_blank(&self) -> bool {
        all_blank(&[&self.description, &self.amount, &self.category, &self.year])
    }
}

/// The budget and how it is paid for.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct FinancialDraft {
    /// The cost lines.
    pub cost_lines: Vec<CostLineDraft>,
    /// Where the money comes from.
    pub funding_sources: String,
    /// Why it is affordable.
    pub affordability: String,
}

impl FinancialDraft {
    /// Nothing answered yet, with room for one cost.
    pub fn blank() -> Self {
        FinancialDraft {
            cost_lines: vec![CostLineDraft::default()],
            ..FinancialDraft::default()
        }
    }

    /// The answers of a saved version.
    pub fn from_case(case: &FinancialCase) -> Self {
        FinancialDraft {
            cost_lines: case
                .cost_lines
                .iter()
                .map(|l| CostLineDraft {
                    description: l.description.clone(),
                    amount: pounds_answer(l.amount_pence),
                    category: code_of(&COST_CATEGORIES, &l.category).to_owned(),
                    year: l.year.to_string(),
                })
                .collect(),
            funding_sources: case.funding_sources.clone(),
            affordability: case.affordability.clone(),
        }
    }

    /// Drops blank cost lines, keeping one.
    pub fn tidy(&mut self) {
        self.cost_lines.retain(|l| !l.is_blank());
        if self.cost_lines.is_empty() {
            self.cost_lines.push(CostLineDraft::default());
        }
    }

    /// The case, or what is wrong.
    pub fn check(&self) -> Result<FinancialCase, FormErrors> {
        let mut check = Check::default();
        let cost_lines = self
            .cost_lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let path = |field: &str| format!("financial.cost_lines[{i}].{field}");
                let n = i + 1;
                CostLine {
                    description: check.text(
                        &path("description"),
                        &l.description,
                        format!("Enter what cost {n} is for"),
                    ),
                    amount_pence: check.pounds(
                        &path("amount_pence"),
                        &l.amount,
                        &format!("the amount of cost {n}"),
                    ),
                    category: check
                        .choice(
                            &path("category"),
                            &l.category,
                            &COST_CATEGORIES,
                            format!("Select whether cost {n} is capital or revenue"),
                        )
                        .unwrap_or(CostCategory::Revenue),
                    year: check.whole(
                        &path("year"),
                        &l.year,
                        &format!("the financial year of cost {n}"),
                        "2027",
                    ) as i32,
                }
            })
            .collect::<Vec<_>>();
        check.finish(Some(FinancialCase {
            cost_lines,
            funding_sources: self.funding_sources.trim().to_owned(),
            affordability: self.affordability.trim().to_owned(),
        }))
    }
}
