//! Signing out: the session ends and the user is told so.

use yew::prelude::*;

use crate::app::Route;
use crate::components::route_link::RouteLink;
use crate::session::{sign_out, use_session};
use crate::title::use_title;

/// Clears the session and confirms it.
#[function_component]
pub fn SignOut() -> Html {
    use_title("You have signed out", false);
    let session = use_session();
    use_effect_with((), move |_| {
        wasm_bindgen_futures::spawn_local(async move { sign_out(&session).await });
    });
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
