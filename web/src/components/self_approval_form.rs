//! The organisation setting for pledges that need no second approver.

use cc2i_shared::money::format_pence;
use yew::prelude::*;

use super::text_input::{text_input, TextInputProps};
use crate::form_errors::FormErrors;

/// Props for [`SelfApprovalForm`].
#[derive(Properties, PartialEq)]
pub struct SelfApprovalFormProps {
    /// The current limit in pence.
    pub limit_pence: i64,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the limit as typed.
    pub onsubmit: Callback<String>,
}

/// "Self-approval limit" in pounds, with the current value as its hint.
#[function_component]
pub fn SelfApprovalForm(props: &SelfApprovalFormProps) -> Html {
    let value = use_state(String::new);
    let onsubmit = {
        let value = value.clone();
        props.onsubmit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            (*value).clone()
        })
    };
    html! {
        <form novalidate=true {onsubmit}>
            <h2 class="govuk-heading-m">{ "Pledge approval" }</h2>
            <p class="govuk-body">
                { "A pledge by an owner or admin up to this amount counts at once. A larger pledge, or any pledge by a member, waits for another owner or admin to approve it." }
            </p>
            { text_input(&yew::props!(TextInputProps {
                id: "self_approval_limit_pence",
                label: "Self-approval limit",
                hint: format!("In pounds. Currently {}", format_pence(props.limit_pence)),
                prefix: "£",
                inputmode: "decimal",
                classes: "govuk-input--width-10",
                value: AttrValue::from((*value).clone()),
                oninput: Callback::from(move |v| value.set(v)),
                error: props.errors.field("self_approval_limit_pence"),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">
                { "Save limit" }
            </button>
        </form>
    }
}
