//! The economic case as typed: the options and which is preferred.

use cc2i_shared::business_case::{EconomicCase, EconomicOption};
use cc2i_shared::money::format_pence;
use serde::Serialize;

use super::check::{all_blank, Check};
use crate::form_errors::FormErrors;

/// One option as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct OptionDraft {
    /// Like "Do minimum".
    pub name: String,
    /// What it involves.
    pub description: String,
    /// Whole-life cost in pounds.
    pub cost: String,
    /// Its benefits.
    pub benefits: String,
}

impl OptionDraft {
    fn is_blank(&self) -> bool {
        all_blank(&[&self.name, &self.description, &self.cost, &self.benefits])
    }
}

/// The options and the index of the preferred one.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct EconomicDraft {
    /// The options considered.
    pub options: Vec<OptionDraft>,
    /// The preferred option's index, as a string; empty when none is chosen.
    pub preferred: String,
}

/// Pence as a pounds answer: `125050` is "1,250.50".
pub fn pounds_answer(pence: i64) -> String {
    format_pence(pence).replacen('£', "", 1)
}

impl EconomicDraft {
    /// Nothing answered yet, with room for one option.
    pub fn blank() -> Self {
        EconomicDraft {
            options: vec![OptionDraft::default()],
            preferred: String::new(),
        }
    }

    /// The answers of a saved version.
    pub fn from_case(case: &EconomicCase) -> Self {
        EconomicDraft {
            options: case
                .options
                .iter()
                .map(|o| OptionDraft {
                    name: o.name.clone(),
                    description: o.description.clone(),
                    cost: pounds_answer(o.cost_pence),
                    benefits: o.benefits.clone(),
                })
                .collect(),
            preferred: case.preferred_option.to_string(),
        }
    }

    /// Removes an option, keeping the preferred one preferred.
    pub fn remove(&mut self, index: usize) {
        if index >= self.options.len() {
            return;
        }
        self.options.remove(index);
        self.preferred = match self.preferred.parse::<usize>() {
            Ok(p) if p == index => String::new(),
            Ok(p) if p > index => (p - 1).to_string(),
            _ => self.preferred.clone(),
        };
    }

    /// Drops blank options, keeping one.
    pub fn tidy(&mut self) {
        let mut index = self.options.len();
        while index > 0 {
            index -= 1;
            if self.options[index].is_blank() && self.options.len() > 1 {
                self.remove(index);
            }
        }
    }

    /// The case, or what is wrong.
    pub fn check(&self) -> Result<EconomicCase, FormErrors> {
        let mut check = Check::default();
        let options = self
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let path = |field: &str| format!("economic.options[{i}].{field}");
                let n = i + 1;
                EconomicOption {
                    name: check.text(
                        &path("name"),
                        &o.name,
                        format!("Enter a name for option {n}"),
                    ),
                    description: o.description.trim().to_owned(),
                    cost_pence: check.pounds(
                        &path("cost_pence"),
                        &o.cost,
                        &format!("the whole-life cost of option {n}"),
                    ),
                    benefits: o.benefits.trim().to_owned(),
                }
            })
            .collect::<Vec<_>>();
        let preferred = self
            .preferred
            .parse::<u32>()
            .ok()
            .filter(|p| (*p as usize) < options.len());
        if preferred.is_none() {
            check.fail("economic.preferred_option", "Select the preferred option");
        }
        check.finish(preferred.map(|preferred_option| EconomicCase {
            options,
            preferred_option,
        }))
    }
}
