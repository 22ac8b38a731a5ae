//! The GOV.UK text input.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::{described_by, group_classes, hint_and_error};

/// Props for [`text_input`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct TextInputProps {
    /// The input's id and name; error summary links point here.
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
    /// The error message, if the last submission was wrong here.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The input type: text, email, password or url.
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    /// The `autocomplete` token.
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// Extra classes, such as a width modifier.
    #[prop_or_default]
    pub classes: Classes,
    /// Shown before the input, like "£".
    #[prop_or_default]
    pub prefix: Option<AttrValue>,
    /// Shown after the input, like "minutes" or "%".
    #[prop_or_default]
    pub suffix: Option<AttrValue>,
    /// The `inputmode`, like "numeric" or "decimal", for the on-screen keyboard.
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
}

/// A labelled text input with its hint and error message.
pub fn text_input(props: &TextInputProps) -> Html {
    let oninput = props
        .oninput
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let no_spellcheck =
        matches!(props.input_type.as_str(), "email" | "url") || props.inputmode.is_some();
    let input = html! {
            <input
                class={classes!(
                    "govuk-input",
                    props.classes.clone(),
                    props.error.is_some().then_some("govuk-input--error")
                )}
                id={props.id.clone()}
                name={props.id.clone()}
                type={props.input_type.clone()}
                value={props.value.clone()}
                autocomplete={props.autocomplete.clone()}
                spellcheck={no_spellcheck.then_some("false")}
                aria-describedby={described_by(&props.id, &props.hint, &props.error)}
                inputmode={props.inputmode.clone()}
                {oninput}
            />
    };
    let affix = |class: &'static str, text: &Option<AttrValue>| {
        text.as_ref().map(|text| {
            html! {
                <div class={class} aria-hidden="true">{ text.clone() }</div>
            }
        })
    };
    html! {
        <div class={group_classes(&props.error)}>
            <label class="govuk-label" for={props.id.clone()}>{ props.label.clone() }</label>
            { hint_and_error(&props.id, &props.hint, &props.error) }
            if props.prefix.is_some() || props.suffix.is_some() {
                <div class="govuk-input__wrapper">
                    { affix("govuk-input__prefix", &props.prefix) }
                    { input }
                    { affix("govuk-input__suffix", &props.suffix) }
                </div>
            } else {
                { input }
            }
        </div>
    }
}
