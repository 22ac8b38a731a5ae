//! The page header: the CC2i name and the service navigation.

use yew::prelude::*;

use super::route_link::RouteLink;
use crate::app::Route;

/// Props for [`header`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// Whether someone is signed in, which decides the navigation links.
    pub signed_in: bool,
    /// Whether they are platform staff, who get the review queue.
    #[prop_or_default]
    pub platform_admin: bool,
    /// Whether they are an owner or admin somewhere, who get approvals.
    #[prop_or_default]
    pub approver: bool,
    /// How many notifications are unread, once known.
    #[prop_or_default]
    pub unread: Option<i64>,
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
        (Route::Organisations, Some(Route::Funded { .. })) => Some("true".into()),
        (Route::Catalogue, Some(Route::Adopt { .. })) => Some("true".into()),
        (
            Route::Ideas,
            Some(
                Route::NewIdea
                | Route::Idea { .. }
                | Route::BusinessCase { .. }
                | Route::Pledge { .. }
                | Route::EditIdea { .. }
                | Route::IdeaTasks { .. }
                | Route::CheckAnswers { .. }
                | Route::CaseTask { .. }
                | Route::IdeaSubmitted { .. }
                | Route::IdeaDiscussion { .. }
                | Route::FundingHistory { .. }
                | Route::Audience { .. }
                | Route::Invitations { .. }
                | Route::Delivery { .. },
            ),
        ) => Some("true".into()),
        _ => None,
    }
}

/// The number of unread notifications as a small badge; screen readers hear "3 unread
/// notifications" after the link's name.
fn unread_badge(n: i64) -> Html {
    let shown = if n > 99 {
        "99+".to_owned()
    } else {
        n.to_string()
    };
    let noun = if n == 1 {
        "notification"
    } else {
        "notifications"
    };
    html! {
        <span class="app-count-badge">
            { shown }<span class="govuk-visually-hidden">{ format!(" unread {noun}") }</span>
        </span>
    }
}

/// The GOV.UK generic header with the service navigation under it.
pub fn header(props: &HeaderProps) -> Html {
    let notifications = match props.unread {
        Some(n) if n > 0 => html! { <>{ "Notifications " }{ unread_badge(n) }</> },
        _ => html! { "Notifications" },
    };
    let mut items: Vec<(Route, Html)> = vec![
        (Route::Ideas, html! { "Ideas" }),
        (Route::Organisations, html! { "Organisations" }),
        (Route::Catalogue, html! { "Catalogue" }),
    ];
    if props.platform_admin {
        items.push((Route::ReviewQueue, html! { "Review queue" }));
        items.push((Route::Moderation, html! { "Moderation" }));
        items.push((Route::AdminAuditLog, html! { "Audit log" }));
    }
    if props.signed_in && props.approver {
        items.push((Route::Approvals, html! { "Approvals" }));
    }
    if props.signed_in {
        items.extend([
            (Route::Notifications, notifications),
            (Route::Account, html! { "Your account" }),
            (Route::SignOut, html! { "Sign out" }),
        ]);
    } else {
        items.extend([
            (Route::SignIn, html! { "Sign in" }),
            (Route::Register, html! { "Register" }),
        ]);
    }
    let item = |(route, text): (Route, Html)| {
        let current = current_marker(&route, &props.current);
        let active = current.is_some();
        // Keyed, so the links keep their elements when Approvals and Notifications arrive.
        html! {
            <li key={route.to_path()} class={classes!(
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
            { super::phase_banner::phase_banner() }
        </header>
    }
}
