//! Posting an update: title, text and who may read it.

use cc2i_shared::discussion::{
    PostUpdate, UpdateAudience, MAX_UPDATE_BODY_CHARS, MAX_UPDATE_TITLE_CHARS,
};
use yew::prelude::*;

use super::errors::check_text;
use crate::components::radios::{radios, RadiosProps};
use crate::components::text_input::{text_input, TextInputProps};
use crate::components::textarea::{textarea, TextareaProps};
use crate::form_errors::FormErrors;

/// The title input.
pub const TITLE_ID: &str = "update-title";
/// The text input.
pub const BODY_ID: &str = "update-body";
/// The audience radios.
pub const AUDIENCE_ID: &str = "audience";

/// Props for [`UpdateForm`].
#[derive(Properties, PartialEq)]
pub struct UpdateFormProps {
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with an update that passed the checks here.
    pub onsubmit: Callback<PostUpdate>,
    /// Called with what is wrong otherwise.
    pub onerror: Callback<FormErrors>,
}

/// The form.
#[function_component]
pub fn UpdateForm(props: &UpdateFormProps) -> Html {
    let title = use_state(String::new);
    let body = use_state(String::new);
    let audience = use_state(String::new);
    let onsubmit = {
        let (title, body, audience) = (title.clone(), body.clone(), audience.clone());
        let (onsubmit, onerror) = (props.onsubmit.clone(), props.onerror.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errors = FormErrors::default();
            check_text(
                &mut errors,
                &AttrValue::Static(TITLE_ID),
                &title,
                "Enter a title",
                "The title",
                MAX_UPDATE_TITLE_CHARS,
            );
            check_text(
                &mut errors,
                &AttrValue::Static(BODY_ID),
                &body,
                "Enter the update",
                "The update",
                MAX_UPDATE_BODY_CHARS,
            );
            let chosen = UpdateAudience::from_code(&audience);
            if chosen.is_none() {
                errors.push(Some(AUDIENCE_ID), "Select who can read this update");
            }
            match (errors.is_empty(), chosen) {
                (true, Some(audience)) => onsubmit.emit(PostUpdate {
                    title: (*title).clone(),
                    body: (*body).clone(),
                    audience,
                }),
                _ => onerror.emit(errors),
            }
        })
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |value: String| state.set(value))
    };
    let options = vec![
        (
            AttrValue::Static("public"),
            AttrValue::Static("Everyone: it is public, and funders and followers are told"),
        ),
        (
            AttrValue::Static("funders"),
            AttrValue::Static(
                "Funders only: members of organisations with an active or committed pledge",
            ),
        ),
    ];
    html! {
        <form novalidate=true class="app-update-form" onsubmit={onsubmit}>
            { text_input(&yew::props!(TextInputProps {
                id: TITLE_ID,
                label: "Title",
                value: (*title).clone(),
                oninput: set(&title),
                error: props.errors.field(TITLE_ID),
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: BODY_ID,
                label: "Update",
                hint: "What has happened, what is next, and anything funders need to decide. You can use ## headings and - lists.",
                value: (*body).clone(),
                oninput: set(&body),
                error: props.errors.field(BODY_ID),
                rows: 6,
            })) }
            { radios(&yew::props!(RadiosProps {
                id: AUDIENCE_ID,
                legend: "Who can read this update?",
                legend_classes: classes!("govuk-fieldset__legend--s"),
                options: options,
                value: (*audience).clone(),
                onchange: set(&audience),
                error: props.errors.field(AUDIENCE_ID),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">{ "Post update" }</button>
        </form>
    }
}
