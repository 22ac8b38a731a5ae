//! The form that adds an existing user to an organisation.

use cc2i_shared::{AddMember, OrgRole};
use yew::prelude::*;

use super::select::{select, SelectProps};
use super::text_input::{text_input, TextInputProps};
use crate::form_errors::FormErrors;
use crate::vocabulary::roles;

/// Props for [`AddMemberForm`].
#[derive(Properties, PartialEq)]
pub struct AddMemberFormProps {
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the member to add.
    pub onsubmit: Callback<AddMember>,
}

/// Email address and role; the page gives it a new `key` to clear it after success.
#[function_component]
pub fn AddMemberForm(props: &AddMemberFormProps) -> Html {
    let email = use_state(String::new);
    let role = use_state(|| OrgRole::Member.code().to_owned());
    let onsubmit = {
        let (email, role) = (email.clone(), role.clone());
        props.onsubmit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            AddMember {
                email: email.trim().to_owned(),
                role: OrgRole::from_code(&role).unwrap_or(OrgRole::Member),
            }
        })
    };
    html! {
        <form novalidate=true {onsubmit}>
            <h2 class="govuk-heading-m">{ "Add a member" }</h2>
            <p class="govuk-body">{ "We will email them an invitation: they join once they accept it." }</p>
            { text_input(&yew::props!(TextInputProps {
                id: "email",
                label: "Email address",
                hint: "They must already have a CC2i account",
                input_type: "email",
                autocomplete: "off",
                classes: "govuk-!-width-two-thirds",
                value: AttrValue::from((*email).clone()),
                oninput: Callback::from(move |v| email.set(v)),
                error: props.errors.field("email"),
            })) }
            { select(&yew::props!(SelectProps {
                id: "role",
                label: "Role",
                options: roles(),
                value: AttrValue::from((*role).clone()),
                onchange: Callback::from(move |v| role.set(v)),
                error: props.errors.field("role"),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">
                { "Send invitation" }
            </button>
        </form>
    }
}
