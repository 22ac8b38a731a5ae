//! The browser tab title, unique per page as GOV.UK asks.

use yew::prelude::*;

/// Sets `document.title` to "{page} – CC2i", prefixed "Error: " while a form shows errors.
#[hook]
pub fn use_title(page: &str, has_errors: bool) {
    let title = format!("{}{page} – CC2i", if has_errors { "Error: " } else { "" });
    use_effect_with(title, |title| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(title);
        }
    });
}
