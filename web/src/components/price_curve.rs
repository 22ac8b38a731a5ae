//! The price curve: what a funder at the average share would pay as more organisations join,
//! as a table with simple bars and the same in words.

use cc2i_shared::fair_share::{self, PricePoint};
use cc2i_shared::idea::Idea;
use cc2i_shared::money::{format_bp, format_pence};
use yew::prelude::*;

use super::scroll_region::scroll_region;

/// How many joiners the curve looks ahead.
const JOINERS: i64 = 5;

/// The curve for an idea, counting `extra_bp` from one more funder (a share being previewed).
pub fn curve_for(idea: &Idea, extra_bp: i64) -> Vec<PricePoint> {
    let funding = &idea.funding;
    let (pledged, count) = if extra_bp > 0 {
        (funding.pledged_bp + extra_bp, funding.pledger_count + 1)
    } else {
        (funding.pledged_bp, funding.pledger_count)
    };
    fair_share::price_curve(
        funding.target_cost_pence,
        pledged,
        count,
        i64::from(idea.min_pledgers),
        JOINERS,
    )
}

/// What `share_bp` comes to once `joiners` more organisations join at the average share: every
/// share is scaled down pro rata once the total passes 100%.
pub fn share_after_joiners(idea: &Idea, share_bp: i64, joiners: i64) -> i64 {
    let funding = &idea.funding;
    let pledged = funding.pledged_bp + share_bp;
    let average = pledged / (funding.pledger_count + 1);
    let total = pledged + joiners * average;
    if total > 10_000 {
        (i128::from(share_bp) * 10_000 / i128::from(total)) as i64
    } else {
        share_bp
    }
}

/// "If N more organisations join": funders, share each and amount each, with a bar per row.
pub fn price_curve(idea: &Idea) -> Html {
    let curve = curve_for(idea, 0);
    let row = |point: &PricePoint| {
        // An SVG bar rather than a `style` attribute, which the Content-Security-Policy refuses.
        // The share as a percentage with two decimals, from 0.50 to 100.00, written from the
        // integer basis points: formatting an `f64` would bring float printing into the bundle.
        let bp = point.share_bp.clamp(50, 10_000);
        let width = format!("{}.{:02}", bp / 100, bp % 100);
        html! {
            <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">{ point.funders }</th>
                <td class="govuk-table__cell">
                    <svg class="app-curve__bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width={width} height="10"></rect></svg>
                    { format_bp(point.share_bp) }
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(point.amount_pence) }</td>
            </tr>
        }
    };
    let table = html! {
        <table class="govuk-table app-curve">
            <caption class="govuk-table__caption govuk-table__caption--s">
                { "What each organisation would pay as more join at the average share" }
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Organisations funding" }</th>
                    <th scope="col" class="govuk-table__header">{ "Share each" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Amount each" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for curve.iter().map(row) }
            </tbody>
        </table>
    };
    html! {
        <>
            <h3 class="govuk-heading-s">{ "Price curve" }</h3>
            <p class="govuk-body">
                { "Once pledges pass 100%, every share is scaled down, so each funder pays less the more organisations join." }
            </p>
            { scroll_region("Price curve", table) }
        </>
    }
}
