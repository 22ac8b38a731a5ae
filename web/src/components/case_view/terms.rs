//! The contract and the service level agreement.

use cc2i_shared::business_case::Terms;
use cc2i_shared::money::format_bp;
use yew::prelude::*;

use super::{row, text};
use crate::components::summary_list::summary_list;
use crate::units::minutes_in_words;

/// The priorities, P1 first, as people call them.
pub const PRIORITIES: [&str; 4] = ["P1 (critical)", "P2 (high)", "P3 (medium)", "P4 (low)"];

/// The contract summary and SLA as a summary list, then the service credits as a table.
pub fn terms_view(terms: &Terms) -> Html {
    let sla = &terms.sla;
    let (respond, resolve) = (sla.response_minutes.all(), sla.resolution_minutes.all());
    let mut rows = vec![
        row("Contract", text(&terms.contract_summary)),
        row(
            "Availability target",
            html! { format!("{} each month", format_bp(sla.availability_bp.into())) },
        ),
        row("Support hours", html! { &sla.support_hours }),
    ];
    for (index, priority) in PRIORITIES.iter().enumerate() {
        rows.push(row(
            priority,
            html! {
                <>
                    { format!("Response within {}", minutes_in_words(respond[index])) }<br />
                    { format!("Resolution within {}", minutes_in_words(resolve[index])) }
                </>
            },
        ));
    }
    html! {
        <>
            { summary_list(&rows) }
            if sla.service_credits.is_empty() {
                <p class="govuk-body">{ "No service credits." }</p>
            } else {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">{ "Service credits" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "If availability in a month falls below" }</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Credit, as a share of the monthly charge" }</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for sla.service_credits.iter().map(|c| html! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{ format_bp(c.below_availability_bp.into()) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{ format_bp(c.credit_bp.into()) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </>
    }
}
