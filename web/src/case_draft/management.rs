//! The management case as typed: governance, milestones, risks and benefits.

use cc2i_shared::business_case::{Level, ManagementCase, Milestone, Risk};
use serde::Serialize;

use super::check::{all_blank, Check};
use crate::components::date_input::DateParts;
use crate::form_errors::FormErrors;
use crate::vocabulary::{code_of, LEVELS};

/// One milestone as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct MilestoneDraft {
    /// What is delivered.
    pub title: String,
    /// When.
    pub due: DateParts,
}

/// One risk as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct RiskDraft {
    /// The risk.
    pub description: String,
    /// "low", "medium" or "high".
    pub likelihood: String,
    /// "low", "medium" or "high".
    pub impact: String,
    /// What is done about it.
    pub mitigation: String,
}

/// Governance, milestones, risks and benefits realisation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct ManagementDraft {
    /// Who decides what.
    pub governance: String,
    /// The delivery plan.
    pub milestones: Vec<MilestoneDraft>,
    /// The risk register.
    pub risks: Vec<RiskDraft>,
    /// How benefits will be measured.
    pub benefits_realisation: String,
}

impl ManagementDraft {
    /// Nothing answered yet, with room for one milestone and one risk.
    pub fn blank() -> Self {
        ManagementDraft {
            milestones: vec![MilestoneDraft::default()],
            risks: vec![RiskDraft::default()],
            ..ManagementDraft::default()
        }
    }

    /// The answers of a saved version.
    pub fn from_case(case: &ManagementCase) -> Self {
        ManagementDraft {
            governance: case.governance.clone(),
            milestones: case
                .milestones
                .iter()
                .map(|m| MilestoneDraft {
                    title: m.title.clone(),
                    due: DateParts::from_date(m.due_date),
                })
                .collect(),
            risks: case
                .risks
                .iter()
                .map(|r| RiskDraft {
                    description: r.description.clone(),
                    likelihood: code_of(&LEVELS, &r.likelihood).to_owned(),
                    impact: code_of(&LEVELS, &r.impact).to_owned(),
                    mitigation: r.mitigation.clone(),
                })
                .collect(),
            benefits_realisation: case.benefits_realisation.clone(),
        }
    }

    /// Drops blank milestones and risks.
    pub fn tidy(&mut self) {
        self.milestones
            .retain(|m| !(m.title.trim().is_empty() && m.due.is_blank()));
        self.risks
            .retain(|r| !all_blank(&[&r.description, &r.likelihood, &r.impact, &r.mitigation]));
    }

    /// The case, or what is wrong.
    pub fn check(&self) -> Result<ManagementCase, FormErrors> {
        let mut check = Check::default();
        let governance = check.text(
            "management.governance",
            &self.governance,
            "Enter how the work is governed",
        );
        let milestones = self
            .milestones
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let path = |field: &str| format!("management.milestones[{i}].{field}");
                let n = i + 1;
                Milestone {
                    title: check.text(
                        &path("title"),
                        &m.title,
                        format!("Enter what milestone {n} delivers"),
                    ),
                    due_date: check.date(
                        &path("due_date"),
                        &m.due,
                        &format!("the due date of milestone {n}"),
                    ),
                }
            })
            .collect();
        let risks = self
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let path = |field: &str| format!("management.risks[{i}].{field}");
                let n = i + 1;
                let mut level = |field: &str, value: &str, what: &str| {
                    check
                        .choice(
                            &path(field),
                            value,
                            &LEVELS,
                            format!("Select the {what} of risk {n}"),
                        )
                        .unwrap_or(Level::Low)
                };
                let likelihood = level("likelihood", &r.likelihood, "likelihood");
                let impact = level("impact", &r.impact, "impact");
                Risk {
                    description: check.text(
                        &path("description"),
                        &r.description,
                        format!("Describe risk {n}"),
                    ),
                    likelihood,
                    impact,
                    mitigation: r.mitigation.trim().to_owned(),
                }
            })
            .collect();
        check.finish(Some(ManagementCase {
            governance,
            milestones,
            risks,
            benefits_realisation: self.benefits_realisation.trim().to_owned(),
        }))
    }
}
