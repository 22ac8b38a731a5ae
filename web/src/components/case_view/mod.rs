//! A business case as people read it, one view function per case. The views hold no headings
//! of their own (tables have captions), so they fit under any heading level: the idea page and
//! the "Check your answers" cards.

pub mod commercial;
pub mod cost_table;
pub mod economic;
pub mod financial;
pub mod management;
pub mod strategic;
pub mod terms;

use yew::prelude::*;

use super::markdown::markdown;

/// Free text as paragraphs, or "None given" when empty.
fn text(value: &str) -> Html {
    if value.trim().is_empty() {
        html! { "None given" }
    } else {
        html! { { markdown(value) } }
    }
}

/// A bulleted list, or "None" when empty.
fn bullets(items: &[String]) -> Html {
    if items.is_empty() {
        return html! { "None" };
    }
    html! {
        <ul class="govuk-list govuk-list--bullet">
            { for items.iter().map(|i| html! { <li>{ i }</li> }) }
        </ul>
    }
}

/// A summary list row.
fn row(key: &'static str, value: Html) -> (AttrValue, Html) {
    (AttrValue::Static(key), value)
}
