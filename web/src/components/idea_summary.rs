//! One idea in a list: title, proposer, summary, service areas, cost, time left and funding.

use cc2i_shared::idea::Idea;
use cc2i_shared::money::format_pence;
use yew::prelude::*;

use super::funding_progress::funding_progress;
use super::route_link::RouteLink;
use super::tag::idea_status_tag;
use crate::app::Route;
use crate::dates::time_left;

/// Props for [`IdeaSummary`].
#[derive(Properties, PartialEq)]
pub struct IdeaSummaryProps {
    /// The idea.
    pub idea: Idea,
    /// Whether to show its status (lists of open ideas need not).
    #[prop_or_default]
    pub show_status: bool,
}

/// A list item for the idea, its title linking to its page.
#[function_component]
pub fn IdeaSummary(props: &IdeaSummaryProps) -> Html {
    let idea = &props.idea;
    let org = &idea.organisation;
    let open = idea.status == cc2i_shared::lifecycle::IdeaStatus::Open;
    html! {
        <li class="app-results__item">
            <h3 class="govuk-heading-m govuk-!-margin-bottom-1">
                <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ &idea.title }</RouteLink>
            </h3>
            <p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-2">
                { format!("Proposed by {} ({}, {})", org.name, org.kind.label(), org.region.label()) }
            </p>
            if props.show_status {
                <p class="govuk-body-s govuk-!-margin-bottom-2">{ idea_status_tag(idea.status) }</p>
            }
            <p class="govuk-body">{ &idea.summary }</p>
            <ul class="govuk-list app-tags" aria-label="Service areas">
                { for idea.service_areas.iter().map(|a| html! {
                    <li><strong class="govuk-tag govuk-tag--grey">{ a.label() }</strong></li>
                }) }
            </ul>
            <p class="govuk-body govuk-!-margin-bottom-2">
                <span class="govuk-!-font-weight-bold">{ "Target cost: " }</span>
                { format_pence(idea.target_cost_pence) }
                if open {
                    { " · " }{ time_left(&idea.deadline) }
                }
            </p>
            { funding_progress(&idea.funding, &idea.id, &idea.title) }
        </li>
    }
}
