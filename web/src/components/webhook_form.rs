//! The form that adds a webhook: its URL and the events it receives.

use cc2i_shared::webhook::{CreateWebhook, WebhookEventType};
use yew::prelude::*;

use super::checkboxes::{checkboxes, CheckboxesProps};
use super::text_input::{text_input, TextInputProps};
use crate::form_errors::FormErrors;
use crate::vocabulary::Choice;

/// Props for [`WebhookForm`].
#[derive(Properties, PartialEq)]
pub struct WebhookFormProps {
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the new webhook.
    pub onsubmit: Callback<CreateWebhook>,
}

fn events() -> Vec<Choice> {
    WebhookEventType::ALL
        .iter()
        .map(|t| {
            (
                AttrValue::Static(t.code()),
                AttrValue::from(format!("{} ({})", t.label(), t.code())),
            )
        })
        .collect()
}

/// A URL and a checkbox per event type. The page gives it a new `key` to clear it.
#[function_component]
pub fn WebhookForm(props: &WebhookFormProps) -> Html {
    let url = use_state(String::new);
    let ticked = use_state(Vec::<AttrValue>::new);
    let ontoggle = {
        let ticked = ticked.clone();
        Callback::from(move |(code, on): (AttrValue, bool)| {
            let mut next: Vec<AttrValue> = ticked.iter().filter(|c| **c != code).cloned().collect();
            if on {
                next.push(code);
            }
            ticked.set(next);
        })
    };
    let onsubmit = {
        let (url, ticked) = (url.clone(), ticked.clone());
        props.onsubmit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            CreateWebhook {
                url: url.trim().to_owned(),
                events: WebhookEventType::ALL
                    .into_iter()
                    .filter(|t| ticked.iter().any(|c| c.as_str() == t.code()))
                    .collect(),
            }
        })
    };
    html! {
        <form novalidate=true {onsubmit}>
            <h2 class="govuk-heading-m">{ "Add a webhook" }</h2>
            { text_input(&yew::props!(TextInputProps {
                id: "url",
                label: "Endpoint URL",
                hint: "An https address on the public internet, like https://finance.example.gov.uk/cc2i/events",
                input_type: "url",
                value: AttrValue::from((*url).clone()),
                oninput: Callback::from(move |v| url.set(v)),
                error: props.errors.field("url"),
            })) }
            { checkboxes(&yew::props!(CheckboxesProps {
                id: "events",
                legend: "Events to send",
                hint: "Your organisation receives events about ideas it proposed, pledged to or was invited to.",
                options: events(),
                checked: (*ticked).clone(),
                ontoggle: ontoggle,
                error: props.errors.field("events"),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">
                { "Add webhook" }
            </button>
        </form>
    }
}
