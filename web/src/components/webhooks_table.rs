//! The table of an organisation's webhooks, each with its deliveries log and removal.

use cc2i_shared::webhook::{DeliveryStatus, Webhook};
use yew::prelude::*;

use super::confirm_action::ConfirmAction;
use super::route_link::RouteLink;
use super::tag::tag;
use crate::app::Route;

/// A delivery's result as a GOV.UK tag.
pub fn delivery_tag(status: DeliveryStatus) -> Html {
    match status {
        DeliveryStatus::Delivered => tag("Delivered", Some("green")),
        DeliveryStatus::Pending => tag("Retrying", Some("yellow")),
        DeliveryStatus::Failed => tag("Failed", Some("red")),
    }
}

/// Props for [`webhooks_table`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct WebhooksTableProps {
    /// The organisation's id (for links).
    pub organisation_id: AttrValue,
    /// Its webhooks.
    pub webhooks: Vec<Webhook>,
    /// Called with the id of the webhook to remove, once confirmed.
    pub ondelete: Callback<String>,
}

/// URL, events, whether it is active, the last delivery, and actions.
pub fn webhooks_table(props: &WebhooksTableProps) -> Html {
    let row = |hook: &Webhook| {
        let onconfirm = {
            let id = hook.id.clone();
            props.ondelete.reform(move |()| id.clone())
        };
        let last = match &hook.last_delivery {
            Some(d) => html! {
                <>
                    { delivery_tag(d.status) }
                    if let Some(code) = d.status_code {
                        <span class="govuk-body-s">{ format!(" HTTP {code}") }</span>
                    }
                </>
            },
            None => html! { { "None yet" } },
        };
        html! {
            <tr class="govuk-table__row">
                <td class="govuk-table__cell app-table__cell--break">{ &hook.url }</td>
                <td class="govuk-table__cell">
                    <ul class="govuk-list govuk-body-s">
                        { for hook.events.iter().map(|e| html! { <li>{ e.code() }</li> }) }
                    </ul>
                </td>
                <td class="govuk-table__cell">
                    if hook.active {
                        { tag("Active", Some("green")) }
                    } else {
                        { tag("Paused", Some("grey")) }
                    }
                </td>
                <td class="govuk-table__cell">{ last }</td>
                <td class="govuk-table__cell">
                    <p class="govuk-body">
                        <RouteLink to={Route::WebhookDeliveries { id: props.organisation_id.to_string(), webhook_id: hook.id.clone() }}>
                            { "Deliveries" }
                            <span class="govuk-visually-hidden">{ format!(" to {}", hook.url) }</span>
                        </RouteLink>
                    </p>
                    <ConfirmAction
                        label="Delete"
                        warning={format!("Nothing more will be sent to {} and its deliveries log will be deleted.", hook.url)}
                        confirm="Yes, delete this webhook"
                        warning_button=true
                        {onconfirm}
                    />
                </td>
            </tr>
        }
    };
    html! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">{ "Webhooks" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "URL" }</th>
                    <th scope="col" class="govuk-table__header">{ "Events" }</th>
                    <th scope="col" class="govuk-table__header">{ "Status" }</th>
                    <th scope="col" class="govuk-table__header">{ "Last delivery" }</th>
                    <th scope="col" class="govuk-table__header">{ "Actions" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for props.webhooks.iter().map(row) }
            </tbody>
        </table>
    }
}
