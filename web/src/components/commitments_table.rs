//! What each funder pays once an idea is funded, with totals.

use cc2i_shared::money::{format_bp, format_pence};
use serde::Deserialize;
use yew::prelude::*;

use super::scroll_region::scroll_region;

/// One funder's final share, as `GET /ideas/{id}/commitments` sends it. The API keeps this
/// type to itself (not in `cc2i-shared`), so only the fields shown are read here.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Commitment {
    /// The funder's name.
    pub organisation_name: String,
    /// The share it pledged.
    pub pledged_share_bp: i64,
    /// Its final share; all of them sum to 10000.
    pub final_share_bp: i64,
    /// What it pays; all of them sum to the target.
    pub final_amount_pence: i64,
}

/// Organisation, pledged share, final share and final amount, then the totals.
pub fn commitments_table(list: &[Commitment]) -> Html {
    let pledged: i64 = list.iter().map(|c| c.pledged_share_bp).sum();
    let share: i64 = list.iter().map(|c| c.final_share_bp).sum();
    let amount: i64 = list.iter().map(|c| c.final_amount_pence).sum();
    let numeric = "govuk-table__cell govuk-table__cell--numeric";
    let table = html! {
        <table class="govuk-table app-commitments">
            <caption class="govuk-table__caption govuk-table__caption--s">{ "What each funder pays" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Organisation" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Pledged share" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Final share" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Final amount" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for list.iter().map(|c| html! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{ &c.organisation_name }</th>
                        <td class={numeric}>{ format_bp(c.pledged_share_bp) }</td>
                        <td class={numeric}>{ format_bp(c.final_share_bp) }</td>
                        <td class={numeric}>{ format_pence(c.final_amount_pence) }</td>
                    </tr>
                }) }
                <tr class="govuk-table__row app-table__row--total">
                    <th scope="row" class="govuk-table__header">{ "Total" }</th>
                    <td class={numeric}>{ format_bp(pledged) }</td>
                    <td class={numeric} id="commitments-share">{ format_bp(share) }</td>
                    <td class={numeric} id="commitments-amount">{ format_pence(amount) }</td>
                </tr>
            </tbody>
        </table>
    };
    scroll_region("What each funder pays", table)
}
