//! The invitations sent for an idea: who, and when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use super::route_link::RouteLink;
use crate::app::Route;
use crate::dates::long_date;

/// Whom to invite, as `POST /ideas/{id}/invitations` takes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewInvitations {
    /// Organisations, whose members are told in CC2i.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organisation_ids: Vec<String>,
    /// People, who get an email (with a sign-up link if they have no account).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// A note from the proposer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// One invitation as `GET /ideas/{id}/invitations` lists it; only the fields shown are read.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Invitation {
    /// The invited organisation, when it was one.
    #[serde(default)]
    pub organisation_id: Option<String>,
    /// Its name.
    #[serde(default)]
    pub organisation_name: Option<String>,
    /// The invited address, when it was one.
    #[serde(default)]
    pub email: Option<String>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
}

/// Who was invited (an organisation, linked, or an email address) and when.
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
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for invitations.iter().map(|i| html! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell app-table__cell--break">{ who(i) }</td>
                        <td class="govuk-table__cell">{ long_date(&i.created_at) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
