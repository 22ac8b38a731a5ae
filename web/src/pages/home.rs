//! The start page: what CC2i is and how to begin.

use yew::prelude::*;

use crate::app::Route;
use crate::components::route_link::RouteLink;
use crate::session::use_session;
use crate::title::use_title;

/// What CC2i is, who it is for and a start button.
#[function_component]
pub fn Home() -> Html {
    use_title("Co-fund digital work with other public bodies", false);
    let session = use_session();
    let (start, start_text) = if session.signed_in() {
        (Route::NewOrganisation, "Register an organisation")
    } else {
        (Route::Register, "Start now")
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-xl">{ "Co-fund digital work with other public bodies" }</h1>
                <p class="govuk-body-l">
                    { "CC2i helps councils, NHS bodies, housing associations and other UK public \
                       bodies find each other, agree on digital work they all need and share its cost." }
                </p>
                <p class="govuk-body">{ "Use CC2i to:" }</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>{ "register your organisation so others can find it" }</li>
                    <li>{ "find organisations by kind, region and the services they run" }</li>
                    <li>{ "bring your colleagues in to act for your organisation" }</li>
                </ul>
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
                <h2 class="govuk-heading-m">{ "Before you start" }</h2>
                <p class="govuk-body">
                    { "You need a work email address. To register an organisation you also need its " }
                    <a class="govuk-link" href="https://org-id.guide">{ "org-id.guide identifier" }</a>
                    { ", such as GB-LAE-KIR for Kirklees Council. CC2i staff check each organisation \
                       before it is marked as verified." }
                </p>
                <p class="govuk-body">
                    <RouteLink to={Route::Organisations}>{ "Browse organisations already on CC2i" }</RouteLink>
                </p>
            </div>
        </div>
    }
}
