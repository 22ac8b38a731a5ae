//! The proposer answers a question, once.

use cc2i_shared::discussion::MAX_ANSWER_CHARS;
use yew::prelude::*;

use super::errors::check_text;
use crate::components::textarea::{textarea, TextareaProps};
use crate::form_errors::FormErrors;

/// The answer input's id for a question.
pub fn answer_id(question_id: &str) -> AttrValue {
    format!("answer-{question_id}").into()
}

/// Props for [`AnswerForm`].
#[derive(Properties, PartialEq)]
pub struct AnswerFormProps {
    /// The question's id.
    pub question_id: AttrValue,
    /// Who asked, for the label.
    pub asker: AttrValue,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with an answer that passed the checks here.
    pub onsubmit: Callback<String>,
    /// Called with what is wrong otherwise.
    pub onerror: Callback<FormErrors>,
}

/// A textarea and "Publish answer".
#[function_component]
pub fn AnswerForm(props: &AnswerFormProps) -> Html {
    let body = use_state(String::new);
    let id = answer_id(&props.question_id);
    let onsubmit = {
        let (body, id) = (body.clone(), id.clone());
        let (onsubmit, onerror) = (props.onsubmit.clone(), props.onerror.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errors = FormErrors::default();
            check_text(
                &mut errors,
                &id,
                &body,
                "Enter your answer",
                "Your answer",
                MAX_ANSWER_CHARS,
            );
            if errors.is_empty() {
                onsubmit.emit((*body).clone());
            } else {
                onerror.emit(errors);
            }
        })
    };
    let oninput = {
        let body = body.clone();
        Callback::from(move |value: String| body.set(value))
    };
    html! {
        <form novalidate=true class="app-answer-form" {onsubmit}>
            { textarea(&yew::props!(TextareaProps {
                id: id.clone(),
                label: format!("Your answer to {}", props.asker),
                hint: "Answers are public and cannot be changed once published.",
                value: (*body).clone(),
                oninput: oninput,
                error: props.errors.field(&id),
                rows: 4,
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">{ "Publish answer" }</button>
        </form>
    }
}
