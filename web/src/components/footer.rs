//! The page footer.

use yew::prelude::*;

use super::route_link::RouteLink;
use crate::app::Route;

/// Props for [`footer`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct FooterProps {
    /// Whether someone is signed in, which decides the account links.
    pub signed_in: bool,
}

/// Support links and a note on what CC2i is (and is not).
pub fn footer(props: &FooterProps) -> Html {
    let link = |to: Route, text: &'static str| {
        html! {
            <li class="govuk-footer__inline-list-item">
                <RouteLink {to} classes="govuk-footer__link">{ text }</RouteLink>
            </li>
        }
    };
    html! {
        <footer class="govuk-template__footer">
            <div class="govuk-footer">
                <div class="govuk-width-container">
                    <div class="govuk-footer__meta">
                        <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                            <h2 class="govuk-visually-hidden">{ "Support links" }</h2>
                            <ul class="govuk-footer__inline-list">
                                { link(Route::Home, "About CC2i") }
                                { link(Route::Organisations, "Organisations") }
                                if props.signed_in {
                                    { link(Route::NewOrganisation, "Register an organisation") }
                                    { link(Route::Account, "Your account") }
                                } else {
                                    { link(Route::Register, "Create an account") }
                                    { link(Route::SignIn, "Sign in") }
                                }
                            </ul>
                            <div class="govuk-footer__meta-custom">
                                { "CC2i is built with the GOV.UK Design System. It is not part of GOV.UK." }
                            </div>
                        </div>
                        <div class="govuk-footer__meta-item">{ "© CC2i" }</div>
                    </div>
                </div>
            </div>
        </footer>
    }
}
