//! The start page: what CC2i is, how to begin, the ideas recommended for the viewer's
//! organisation, and the ideas open for pledges.

use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::Me;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::app::Route;
use crate::components::idea_browser::IdeaBrowser;
use crate::components::recommended_ideas::RecommendedIdeas;
use crate::components::route_link::RouteLink;
use crate::session::use_session;
use crate::title::use_title;
use crate::viewer::{is_platform_admin, load_viewer};

/// A short introduction with a start button, recommendations for signed-in users, then the
/// open ideas with filters.
#[function_component]
pub fn Home() -> Html {
    use_title("Co-fund digital work with other public bodies", false);
    let session = use_session();
    let viewer = use_state(|| None::<Me>);
    use_effect_with(session.started_at(), {
        let (viewer, session) = (viewer.clone(), session.clone());
        move |_| {
            spawn_local(async move { viewer.set(load_viewer(&session).await) });
        }
    });
    let (start, start_text) = if session.signed_in() {
        (Route::NewIdea, "Post an idea")
    } else {
        (Route::Register, "Start now")
    };
    // Platform staff who belong to no organisation have nothing to be recommended.
    let recommend_to = viewer.as_ref().filter(|me| {
        session.signed_in() && !(is_platform_admin(Some(me)) && me.memberships.is_empty())
    });
    html! {
        <>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-xl">{ "Co-fund digital work with other public bodies" }</h1>
                    <p class="govuk-body-l">
                        { "Councils, NHS bodies, housing associations and other UK public bodies post \
                           ideas with a business case. Others that need the same thing pledge a share \
                           of the cost, so each pays a fraction of building it alone." }
                    </p>
                    <RouteLink
                        to={start}
                        classes="govuk-button govuk-button--start"
                        button=true
                    >
                        { start_text }
                        <svg
                            class="govuk-button__start-icon"
                            xmlns="http://www.w3.org/2000/svg"
                            width="17.5"
                            height="19"
                            viewBox="0 0 33 40"
                            aria-hidden="true"
                            focusable="false"
                        >
                            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
                        </svg>
                    </RouteLink>
                    <p class="govuk-body">
                        { "To post an idea or pledge you need a work email address and an organisation \
                           on CC2i, checked by CC2i staff. You can " }
                        <RouteLink to={Route::Organisations}>{ "browse organisations" }</RouteLink>
                        { " or " }
                        <RouteLink to={Route::Ideas}>{ "see every idea, funded or not" }</RouteLink>
                        { "." }
                    </p>
                </div>
            </div>
            if let Some(me) = recommend_to {
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <RecommendedIdeas memberships={me.memberships.clone()} />
                    </div>
                </div>
            }
            <IdeaBrowser route={Route::Home} status={IdeaStatus::Open} heading="Ideas open for pledges" />
        </>
    }
}
