//! How often CC2i emails someone about their notifications.

use cc2i_shared::notification::EmailCadence;
use yew::prelude::*;

use super::radios::{radios, RadiosProps};
use crate::form_errors::FormErrors;
use crate::vocabulary::Choice;

/// The cadences as choices, from the most email to none.
fn cadences() -> Vec<Choice> {
    EmailCadence::ALL
        .iter()
        .map(|c| {
            let label = match c {
                EmailCadence::Immediate => "Straight away, one email for each notification",
                EmailCadence::Daily => "Once a day, in a daily digest",
                EmailCadence::Weekly => "Once a week, in a weekly digest",
                EmailCadence::Off => "Never",
            };
            (AttrValue::Static(c.code()), AttrValue::Static(label))
        })
        .collect()
}

/// Props for [`EmailPreferenceForm`].
#[derive(Properties, PartialEq)]
pub struct EmailPreferenceFormProps {
    /// The saved cadence.
    pub saved: EmailCadence,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the chosen cadence.
    pub onsave: Callback<EmailCadence>,
}

/// GOV.UK radios with a Save button.
#[function_component]
pub fn EmailPreferenceForm(props: &EmailPreferenceFormProps) -> Html {
    let chosen = use_state(|| props.saved);
    let onsubmit = {
        let chosen = chosen.clone();
        props.onsave.reform(move |e: SubmitEvent| {
            e.prevent_default();
            *chosen
        })
    };
    html! {
        <form novalidate=true {onsubmit}>
            { radios(&yew::props!(RadiosProps {
                id: "email",
                legend: "How often should CC2i email you about your notifications?",
                legend_classes: "govuk-fieldset__legend--s",
                hint: "You will always see your notifications in CC2i, whatever you choose.",
                options: cadences(),
                value: chosen.code(),
                onchange: Callback::from(move |code: String| {
                    chosen.set(EmailCadence::from_code(&code).unwrap_or_default());
                }),
                error: props.errors.field("email"),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">
                { "Save email preference" }
            </button>
        </form>
    }
}
