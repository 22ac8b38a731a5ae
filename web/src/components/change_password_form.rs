//! The form that changes the signed-in user's password.

use cc2i_shared::ChangePassword;
use yew::prelude::*;

use super::text_input::{text_input, TextInputProps};
use crate::form_errors::FormErrors;

/// Props for [`ChangePasswordForm`].
#[derive(Properties, PartialEq)]
pub struct ChangePasswordFormProps {
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the current and new passwords.
    pub onsubmit: Callback<ChangePassword>,
}

/// Current and new password; the page gives it a new `key` to clear it after success.
#[function_component]
pub fn ChangePasswordForm(props: &ChangePasswordFormProps) -> Html {
    let current = use_state(String::new);
    let new = use_state(String::new);
    let onsubmit = {
        let (current, new) = (current.clone(), new.clone());
        props.onsubmit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            ChangePassword {
                current_password: (*current).clone(),
                new_password: (*new).clone(),
            }
        })
    };
    html! {
        <form novalidate=true {onsubmit}>
            { text_input(&yew::props!(TextInputProps {
                id: "current_password",
                label: "Current password",
                input_type: "password",
                autocomplete: "current-password",
                classes: "govuk-!-width-two-thirds",
                value: AttrValue::from((*current).clone()),
                oninput: Callback::from(move |v| current.set(v)),
                error: props.errors.field("current_password"),
            })) }
            { text_input(&yew::props!(TextInputProps {
                id: "new_password",
                label: "New password",
                hint: "Use at least 12 characters. A phrase of 3 or more unrelated words is strong and easy to remember.",
                input_type: "password",
                autocomplete: "new-password",
                classes: "govuk-!-width-two-thirds",
                value: AttrValue::from((*new).clone()),
                oninput: Callback::from(move |v| new.set(v)),
                error: props.errors.field("new_password"),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">
                { "Change password" }
            </button>
        </form>
    }
}
