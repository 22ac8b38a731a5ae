//! An idea's open data: its public funders list as CSV and, once it is funded, its Open
//! Contracting Data Standard (OCDS) release package.

use cc2i_shared::lifecycle::IdeaStatus;
use yew::prelude::*;

use crate::api::segment;

/// Whether the idea publishes OCDS releases (funded and after).
pub fn has_ocds(status: IdeaStatus) -> bool {
    matches!(
        status,
        IdeaStatus::Funded | IdeaStatus::InDelivery | IdeaStatus::Delivered
    )
}

/// The links for a public idea.
pub fn open_data_links(idea_id: &str, status: IdeaStatus) -> Html {
    let id = segment(idea_id);
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Open data" }</h2>
            <ul class="govuk-list" id="open-data">
                <li>
                    <a class="govuk-link" href={format!("/api/v1/ideas/{id}/pledges.csv")}
                        download={format!("cc2i-idea-{idea_id}-pledges.csv")}>
                        { "Download funders (CSV)" }
                    </a>
                </li>
                if has_ocds(status) {
                    <li>
                        <a class="govuk-link" href={format!("/api/v1/ideas/{id}/ocds")} type="application/json">
                            { "Open contracting data (OCDS)" }
                        </a>
                        <p class="govuk-body-s govuk-!-margin-top-1">
                            { "An OCDS 1.1 release package in JSON: the budget, each funder’s commitment and, once in delivery, the milestones." }
                        </p>
                    </li>
                }
            </ul>
        </>
    }
}
