//! Signing out: the token is forgotten and the user told so.

use yew::prelude::*;

use crate::app::Route;
use crate::components::route_link::RouteLink;
use crate::session::{use_session, SessionAction};
use crate::title::use_title;

/// Clears the session and confirms it.
#[function_component]
pub fn SignOut() -> Html {
    use_title("You have signed out", false);
    let session = use_session();
    use_effect_with((), move |_| session.dispatch(SessionAction::SignOut));
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{ "You have signed out" }</h1>
                <p class="govuk-body">
                    { "You need to sign in again to see your account or act for your organisations." }
                </p>
                <p class="govuk-body">
                    <RouteLink to={Route::SignIn}>{ "Sign in again" }</RouteLink>
                </p>
            </div>
        </div>
    }
}
