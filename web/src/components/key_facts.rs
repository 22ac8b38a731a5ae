//! An idea's key facts: who proposes it, what it serves, what it costs, when it closes and
//! the rules of its campaign.

use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::money::{format_bp, format_pence};
use yew::prelude::*;

use super::route_link::RouteLink;
use super::summary_list::summary_list;
use super::tag::verification_tag;
use crate::app::Route;
use crate::dates::{long_date, time_left};

/// The key facts as a summary list.
pub fn key_facts(idea: &Idea) -> Html {
    let closes = if idea.status == IdeaStatus::Open {
        format!(
            "{} ({})",
            long_date(&idea.deadline),
            time_left(&idea.deadline).to_ascii_lowercase()
        )
    } else {
        long_date(&idea.deadline)
    };
    let min_pledge = i64::from(idea.min_pledge_bp);
    let currency = if idea.currency == "GBP" {
        "Pounds sterling (GBP)".to_owned()
    } else {
        idea.currency.clone()
    };
    let org = &idea.organisation;
    let mut rows = vec![
        (
            "Proposed by".into(),
            html! {
                <>
                    <RouteLink to={Route::Organisation { id: org.id.clone() }}>{ &org.name }</RouteLink>
                    { format!(" ({}, {}) ", org.kind.label(), org.region.label()) }
                    { verification_tag(org.verified) }
                </>
            },
        ),
        (
            "Service areas".into(),
            html! {
                <ul class="govuk-list">
                    { for idea.service_areas.iter().map(|a| html! { <li>{ a.label() }</li> }) }
                </ul>
            },
        ),
        (
            "Target cost".into(),
            html! { format_pence(idea.target_cost_pence) },
        ),
        ("Closes".into(), html! { closes }),
        (
            "Fewest funders needed".into(),
            html! {
                match idea.min_pledgers {
                    1 => "1 organisation".to_owned(),
                    n => format!("{n} organisations"),
                }
            },
        ),
        (
            "Smallest pledge".into(),
            html! {
                format!(
                    "{} of the cost ({} at the current target)",
                    format_bp(min_pledge),
                    format_pence(idea.target_cost_pence * min_pledge / 10_000)
                )
            },
        ),
        (
            "Pledges capped at".into(),
            html! { format!("{} of the cost in total", format_bp(idea.max_total_bp.into())) },
        ),
        ("Currency".into(), html! { currency }),
    ];
    if let Some(at) = &idea.published_at {
        rows.push(("Published".into(), html! { long_date(at) }));
    }
    summary_list(&rows)
}
