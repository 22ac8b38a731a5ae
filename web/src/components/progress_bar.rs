//! A progress bar that says the same in words beside it, such as funding or an audience's
//! response.

use yew::prelude::*;

/// Props for [`ProgressBar`].
#[derive(Properties, PartialEq)]
pub struct ProgressBarProps {
    /// How far along, from 0 to `max` (clamped).
    pub value: i64,
    /// The whole.
    pub max: i64,
    /// What the bar measures, as its accessible name.
    pub label: AttrValue,
    /// Unique on the page: the sentence's id.
    pub text_id: AttrValue,
    /// The same figures in words, shown under the bar and describing it.
    pub children: Html,
    /// Extra classes for the bar.
    #[prop_or_default]
    pub classes: Classes,
    /// Classes for the sentence.
    #[prop_or(classes!("govuk-body-s"))]
    pub text_classes: Classes,
}

/// A `<progress>` element, named and described by the sentence under it.
#[function_component]
pub fn ProgressBar(props: &ProgressBarProps) -> Html {
    let max = props.max.max(1);
    let value = props.value.clamp(0, max);
    html! {
        <>
            <progress
                class={classes!("app-progress", props.classes.clone())}
                max={max.to_string()}
                value={value.to_string()}
                aria-label={props.label.clone()}
                aria-describedby={props.text_id.clone()}
            >
                { format!("{}%", value * 100 / max) }
            </progress>
            <p class={classes!("app-progress__text", props.text_classes.clone())} id={props.text_id.clone()}>
                { props.children.clone() }
            </p>
        </>
    }
}
