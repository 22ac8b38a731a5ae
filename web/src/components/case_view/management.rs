//! The management case: governance, the delivery plan and the risk register.

use cc2i_shared::business_case::ManagementCase;
use yew::prelude::*;

use super::{row, text};
use crate::components::scroll_region::scroll_region;
use crate::components::summary_list::summary_list;
use crate::dates::long_day;
use crate::vocabulary::{label_of, LEVELS};

/// Governance and benefits, then the milestones and risks as tables.
pub fn management_view(case: &ManagementCase) -> Html {
    let rows = vec![
        row("Governance", text(&case.governance)),
        row("Benefits realisation", text(&case.benefits_realisation)),
    ];
    let header =
        |text: &'static str| html! { <th scope="col" class="govuk-table__header">{ text }</th> };
    html! {
        <>
            { summary_list(&rows) }
            if case.milestones.is_empty() {
                <p class="govuk-body">{ "No milestones given." }</p>
            } else {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">{ "Milestones" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">{ header("Milestone") }{ header("Due by") }</tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for case.milestones.iter().map(|m| html! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{ &m.title }</td>
                                <td class="govuk-table__cell">{ long_day(m.due_date) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if case.risks.is_empty() {
                <p class="govuk-body">{ "No risks given." }</p>
            } else {
                { scroll_region("Risks", html! {
                    <table class="govuk-table app-table--small">
                        <caption class="govuk-table__caption govuk-table__caption--s">{ "Risks" }</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                { header("Risk") }{ header("Likelihood") }{ header("Impact") }{ header("Mitigation") }
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            { for case.risks.iter().map(|r| html! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">{ &r.description }</td>
                                    <td class="govuk-table__cell">{ label_of(&LEVELS, &r.likelihood) }</td>
                                    <td class="govuk-table__cell">{ label_of(&LEVELS, &r.impact) }</td>
                                    <td class="govuk-table__cell">{ &r.mitigation }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }) }
            }
        </>
    }
}
