//! The invitations sent for an idea: who, and when.

use cc2i_shared::invitation::Invitation;
use yew::prelude::*;

use super::route_link::RouteLink;
use super::tag::tag;
use crate::app::Route;
use crate::dates::long_date;

/// Who was invited (an organisation, linked, or an email address), when, and whether they
/// have pledged since.
pub fn invitations_table(invitations: &[Invitation]) -> Html {
    if invitations.is_empty() {
        return html! { <p class="govuk-body">{ "No invitations have been sent yet." }</p> };
    }
    let who = |i: &Invitation| match (&i.organisation_id, &i.organisation_name, &i.email) {
        (Some(id), name, _) => html! {
            <RouteLink to={Route::Organisation { id: id.clone() }}>
                { name.clone().unwrap_or_else(|| "An organisation".to_owned()) }
            </RouteLink>
        },
        (None, _, Some(email)) => html! { email },
        _ => html! { "—" },
    };
    html! {
        <table class="govuk-table app-invitations">
            <caption class="govuk-table__caption govuk-table__caption--m">{ "Invitations sent" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Invited" }</th>
                    <th scope="col" class="govuk-table__header">{ "Sent on" }</th>
                    <th scope="col" class="govuk-table__header">{ "Responded" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for invitations.iter().map(|i| html! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell app-table__cell--break">{ who(i) }</td>
                        <td class="govuk-table__cell">{ long_date(&i.created_at) }</td>
                        <td class="govuk-table__cell">{ responded(i.pledged) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// "Pledged" in green, or "Not yet" in grey.
pub fn responded(pledged: bool) -> Html {
    if pledged {
        tag("Pledged", Some("green"))
    } else {
        tag("Not yet", Some("grey"))
    }
}
