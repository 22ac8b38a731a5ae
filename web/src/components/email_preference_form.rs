//! How often CC2i emails someone about their notifications.

use serde::{Deserialize, Serialize};
use yew::prelude::*;

use super::radios::Radios;
use crate::form_errors::FormErrors;
use crate::vocabulary::Choice;

/// The preference as `GET`/`PUT /me/notification-preferences` carry it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationPreferences {
    /// `immediate`, `daily`, `weekly` or `off`.
    pub email: String,
}

/// The choices, in order of how often they email.
fn frequencies() -> Vec<Choice> {
    [
        (
            "immediate",
            "Straight away, one email for each notification",
        ),
        ("daily", "Once a day, in a daily digest"),
        ("weekly", "Once a week, in a weekly digest"),
        ("off", "Never"),
    ]
    .into_iter()
    .map(|(code, label)| (AttrValue::Static(code), AttrValue::Static(label)))
    .collect()
}

/// Props for [`EmailPreferenceForm`].
#[derive(Properties, PartialEq)]
pub struct EmailPreferenceFormProps {
    /// The saved preference's code.
    pub saved: AttrValue,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the chosen code.
    pub onsave: Callback<String>,
}

/// GOV.UK radios with a Save button.
#[function_component]
pub fn EmailPreferenceForm(props: &EmailPreferenceFormProps) -> Html {
    let chosen = use_state(|| props.saved.to_string());
    let onsubmit = {
        let chosen = chosen.clone();
        props.onsave.reform(move |e: SubmitEvent| {
            e.prevent_default();
            (*chosen).clone()
        })
    };
    html! {
        <form novalidate=true {onsubmit}>
            <Radios
                id="email"
                legend="How often should CC2i email you about your notifications?"
                legend_classes="govuk-fieldset__legend--s"
                hint="You will always see your notifications in CC2i, whatever you choose."
                options={frequencies()}
                value={AttrValue::from((*chosen).clone())}
                onchange={Callback::from(move |code| chosen.set(code))}
                error={props.errors.field("email")}
            />
            <button type="submit" class="govuk-button" data-module="govuk-button">
                { "Save email preference" }
            </button>
        </form>
    }
}
