//! The deliveries log of a webhook: each event sent, how it went, and a retry button.

use cc2i_shared::webhook::WebhookDelivery;
use yew::prelude::*;

use super::webhooks_table::delivery_tag;
use crate::dates::long_date_time;

/// Props for [`deliveries_table`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct DeliveriesTableProps {
    /// Newest first.
    pub deliveries: Vec<WebhookDelivery>,
    /// Called with the id of the delivery to send again.
    pub onretry: Callback<String>,
}

/// Time, event, HTTP status, attempts and result of each delivery.
pub fn deliveries_table(props: &DeliveriesTableProps) -> Html {
    let row = |d: &WebhookDelivery| {
        let onclick = {
            let id = d.id.clone();
            props.onretry.reform(move |_: MouseEvent| id.clone())
        };
        let code = match d.last_status_code {
            Some(code) => code.to_string(),
            None if d.attempts == 0 => "Not sent yet".to_owned(),
            None => "No answer".to_owned(),
        };
        html! {
            <tr class="govuk-table__row">
                <td class="govuk-table__cell">{ long_date_time(&d.created_at) }</td>
                <td class="govuk-table__cell">
                    { d.event_type.label() }
                    <br />
                    <span class="govuk-body-s">{ d.event_type.code() }</span>
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{ code }</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{ d.attempts }</td>
                <td class="govuk-table__cell">
                    { delivery_tag(d.status) }
                    if let Some(error) = &d.last_error {
                        <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0 app-table__cell--break">{ error }</p>
                    }
                    if let Some(next) = &d.next_attempt_at {
                        <p class="govuk-body-s govuk-!-margin-bottom-0">{ format!("Next attempt {}", long_date_time(next)) }</p>
                    }
                </td>
                <td class="govuk-table__cell">
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" {onclick}>
                        { "Retry" }
                        <span class="govuk-visually-hidden">{ format!(" the {} event of {}", d.event_type.code(), long_date_time(&d.created_at)) }</span>
                    </button>
                </td>
            </tr>
        }
    };
    html! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">{ "Recent deliveries" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Time" }</th>
                    <th scope="col" class="govuk-table__header">{ "Event" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Status code" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Attempts" }</th>
                    <th scope="col" class="govuk-table__header">{ "Result" }</th>
                    <th scope="col" class="govuk-table__header">{ "Action" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for props.deliveries.iter().map(row) }
            </tbody>
        </table>
    }
}
