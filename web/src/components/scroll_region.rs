//! A wide table that scrolls sideways on a narrow screen instead of widening the page.

use yew::prelude::*;

/// Wraps `content` in a named region that scrolls horizontally when it must. It can take
/// focus, so keyboard users can scroll it too.
pub fn scroll_region(label: &str, content: Html) -> Html {
    html! {
        <div class="app-scroll-region" role="region" aria-label={label.to_owned()} tabindex="0">
            { content }
        </div>
    }
}
