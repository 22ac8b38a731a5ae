//! The page for addresses that lead nowhere.

use yew::prelude::*;

use crate::app::Route;
use crate::components::route_link::RouteLink;
use crate::title::use_title;

/// The body of the not-found page, also shown for an organisation that does not exist.
pub fn not_found_content() -> Html {
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{ "Page not found" }</h1>
                <p class="govuk-body">{ "If you typed the web address, check it is correct." }</p>
                <p class="govuk-body">
                    { "If you pasted the web address, check you copied the entire address." }
                </p>
                <p class="govuk-body">
                    { "You can " }
                    <RouteLink to={Route::Organisations}>{ "browse organisations" }</RouteLink>
                    { " or go to the " }
                    <RouteLink to={Route::Home}>{ "CC2i home page" }</RouteLink>
                    { "." }
                </p>
            </div>
        </div>
    }
}

/// "Page not found".
#[function_component]
pub fn NotFound() -> Html {
    use_title("Page not found", false);
    not_found_content()
}
