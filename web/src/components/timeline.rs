//! A timeline (the pattern used across government services): what happened, oldest first,
//! each with who and when.

use cc2i_shared::delivery::{MilestoneEvent, MilestoneEventKind};
use yew::prelude::*;

use crate::dates::long_date;

/// What an event means, in words.
pub fn event_title(event: &MilestoneEvent) -> String {
    let round = if event.submission > 1 {
        format!(" (submission {})", event.submission)
    } else {
        String::new()
    };
    match event.kind {
        MilestoneEventKind::Planned => "Milestone planned".to_owned(),
        MilestoneEventKind::Submitted => format!("Submitted as delivered{round}"),
        MilestoneEventKind::FunderAccepted => "Accepted by a funder".to_owned(),
        MilestoneEventKind::FunderRejected => "Rejected by a funder".to_owned(),
        MilestoneEventKind::Accepted => format!("Milestone accepted: payment released{round}"),
        MilestoneEventKind::Rejected => format!("Milestone rejected{round}"),
    }
}

/// Props for [`timeline`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The events, oldest first.
    pub events: Vec<MilestoneEvent>,
    /// The heading level of each event's title, like 4 under a level-3 card title.
    #[prop_or(4)]
    pub level: u8,
}

/// An ordered list of events with a line down the side.
pub fn timeline(props: &TimelineProps) -> Html {
    let tag = format!("h{}", props.level.clamp(2, 6));
    html! {
        <ol class="app-timeline">
            { for props.events.iter().map(|event| html! {
                <li class="app-timeline__item">
                    <@{tag.clone()} class="app-timeline__title govuk-heading-s">{ event_title(event) }</@>
                    if !event.organisation_name.is_empty() {
                        <p class="app-timeline__byline govuk-body-s">{ format!("by {}", event.organisation_name) }</p>
                    }
                    <p class="app-timeline__date govuk-body-s">
                        <time datetime={event.at.to_rfc3339()}>{ long_date(&event.at) }</time>
                    </p>
                    if let Some(text) = &event.text {
                        <p class="govuk-body app-timeline__description">{ text }</p>
                    }
                </li>
            }) }
        </ol>
    }
}
