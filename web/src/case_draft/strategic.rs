//! The stage and the strategic case as typed.

use cc2i_shared::business_case::{Stage, StrategicCase};
use serde::Serialize;

use super::check::Check;
use crate::form_errors::FormErrors;
use crate::vocabulary::{stage_code, STAGES};

/// Stage, case for change, objectives, scope and dependencies.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct StrategicDraft {
    /// The stage's code.
    pub stage: String,
    /// Why change is needed.
    pub case_for_change: String,
    /// One objective per entry.
    pub spending_objectives: Vec<String>,
    /// What is in and out of scope.
    pub scope: String,
    /// One dependency per entry.
    pub dependencies: Vec<String>,
}

/// Drops blank entries, keeping one empty entry if `keep_one` and none are left.
pub fn tidy_strings(values: &mut Vec<String>, keep_one: bool) {
    values.retain(|v| !v.trim().is_empty());
    if keep_one && values.is_empty() {
        values.push(String::new());
    }
}

impl StrategicDraft {
    /// Nothing answered yet, with room for one objective.
    pub fn blank() -> Self {
        StrategicDraft {
            spending_objectives: vec![String::new()],
            ..StrategicDraft::default()
        }
    }

    /// The answers of a saved version.
    pub fn from_case(stage: Stage, case: &StrategicCase) -> Self {
        StrategicDraft {
            stage: stage_code(stage).to_owned(),
            case_for_change: case.case_for_change.clone(),
            spending_objectives: case.spending_objectives.clone(),
            scope: case.scope.clone(),
            dependencies: case.dependencies.clone(),
        }
    }

    /// Drops blank objectives and dependencies.
    pub fn tidy(&mut self) {
        tidy_strings(&mut self.spending_objectives, true);
        tidy_strings(&mut self.dependencies, false);
    }

    /// The stage and the case, or what is wrong.
    pub fn check(&self) -> Result<(Stage, StrategicCase), FormErrors> {
        let mut check = Check::default();
        let stage = STAGES.into_iter().find(|s| stage_code(*s) == self.stage);
        if stage.is_none() {
            check.fail("stage", "Select the stage of the business case");
        }
        let case_for_change = check.text(
            "strategic.case_for_change",
            &self.case_for_change,
            "Enter the case for change",
        );
        let objectives: Vec<String> = self
            .spending_objectives
            .iter()
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        if objectives.is_empty() {
            check.fail(
                "strategic.spending_objectives[0]",
                "Enter at least one spending objective",
            );
        }
        let scope = check.text(
            "strategic.scope",
            &self.scope,
            "Enter what is in and out of scope",
        );
        let dependencies = self
            .dependencies
            .iter()
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty())
            .collect();
        check.finish(stage.map(|stage| {
            (
                stage,
                StrategicCase {
                    case_for_change,
                    spending_objectives: objectives,
                    scope,
                    dependencies,
                },
            )
        }))
    }
}
