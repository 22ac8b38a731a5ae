//! A progress bar that says the same in words under it, such as funding or an audience's
//! response.

use yew::prelude::*;

/// What a progress bar shows.
pub struct Bar<'a> {
    /// How far along, from 0 to `max` (clamped).
    pub value: i64,
    /// The whole.
    pub max: i64,
    /// What the bar measures, as its accessible name.
    pub label: &'a str,
    /// Unique on the page: the sentence's id.
    pub text_id: &'a str,
    /// Extra classes for the bar.
    pub classes: &'static str,
    /// Classes for the sentence, such as `govuk-body-s`.
    pub text_classes: &'static str,
}

/// A `<progress>` element, named, and described by `sentence` under it.
pub fn progress_bar(bar: Bar, sentence: Html) -> Html {
    let max = bar.max.max(1);
    let value = bar.value.clamp(0, max);
    html! {
        <>
            <progress
                class={classes!("app-progress", bar.classes)}
                max={max.to_string()}
                value={value.to_string()}
                aria-label={bar.label.to_owned()}
                aria-describedby={bar.text_id.to_owned()}
            >
                { format!("{}%", value * 100 / max) }
            </progress>
            <p class={classes!("app-progress__text", bar.text_classes)} id={bar.text_id.to_owned()}>
                { sentence }
            </p>
        </>
    }
}
