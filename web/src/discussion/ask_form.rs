//! Asking a question: which organisation asks (when the viewer has several) and the question.

use cc2i_shared::discussion::{AskQuestion, MAX_QUESTION_CHARS};
use yew::prelude::*;

use super::errors::check_text;
use crate::components::radios::{radios, RadiosProps};
use crate::components::textarea::{textarea, TextareaProps};
use crate::form_errors::FormErrors;
use crate::vocabulary::Choice;

/// The question's input.
pub const QUESTION_ID: &str = "question";
/// The organisation radios.
pub const ORGANISATION_ID: &str = "asking-organisation";

/// Props for [`AskForm`].
#[derive(Properties, PartialEq)]
pub struct AskFormProps {
    /// The viewer's verified organisations other than the proposer: (id, name).
    pub organisations: Vec<Choice>,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with a question that passed the checks here.
    pub onsubmit: Callback<AskQuestion>,
    /// Called with what is wrong otherwise.
    pub onerror: Callback<FormErrors>,
}

/// The form.
#[function_component]
pub fn AskForm(props: &AskFormProps) -> Html {
    let body = use_state(String::new);
    let chosen = use_state(|| match props.organisations.as_slice() {
        [(id, _)] => id.to_string(),
        _ => String::new(),
    });
    let onsubmit = {
        let (body, chosen) = (body.clone(), chosen.clone());
        let (onsubmit, onerror, several) = (
            props.onsubmit.clone(),
            props.onerror.clone(),
            props.organisations.len() > 1,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errors = FormErrors::default();
            if several && chosen.is_empty() {
                errors.push(Some(ORGANISATION_ID), "Select which organisation is asking");
            }
            check_text(
                &mut errors,
                &AttrValue::Static(QUESTION_ID),
                &body,
                "Enter your question",
                "Your question",
                MAX_QUESTION_CHARS,
            );
            if errors.is_empty() {
                onsubmit.emit(AskQuestion {
                    body: (*body).clone(),
                    organisation_id: several.then(|| (*chosen).clone()),
                });
            } else {
                onerror.emit(errors);
            }
        })
    };
    let oninput = {
        let body = body.clone();
        Callback::from(move |value: String| body.set(value))
    };
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |value: String| chosen.set(value))
    };
    html! {
        <form novalidate=true class="app-ask-form" {onsubmit}>
            if props.organisations.len() > 1 {
                { radios(&yew::props!(RadiosProps {
                    id: ORGANISATION_ID,
                    legend: "Which organisation is asking?",
                    legend_classes: classes!("govuk-fieldset__legend--s"),
                    options: props.organisations.clone(),
                    value: (*chosen).clone(),
                    onchange: onchange,
                    error: props.errors.field(ORGANISATION_ID),
                })) }
            }
            { textarea(&yew::props!(TextareaProps {
                id: QUESTION_ID,
                label: "Your question",
                hint: "Questions and answers are public. They are shown with your organisation’s name, not yours.",
                value: (*body).clone(),
                oninput: oninput,
                error: props.errors.field(QUESTION_ID),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">{ "Ask question" }</button>
        </form>
    }
}
