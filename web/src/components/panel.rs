//! The GOV.UK confirmation panel.

use yew::prelude::*;

/// Props for [`panel`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// The page's heading.
    pub title: AttrValue,
    /// A line under it.
    pub body: AttrValue,
}

/// The green box that tells people they have finished.
pub fn panel(props: &PanelProps) -> Html {
    html! {
        <div class="govuk-panel govuk-panel--confirmation">
            <h1 class="govuk-panel__title">{ props.title.clone() }</h1>
            <div class="govuk-panel__body">{ props.body.clone() }</div>
        </div>
    }
}
