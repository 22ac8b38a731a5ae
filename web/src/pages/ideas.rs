//! Every public idea, whatever its status, with filters.

use yew::prelude::*;

use crate::app::Route;
use crate::components::idea_browser::IdeaBrowser;
use crate::components::route_link::RouteLink;
use crate::session::use_session;
use crate::title::use_title;

/// Ideas open for pledges, funded, delivered and the rest.
#[function_component]
pub fn Ideas() -> Html {
    use_title("Ideas", false);
    let session = use_session();
    html! {
        <>
            <h1 class="govuk-heading-l">{ "Ideas" }</h1>
            <p class="govuk-body">
                { "Ideas published on CC2i: open for pledges, funded, being delivered, or closed." }
            </p>
            if session.signed_in() {
                <RouteLink to={Route::NewIdea} classes="govuk-button govuk-button--secondary" button=true>
                    { "Post an idea" }
                </RouteLink>
            }
            <IdeaBrowser route={Route::Ideas} heading="Results" />
        </>
    }
}
