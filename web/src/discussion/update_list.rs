//! The "Updates" panel: the proposer's form and each update, marked when for funders only.

use cc2i_shared::discussion::{IdeaUpdate, UpdateAudience};
use cc2i_shared::moderation::TargetType;
use yew::prelude::*;

use super::report::ReportLink;
use super::text::removed;
use super::update_form::UpdateForm;
use super::View;
use crate::components::markdown::markdown;
use crate::components::tag::tag;
use crate::dates::long_date;

fn update(view: &View, u: &IdeaUpdate) -> Html {
    let title = match (&u.title, u.hidden) {
        (Some(title), false) => title.clone(),
        _ => "Removed update".to_owned(),
    };
    html! {
        <div class="app-discussion__item" key={u.id.clone()}>
            <h4 class="govuk-heading-s govuk-!-margin-bottom-1">{ title }</h4>
            <p class="govuk-body-s app-discussion__meta">
                { format!("Posted by {} on {}", u.organisation.name, long_date(&u.posted_at)) }
                if u.audience == UpdateAudience::Funders {
                    { " " }{ tag("Funders only", Some("purple")) }
                }
            </p>
            if u.hidden {
                { removed(u.removed_reason.as_deref()) }
            } else {
                { markdown(u.body.as_deref().unwrap_or_default()) }
            }
            if view.signed_in && !u.hidden {
                <ReportLink
                    target_type={TargetType::Update}
                    target_id={u.id.clone()}
                    reported={view.reported.contains(&u.id)}
                    errors={view.errors.clone()}
                    onresult={view.on_outcome.clone()}
                    onreported={view.on_reported.clone()}
                />
            }
        </div>
    }
}

/// The panel.
pub fn updates_panel(view: &View, updates: &[IdeaUpdate], more: bool) -> Html {
    html! {
        <>
            <h3 class="govuk-heading-m">{ "Updates" }</h3>
            <p class="govuk-body">
                { format!("News from {} about this idea. Some updates are for its funders only.", view.proposer_name) }
            </p>
            if view.manager && view.published {
                <h4 class="govuk-heading-s">{ "Post an update" }</h4>
                <UpdateForm
                    key={view.form_key}
                    errors={view.errors.clone()}
                    onsubmit={view.on_update.clone()}
                    onerror={view.on_errors.clone()}
                />
            }
            if updates.is_empty() {
                <p class="govuk-body">{ "There are no updates yet." }</p>
            } else {
                <div class="app-discussion__list">
                    { for updates.iter().map(|u| update(view, u)) }
                </div>
            }
            if more {
                <button
                    type="button"
                    class="govuk-button govuk-button--secondary"
                    data-module="govuk-button"
                    onclick={view.on_more_updates.reform(|_: MouseEvent| ())}
                >
                    { "Show more updates" }
                </button>
            }
        </>
    }
}
