//! The proposer's decision on one requirement: a status and a note, inside a details
//! element so the backlog stays readable.

use cc2i_shared::backlog::{Requirement, RequirementStatus, UpdateRequirement};
use yew::prelude::*;

use super::select::{select, SelectProps};
use super::textarea::{textarea, TextareaProps};
use crate::form_errors::FormErrors;
use crate::vocabulary::Choice;

fn statuses() -> Vec<Choice> {
    RequirementStatus::ALL
        .iter()
        .map(|s| (AttrValue::Static(s.code()), AttrValue::Static(s.label())))
        .collect()
}

/// The ids of the form's inputs for a requirement (where error summary links point).
pub fn field_ids(requirement_id: &str) -> (String, String) {
    (
        format!("status-{requirement_id}"),
        format!("note-{requirement_id}"),
    )
}

/// Props for [`RequirementStatusForm`].
#[derive(Properties, PartialEq)]
pub struct RequirementStatusFormProps {
    /// The requirement as it stands.
    pub requirement: Requirement,
    /// Errors from the last attempt (keyed by this form's input ids).
    pub errors: FormErrors,
    /// Called with the requirement's id and the decision.
    pub onsubmit: Callback<(String, UpdateRequirement)>,
}

/// "Change status": a select of statuses and a note, saved together.
#[function_component]
pub fn RequirementStatusForm(props: &RequirementStatusFormProps) -> Html {
    let r = &props.requirement;
    let status = use_state(|| r.status);
    let note = use_state(|| r.status_note.clone().unwrap_or_default());
    let (status_id, note_id) = field_ids(&r.id);
    let status_error = props.errors.field(&status_id);
    let note_error = props.errors.field(&note_id);
    let onsubmit = {
        let (status, note, id) = (status.clone(), note.clone(), r.id.clone());
        props.onsubmit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            let text = note.trim().to_owned();
            (
                id.clone(),
                UpdateRequirement {
                    status: *status,
                    note: (!text.is_empty()).then_some(text),
                },
            )
        })
    };
    let onstatus = {
        let status = status.clone();
        Callback::from(move |code: String| {
            if let Some(s) = RequirementStatus::from_code(&code) {
                status.set(s);
            }
        })
    };
    let onnote = {
        let note = note.clone();
        Callback::from(move |v: String| note.set(v))
    };
    let has_error = status_error.is_some() || note_error.is_some();
    html! {
        <details class="govuk-details govuk-!-margin-top-4 govuk-!-margin-bottom-0" open={has_error}>
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">
                    { "Change status" }
                    <span class="govuk-visually-hidden">{ format!(" of {}", r.title) }</span>
                </span>
            </summary>
            <div class="govuk-details__text">
                <form novalidate=true {onsubmit}>
                    { select(&yew::props!(SelectProps {
                        id: status_id,
                        label: "Status",
                        value: AttrValue::Static(status.code()),
                        options: statuses(),
                        onchange: onstatus,
                        error: status_error,
                    })) }
                    { textarea(&yew::props!(TextareaProps {
                        id: note_id,
                        label: "Note (optional unless you decline it)",
                        hint: "Say what you decided and why. Its author and the organisations that voted for it are told.",
                        rows: 3,
                        value: AttrValue::from((*note).clone()),
                        oninput: onnote,
                        error: note_error,
                    })) }
                    <button type="submit" class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
                        { "Save status" }
                        <span class="govuk-visually-hidden">{ format!(" of {}", r.title) }</span>
                    </button>
                </form>
            </div>
        </details>
    }
}
