//! One requirement of a backlog: its status, its score as words and as a bar, who voted for
//! it, and the vote buttons open to the viewer.

use cc2i_shared::backlog::{OrganisationRef, Requirement, RequirementStatus, Tally, Voter};
use cc2i_shared::idea::VotingModel;
use cc2i_shared::money::format_bp;
use yew::prelude::*;

use super::progress_bar::{progress_bar, Bar};
use super::tag::tag;
use crate::dates::long_date;

/// The GOV.UK tag colour for a requirement's status.
pub fn status_colour(status: RequirementStatus) -> &'static str {
    match status {
        RequirementStatus::Proposed => "grey",
        RequirementStatus::Accepted => "turquoise",
        RequirementStatus::Planned => "blue",
        RequirementStatus::InProgress => "light-blue",
        RequirementStatus::Done => "green",
        RequirementStatus::Declined => "red",
    }
}

/// "1 vote" or "3 votes".
pub fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "1 vote", "3 votes", or under share weighting "Score 60% from 1 funder".
pub fn score_words(model: VotingModel, tally: &Tally) -> String {
    match model {
        VotingModel::OneOrgOneVote => plural(tally.votes, "vote", "votes"),
        VotingModel::ShareWeighted => format!(
            "Score {} from {}",
            format_bp(tally.score),
            plural(tally.votes, "funder", "funders")
        ),
    }
}

fn voter_words(model: VotingModel, voter: &Voter) -> String {
    match (voter.counting, model) {
        (false, _) => format!(
            "{} (not counted: no longer funding)",
            voter.organisation_name
        ),
        (true, VotingModel::OneOrgOneVote) => voter.organisation_name.clone(),
        (true, VotingModel::ShareWeighted) => {
            format!("{} ({})", voter.organisation_name, format_bp(voter.weight))
        }
    }
}

/// Props for [`RequirementCard`].
#[derive(Properties, PartialEq)]
pub struct RequirementCardProps {
    /// The requirement with its tally.
    pub requirement: Requirement,
    /// How the idea's votes are weighed.
    pub model: VotingModel,
    /// The organisation the viewer votes for, when they may vote.
    pub vote_as: Option<OrganisationRef>,
    /// Called with the requirement's id to vote for it.
    pub onvote: Callback<String>,
    /// Called with the requirement's id to take the vote back.
    pub onretract: Callback<String>,
    /// The proposer's status form, when the viewer may decide.
    #[prop_or_default]
    pub children: Html,
}

/// A summary card for one requirement.
#[function_component]
pub fn RequirementCard(props: &RequirementCardProps) -> Html {
    let r = &props.requirement;
    let score_id = format!("score-{}", r.id);
    let bar = Bar {
        value: r.score_share_bp,
        max: 10_000,
        label: &format!("Share of the backlog's score: {}", r.title),
        text_id: &score_id,
        classes: "app-score__bar",
        text_classes: "govuk-body-s",
    };
    let sentence = html! {
        <>
            <strong>{ score_words(props.model, &r.tally) }</strong>
            { format!(": {} of the backlog's total score", format_bp(r.score_share_bp)) }
        </>
    };
    let voters: Vec<String> = r
        .tally
        .voters
        .iter()
        .map(|v| voter_words(props.model, v))
        .collect();
    let open = !r.status.is_closed();
    let vote = props.vote_as.as_ref().filter(|_| open).map(|org| {
        let id = r.id.clone();
        if r.voted_by_you.contains(&org.id) {
            let onclick = props.onretract.reform(move |_: MouseEvent| id.clone());
            html! {
                <div class="app-vote">
                    <p class="govuk-body govuk-!-margin-bottom-2">
                        { format!("{} voted for this.", org.name) }
                    </p>
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" {onclick}>
                        { "Retract vote" }
                        <span class="govuk-visually-hidden">{ format!(" for {}", r.title) }</span>
                    </button>
                </div>
            }
        } else {
            let onclick = props.onvote.reform(move |_: MouseEvent| id.clone());
            html! {
                <div class="app-vote">
                    <button type="button" class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button" {onclick}>
                        { "Vote" }
                        <span class="govuk-visually-hidden">{ format!(" for {}", r.title) }</span>
                    </button>
                </div>
            }
        }
    });
    html! {
        <li class="app-backlog__item" id={format!("requirement-{}", r.id)}>
            <div class="govuk-summary-card">
                <div class="govuk-summary-card__title-wrapper">
                    <h3 class="govuk-summary-card__title">{ &r.title }</h3>
                    { tag(r.status.label(), Some(status_colour(r.status))) }
                </div>
                <div class="govuk-summary-card__content">
                    <p class="govuk-body app-backlog__description">{ &r.description }</p>
                    <p class="govuk-body-s app-secondary-text">
                        { format!("Added by {} on {}", r.organisation.name, long_date(&r.created_at)) }
                    </p>
                    if let Some(note) = &r.status_note {
                        <div class="govuk-inset-text govuk-!-margin-top-0">
                            <span class="govuk-!-font-weight-bold">{ format!("{}: ", r.status.label()) }</span>
                            { note }
                        </div>
                    }
                    <div class="app-score">{ progress_bar(bar, sentence) }</div>
                    if !voters.is_empty() {
                        <p class="govuk-body-s">{ format!("Voted for by {}", voters.join(", ")) }</p>
                    }
                    { for vote }
                    { props.children.clone() }
                    if r.history.len() > 1 {
                        <details class="govuk-details govuk-!-margin-top-4 govuk-!-margin-bottom-0">
                            <summary class="govuk-details__summary">
                                <span class="govuk-details__summary-text">
                                    { "Status history" }
                                    <span class="govuk-visually-hidden">{ format!(" of {}", r.title) }</span>
                                </span>
                            </summary>
                            <div class="govuk-details__text">
                                <ol class="govuk-list">
                                    { for r.history.iter().map(|h| html! {
                                        <li>
                                            { format!("{}: {}", long_date(&h.changed_at), h.status.label()) }
                                            if let Some(note) = &h.note {
                                                { format!(" ({note})") }
                                            }
                                        </li>
                                    }) }
                                </ol>
                            </div>
                        </details>
                    }
                </div>
            </div>
        </li>
    }
}
