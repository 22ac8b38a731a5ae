//! The organisations pledging to an idea, with their shares.

use cc2i_shared::money::format_bp;
use cc2i_shared::pledge::{PledgeStatus, PublicPledge};
use yew::prelude::*;

use super::tag::tag;

/// The tag colour for a pledge status.
pub fn pledge_colour(status: PledgeStatus) -> Option<&'static str> {
    match status {
        PledgeStatus::Active | PledgeStatus::Committed => Some("green"),
        PledgeStatus::PendingApproval => Some("yellow"),
        PledgeStatus::NeedsReconsent => Some("orange"),
        PledgeStatus::Rejected => Some("red"),
        PledgeStatus::Released | PledgeStatus::Withdrawn | PledgeStatus::Lapsed => Some("grey"),
    }
}

/// Live and committed pledges: organisation, share and status.
pub fn funders_table(pledges: &[PublicPledge]) -> Html {
    let shown: Vec<&PublicPledge> = pledges
        .iter()
        .filter(|p| p.status.is_live() || p.status == PledgeStatus::Committed)
        .collect();
    if shown.is_empty() {
        return html! { <p class="govuk-body">{ "No organisation has pledged yet." }</p> };
    }
    html! {
        <table class="govuk-table app-funders">
            <caption class="govuk-table__caption govuk-table__caption--s">{ "Funders" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Organisation" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Share" }</th>
                    <th scope="col" class="govuk-table__header">{ "Status" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for shown.iter().map(|p| html! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{ &p.organisation_name }</th>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ format_bp(p.share_bp) }</td>
                        <td class="govuk-table__cell">
                            { tag(p.status.label(), pledge_colour(p.status)) }
                            if !p.condition_met {
                                <span class="govuk-body-s">{ " Condition not yet met" }</span>
                            }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
