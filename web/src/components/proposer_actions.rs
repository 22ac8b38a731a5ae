//! What the proposing organisation's members can do on an idea's page: carry on with a draft,
//! submit it, update an open idea's business case, or withdraw it.

use cc2i_shared::lifecycle::IdeaStatus;
use yew::prelude::*;

use super::route_link::RouteLink;
use crate::app::Route;

/// Props for [`ProposerActions`].
#[derive(Properties, PartialEq)]
pub struct ProposerActionsProps {
    /// The idea's id.
    pub id: AttrValue,
    /// Its status.
    pub status: IdeaStatus,
    /// Whether it has a saved business case, needed to submit.
    pub has_case: bool,
    /// Whether the viewer is an owner or admin of the proposer, who may withdraw it.
    pub can_withdraw: bool,
    /// Called to submit a draft for review.
    pub onsubmit: Callback<()>,
    /// Called once withdrawing is confirmed.
    pub onwithdraw: Callback<()>,
}

/// Buttons and links for the idea's status; withdrawing asks for confirmation first.
#[function_component]
pub fn ProposerActions(props: &ProposerActionsProps) -> Html {
    let confirming = use_state(|| false);
    let id = props.id.to_string();
    let tasks = Route::IdeaTasks { id: id.clone() };
    let body = match props.status {
        IdeaStatus::Draft => html! {
            <>
                <p class="govuk-body">{ "This idea is a draft: only your organisation can see it." }</p>
                <div class="govuk-button-group">
                    if props.has_case {
                        <button
                            type="button"
                            class="govuk-button"
                            data-module="govuk-button"
                            onclick={props.onsubmit.reform(|_: MouseEvent| ())}
                        >
                            { "Submit for review" }
                        </button>
                    }
                    <RouteLink to={tasks} classes="govuk-button govuk-button--secondary" button=true>
                        { "Continue on the task list" }
                    </RouteLink>
                    <RouteLink to={Route::EditIdea { id }}>{ "Change the idea’s details" }</RouteLink>
                </div>
            </>
        },
        IdeaStatus::InReview => html! {
            <p class="govuk-body">
                { "CC2i staff are reviewing this idea. You will be able to change it again if they ask for changes." }
            </p>
        },
        IdeaStatus::Open => {
            let onwithdraw = {
                let confirming = confirming.clone();
                Callback::from(move |_: MouseEvent| confirming.set(true))
            };
            let oncancel = {
                let confirming = confirming.clone();
                Callback::from(move |_: MouseEvent| confirming.set(false))
            };
            html! {
                <>
                    <div class="govuk-button-group">
                        <RouteLink to={tasks} classes="govuk-button govuk-button--secondary" button=true>
                            { "Update the business case" }
                        </RouteLink>
                        if props.can_withdraw && !*confirming {
                            <button type="button" class="govuk-button govuk-button--warning" data-module="govuk-button" onclick={onwithdraw}>
                                { "Withdraw this idea" }
                            </button>
                        }
                    </div>
                    if props.can_withdraw && *confirming {
                        <div class="govuk-warning-text">
                            <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                            <strong class="govuk-warning-text__text">
                                <span class="govuk-visually-hidden">{ "Warning" }</span>
                                { "Withdrawing closes the campaign for good. You cannot undo it." }
                            </strong>
                        </div>
                        <div class="govuk-button-group">
                            <button
                                type="button"
                                class="govuk-button govuk-button--warning"
                                data-module="govuk-button"
                                onclick={props.onwithdraw.reform(|_: MouseEvent| ())}
                            >
                                { "Yes, withdraw this idea" }
                            </button>
                            <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onclick={oncancel}>
                                { "Cancel" }
                            </button>
                        </div>
                    }
                </>
            }
        }
        _ => return html! {},
    };
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Manage this idea" }</h2>
            { body }
        </>
    }
}
