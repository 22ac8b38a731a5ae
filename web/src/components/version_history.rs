//! The business case's versions, newest first: who made each, when, and what changed.

use cc2i_shared::business_case::BusinessCaseVersionSummary;
use cc2i_shared::money::format_pence;
use yew::prelude::*;

use super::scroll_region::scroll_region;
use super::tag::tag;
use crate::dates::long_date;

/// A table of versions; material changes are tagged.
pub fn version_history(versions: &[BusinessCaseVersionSummary]) -> Html {
    let row = |v: &BusinessCaseVersionSummary| {
        html! {
            <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">{ v.version }</th>
                <td class="govuk-table__cell">{ long_date(&v.created_at) }</td>
                <td class="govuk-table__cell">{ &v.created_by_name }</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(v.target_cost_pence) }</td>
                <td class="govuk-table__cell">
                    { &v.change_summary }
                    if v.material_change {
                        <br />{ tag("Material change", Some("orange")) }
                    }
                </td>
            </tr>
        }
    };
    scroll_region(
        "Versions of the business case",
        html! {
            <table class="govuk-table app-table--small">
                <caption class="govuk-table__caption govuk-visually-hidden">{ "Versions of the business case, newest first" }</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">{ "Version" }</th>
                        <th scope="col" class="govuk-table__header">{ "Date" }</th>
                        <th scope="col" class="govuk-table__header">{ "Made by" }</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Target cost" }</th>
                        <th scope="col" class="govuk-table__header">{ "What changed" }</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    { for versions.iter().map(row) }
                </tbody>
            </table>
        },
    )
}
