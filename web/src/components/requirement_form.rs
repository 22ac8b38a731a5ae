//! Adding a requirement to a backlog.

use cc2i_shared::backlog::{CreateRequirement, OrganisationRef};
use yew::prelude::*;

use super::radios::{radios, RadiosProps};
use super::text_input::{text_input, TextInputProps};
use super::textarea::{textarea, TextareaProps};
use crate::form_errors::FormErrors;

/// Props for [`RequirementForm`].
#[derive(Properties, PartialEq)]
pub struct RequirementFormProps {
    /// The organisations the viewer may add for; the first is the default.
    pub organisations: Vec<OrganisationRef>,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the new requirement.
    pub onsubmit: Callback<CreateRequirement>,
}

/// Title, description and (for people in several organisations) on whose behalf.
#[function_component]
pub fn RequirementForm(props: &RequirementFormProps) -> Html {
    let title = use_state(String::new);
    let description = use_state(String::new);
    let first = props.organisations.first().map(|o| o.id.clone());
    let organisation = use_state(|| first.clone().unwrap_or_default());
    let onsubmit = {
        let (title, description, organisation) =
            (title.clone(), description.clone(), organisation.clone());
        props.onsubmit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            CreateRequirement {
                title: title.trim().to_owned(),
                description: description.trim().to_owned(),
                organisation_id: (!organisation.is_empty()).then(|| (*organisation).clone()),
            }
        })
    };
    let text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |v: String| state.set(v))
    };
    let options = props
        .organisations
        .iter()
        .map(|o| {
            (
                AttrValue::from(o.id.clone()),
                AttrValue::from(o.name.clone()),
            )
        })
        .collect::<Vec<_>>();
    let only = match props.organisations.as_slice() {
        [one] => Some(one.name.clone()),
        _ => None,
    };
    html! {
        <form novalidate=true class="app-requirement-form" {onsubmit}>
            { text_input(&yew::props!(TextInputProps {
                id: "title",
                label: "Title",
                hint: "A short name for what you need, like ‘Let tenants attach a video’",
                value: AttrValue::from((*title).clone()),
                oninput: text(&title),
                error: props.errors.field("title"),
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: "description",
                label: "What is needed and why",
                hint: "Who needs it, what they would do with it and what difference it makes",
                value: AttrValue::from((*description).clone()),
                oninput: text(&description),
                error: props.errors.field("description"),
            })) }
            if let Some(name) = only {
                <p class="govuk-body">{ format!("You add it on behalf of {name}.") }</p>
            } else {
                { radios(&yew::props!(RadiosProps {
                    id: "organisation_id",
                    legend: "Which organisation is asking for it?",
                    options: options,
                    value: AttrValue::from((*organisation).clone()),
                    onchange: text(&organisation),
                    error: props.errors.field("organisation_id"),
                })) }
            }
            <button type="submit" class="govuk-button" data-module="govuk-button">
                { "Add requirement" }
            </button>
        </form>
    }
}
