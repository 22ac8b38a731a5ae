//! The GOV.UK select.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::field::{described_by, group_classes, hint_and_error};
use crate::vocabulary::Choice;

/// Props for [`select`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct SelectProps {
    /// The select's id and name.
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// The chosen code; empty for the placeholder.
    pub value: AttrValue,
    /// The choices.
    pub options: Vec<Choice>,
    /// Called with the chosen code.
    pub onchange: Callback<String>,
    /// A first option with an empty value, like "Any region".
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Extra classes, such as a width override.
    #[prop_or_default]
    pub classes: Classes,
    /// Help shown under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The error message, if any.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// A labelled drop-down list with its hint and error message.
pub fn select(props: &SelectProps) -> Html {
    let onchange = props
        .onchange
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class={group_classes(&props.error)}>
            <label class="govuk-label" for={props.id.clone()}>{ props.label.clone() }</label>
            { hint_and_error(&props.id, &props.hint, &props.error) }
            <select
                class={classes!(
                    "govuk-select",
                    props.classes.clone(),
                    props.error.is_some().then_some("govuk-select--error")
                )}
                id={props.id.clone()}
                name={props.id.clone()}
                aria-describedby={described_by(&props.id, &props.hint, &props.error)}
                {onchange}
            >
                if let Some(placeholder) = &props.placeholder {
                    <option value="" selected={props.value.is_empty()}>{ placeholder.clone() }</option>
                }
                { for props.options.iter().map(|(code, label)| html! {
                    <option value={code.clone()} selected={*code == props.value}>{ label.clone() }</option>
                }) }
            </select>
        </div>
    }
}
