//! What platform staff can do with an idea in review: publish it, or send it back with a reason.

use yew::prelude::*;

use super::textarea::{textarea, TextareaProps};
use crate::form_errors::FormErrors;

/// Props for [`ReviewActions`].
#[derive(Properties, PartialEq)]
pub struct ReviewActionsProps {
    /// Errors from the last attempt (the reason's is on `reason`).
    pub errors: FormErrors,
    /// Called to publish the idea.
    pub onpublish: Callback<()>,
    /// Called with the reason to send it back.
    pub onrequest: Callback<String>,
}

/// A Publish button, then a form to ask for changes.
#[function_component]
pub fn ReviewActions(props: &ReviewActionsProps) -> Html {
    let reason = use_state(String::new);
    let onsubmit = {
        let reason = reason.clone();
        props.onrequest.reform(move |e: SubmitEvent| {
            e.prevent_default();
            reason.trim().to_owned()
        })
    };
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Review this idea" }</h2>
            <p class="govuk-body">
                { "Publish it if the business case is complete and credible. It then takes pledges until it closes." }
            </p>
            <button
                type="button"
                class="govuk-button"
                data-module="govuk-button"
                onclick={props.onpublish.reform(|_: MouseEvent| ())}
            >
                { "Publish this idea" }
            </button>
            <form novalidate=true {onsubmit}>
                { textarea(&yew::props!(TextareaProps {
                    id: "reason",
                    label: "Or ask for changes: what needs to change?",
                    hint: "The proposer sees this on their task list. The idea goes back to draft.",
                    value: AttrValue::from((*reason).clone()),
                    oninput: Callback::from(move |v| reason.set(v)),
                    error: props.errors.field("reason"),
                    rows: 4,
                })) }
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                    { "Send back for changes" }
                </button>
            </form>
        </>
    }
}
