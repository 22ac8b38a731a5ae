//! The page header: the CC2i name and the service navigation.

use yew::prelude::*;

use super::route_link::RouteLink;
use crate::app::Route;

/// Props for [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// Whether someone is signed in, which decides the navigation links.
    pub signed_in: bool,
    /// Whether they are platform staff, who get the review queue.
    #[prop_or_default]
    pub platform_admin: bool,
    /// The page being shown, to mark its navigation link as current.
    pub current: Option<Route>,
}

/// How a navigation item relates to the current page.
fn current_marker(item: &Route, current: &Option<Route>) -> Option<AttrValue> {
    match (item, current) {
        (item, Some(current)) if item == current => Some("page".into()),
        (Route::Organisations, Some(Route::NewOrganisation | Route::Organisation { .. })) => {
            Some("true".into())
        }
        (
            Route::Ideas,
            Some(
                Route::NewIdea
                | Route::Idea { .. }
                | Route::EditIdea { .. }
                | Route::IdeaTasks { .. }
                | Route::CheckAnswers { .. }
                | Route::CaseTask { .. }
                | Route::IdeaSubmitted { .. },
            ),
        ) => Some("true".into()),
        _ => None,
    }
}

/// The GOV.UK generic header with the service navigation under it.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let mut items: Vec<(Route, &str)> = vec![
        (Route::Ideas, "Ideas"),
        (Route::Organisations, "Organisations"),
    ];
    if props.platform_admin {
        items.push((Route::ReviewQueue, "Review queue"));
    }
    if props.signed_in {
        items.extend([
            (Route::Account, "Your account"),
            (Route::SignOut, "Sign out"),
        ]);
    } else {
        items.extend([(Route::SignIn, "Sign in"), (Route::Register, "Register")]);
    }
    let item = |(route, text): (Route, &str)| {
        let current = current_marker(&route, &props.current);
        let active = current.is_some();
        html! {
            <li class={classes!(
                "govuk-service-navigation__item",
                active.then_some("govuk-service-navigation__item--active")
            )}>
                <RouteLink to={route} classes="govuk-service-navigation__link" {current}>
                    if active {
                        <strong class="govuk-service-navigation__active-fallback">{ text }</strong>
                    } else {
                        { text }
                    }
                </RouteLink>
            </li>
        }
    };
    html! {
        <header class="govuk-template__header">
            <div class="govuk-generic-header">
                <div class="govuk-generic-header__container govuk-width-container">
                    <div class="govuk-generic-header__logo">
                        <RouteLink to={Route::Home} classes="govuk-generic-header__homepage-link">
                            { "CC2i" }
                        </RouteLink>
                    </div>
                </div>
            </div>
            <div class="govuk-service-navigation" data-module="govuk-service-navigation">
                <div class="govuk-width-container">
                    <div class="govuk-service-navigation__container">
                        <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                            <button
                                type="button"
                                class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                                aria-controls="navigation"
                                hidden=true
                                aria-hidden="true"
                            >
                                { "Menu" }
                            </button>
                            <ul class="govuk-service-navigation__list" id="navigation">
                                { for items.into_iter().map(item) }
                            </ul>
                        </nav>
                    </div>
                </div>
            </div>
            <super::phase_banner::PhaseBanner />
        </header>
    }
}
