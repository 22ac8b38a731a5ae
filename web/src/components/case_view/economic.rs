//! The economic case: the options considered and the preferred one.

use cc2i_shared::business_case::EconomicCase;
use cc2i_shared::money::format_pence;
use yew::prelude::*;

use crate::components::scroll_region::scroll_region;
use crate::components::tag::tag;

/// The options as a table, the preferred one marked.
pub fn economic_view(case: &EconomicCase) -> Html {
    let preferred = case.preferred_option as usize;
    let option = |(index, option): (usize, &cc2i_shared::business_case::EconomicOption)| {
        html! {
            <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                    { &option.name }
                    if index == preferred {
                        <br />{ tag("Preferred option", Some("green")) }
                    }
                </th>
                <td class="govuk-table__cell">{ &option.description }</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(option.cost_pence) }</td>
                <td class="govuk-table__cell">{ &option.benefits }</td>
            </tr>
        }
    };
    let preferred_name = case
        .options
        .get(preferred)
        .map(|o| o.name.clone())
        .unwrap_or_default();
    html! {
        <>
            <p class="govuk-body">
                { "Preferred option: " }<strong>{ preferred_name }</strong>
            </p>
            { scroll_region("Options considered", html! {
                <table class="govuk-table app-table--small">
                    <caption class="govuk-table__caption govuk-table__caption--s">{ "Options considered" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "Option" }</th>
                            <th scope="col" class="govuk-table__header">{ "What it involves" }</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Whole-life cost" }</th>
                            <th scope="col" class="govuk-table__header">{ "Benefits" }</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for case.options.iter().enumerate().map(option) }
                    </tbody>
                </table>
            }) }
        </>
    }
}
