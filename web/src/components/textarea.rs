//! The GOV.UK textarea.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::field::{described_by, group_classes, hint_and_error};

/// Props for [`textarea`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct TextareaProps {
    /// The textarea's id and name.
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// The current value.
    pub value: AttrValue,
    /// Called with the new value on every keystroke.
    pub oninput: Callback<String>,
    /// Help shown under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The error message, if any.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// How many lines tall it starts.
    #[prop_or(5)]
    pub rows: u32,
}

/// A labelled multi-line text box with its hint and error message.
pub fn textarea(props: &TextareaProps) -> Html {
    let oninput = props
        .oninput
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <div class={group_classes(&props.error)}>
            <label class="govuk-label" for={props.id.clone()}>{ props.label.clone() }</label>
            { hint_and_error(&props.id, &props.hint, &props.error) }
            <textarea
                class={classes!(
                    "govuk-textarea",
                    props.error.is_some().then_some("govuk-textarea--error")
                )}
                id={props.id.clone()}
                name={props.id.clone()}
                rows={props.rows.to_string()}
                value={props.value.clone()}
                aria-describedby={described_by(&props.id, &props.hint, &props.error)}
                {oninput}
            />
        </div>
    }
}
