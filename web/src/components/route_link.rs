//! A link to one of the app's pages that navigates without reloading.

use crate::router::*;
use yew::prelude::*;

use crate::app::Route;

/// Props for [`RouteLink`].
#[derive(Properties, PartialEq)]
pub struct RouteLinkProps {
    /// The page to go to.
    pub to: Route,
    /// Classes for the `<a>`, such as `govuk-link`.
    #[prop_or(classes!("govuk-link"))]
    pub classes: Classes,
    /// `aria-current`: "page" for the page itself, "true" for a section it belongs to.
    #[prop_or_default]
    pub current: Option<AttrValue>,
    /// `aria-describedby`, such as a task's status.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    /// Marks a link styled as a button (a GOV.UK start button).
    #[prop_or_default]
    pub button: bool,
    /// The link text.
    #[prop_or_default]
    pub children: Html,
}

/// An `<a href>` to a route; a plain click is handled by the router, a modified one (new tab)
/// by the browser.
#[function_component]
pub fn RouteLink(props: &RouteLinkProps) -> Html {
    let navigator = use_navigator();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            let modified = e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key();
            if let (false, Some(navigator)) = (modified, &navigator) {
                e.prevent_default();
                navigator.push(&to);
            }
        })
    };
    html! {
        <a
            href={props.to.to_path()}
            class={props.classes.clone()}
            aria-current={props.current.clone()}
            aria-describedby={props.described_by.clone()}
            role={props.button.then_some("button")}
            draggable={props.button.then_some("false")}
            data-module={props.button.then_some("govuk-button")}
            {onclick}
        >
            { props.children.clone() }
        </a>
    }
}
