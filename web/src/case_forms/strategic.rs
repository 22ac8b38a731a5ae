//! The strategic case page's form: stage, case for change, objectives, scope, dependencies.

use yew::prelude::*;

use super::{field, setter, SectionFormProps};
use crate::case_draft::paths::field_id;
use crate::case_draft::StrategicDraft;
use crate::components::radios::{radios, RadiosProps};
use crate::components::string_list::{string_list, StringListProps};
use crate::components::textarea::{textarea, TextareaProps};
use crate::vocabulary::stages;

/// The strategic case's questions.
pub fn strategic_form(props: &SectionFormProps<StrategicDraft>) -> Html {
    let (draft, errors, onchange) = (&props.draft, &props.errors, &props.onchange);
    let (stage_id, stage_error) = field(errors, "stage");
    let (case_id, case_error) = field(errors, "strategic.case_for_change");
    let (scope_id, scope_error) = field(errors, "strategic.scope");
    html! {
        <>
            { radios(&yew::props!(RadiosProps {
                id: stage_id,
                legend: "What stage is the business case at?",
                hint: "The HM Treasury stage: most ideas start as a strategic outline case",
                options: stages(),
                value: AttrValue::from(draft.stage.clone()),
                onchange: setter(draft, onchange, |d: &mut StrategicDraft, v| d.stage = v),
                error: stage_error,
                legend_classes: "govuk-fieldset__legend--m",
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: case_id,
                label: "Case for change",
                hint: "Why change is needed: the problem, who has it and what it costs now",
                value: AttrValue::from(draft.case_for_change.clone()),
                oninput: setter(draft, onchange, |d: &mut StrategicDraft, v| d.case_for_change = v),
                error: case_error,
                rows: 8,
            })) }
            { string_list(&yew::props!(StringListProps {
                id: field_id("strategic.spending_objectives"),
                legend: "Spending objectives",
                item: "Objective",
                hint: "Specific, measurable, achievable, relevant and time-bound, like “Move 60% of repair reports online within 12 months”",
                values: draft.spending_objectives.clone(),
                errors: errors.clone(),
                onchange: setter(draft, onchange, |d: &mut StrategicDraft, v| d.spending_objectives = v),
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: scope_id,
                label: "Scope",
                hint: "What is in scope and what is not",
                value: AttrValue::from(draft.scope.clone()),
                oninput: setter(draft, onchange, |d: &mut StrategicDraft, v| d.scope = v),
                error: scope_error,
            })) }
            { string_list(&yew::props!(StringListProps {
                id: field_id("strategic.dependencies"),
                legend: "Dependencies (optional)",
                item: "Dependency",
                hint: "Other work, systems or decisions this depends on",
                values: draft.dependencies.clone(),
                errors: errors.clone(),
                onchange: setter(draft, onchange, |d: &mut StrategicDraft, v| d.dependencies = v),
            })) }
        </>
    }
}
