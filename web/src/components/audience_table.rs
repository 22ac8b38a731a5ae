//! The organisations CC2i told about an idea: why, when, and whether they have pledged.

use cc2i_shared::radar::AudienceMember;
use yew::prelude::*;

use super::invitations_table::responded;
use super::match_reasons::match_reasons;
use super::route_link::RouteLink;
use super::scroll_region::scroll_region;
use crate::app::Route;
use crate::dates::long_date;

/// Organisation (linked), why (strength and reasons), told on, and responded.
pub fn audience_table(audience: &[AudienceMember], title: &str) -> Html {
    let row = |m: &AudienceMember| {
        html! {
            <tr class="govuk-table__row" key={m.organisation_id.clone()}>
                <th scope="row" class="govuk-table__header">
                    <RouteLink to={Route::Organisation { id: m.organisation_id.clone() }}>
                        { &m.organisation_name }
                    </RouteLink>
                </th>
                <td class="govuk-table__cell">
                    { match_reasons(i64::from(m.score), &m.reasons) }
                </td>
                <td class="govuk-table__cell">{ long_date(&m.notified_at) }</td>
                <td class="govuk-table__cell">{ responded(m.pledged) }</td>
            </tr>
        }
    };
    let table = html! {
        <table class="govuk-table app-audience">
            <caption class="govuk-table__caption govuk-table__caption--m">
                { format!("Organisations told about {title}") }
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Organisation" }</th>
                    <th scope="col" class="govuk-table__header">{ "Why" }</th>
                    <th scope="col" class="govuk-table__header">{ "Told on" }</th>
                    <th scope="col" class="govuk-table__header">{ "Responded" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for audience.iter().map(row) }
            </tbody>
        </table>
    };
    scroll_region("Organisations told", table)
}
