//! GOV.UK radios in a fieldset.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::{described_by, group_classes, hint_and_error};
use crate::vocabulary::Choice;

/// Props for [`radios`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct RadiosProps {
    /// The field name; also the id of the first radio, where error summary links point.
    pub id: AttrValue,
    /// The question, as the fieldset legend.
    pub legend: AttrValue,
    /// The choices.
    pub options: Vec<Choice>,
    /// The chosen code; empty when none is chosen.
    pub value: AttrValue,
    /// Called with the chosen code.
    pub onchange: Callback<String>,
    /// Help shown under the legend.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The error message, if any.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Radios side by side, for two or three short choices.
    #[prop_or_default]
    pub inline: bool,
    /// The legend as the page's heading-sized question.
    #[prop_or_default]
    pub legend_classes: Classes,
}

/// A fieldset of radios with its hint and error message.
pub fn radios(props: &RadiosProps) -> Html {
    let item = |(index, (code, label)): (usize, &Choice)| {
        let input_id = if index == 0 {
            props.id.to_string()
        } else {
            format!("{}-{}", props.id, index + 1)
        };
        let onchange = props
            .onchange
            .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <div class="govuk-radios__item">
                <input
                    class="govuk-radios__input"
                    id={input_id.clone()}
                    name={props.id.clone()}
                    type="radio"
                    value={code.clone()}
                    checked={*code == props.value}
                    {onchange}
                />
                <label class="govuk-label govuk-radios__label" for={input_id}>{ label.clone() }</label>
            </div>
        }
    };
    html! {
        <div class={group_classes(&props.error)}>
            <fieldset
                class="govuk-fieldset"
                aria-describedby={described_by(&props.id, &props.hint, &props.error)}
            >
                <legend class={classes!("govuk-fieldset__legend", props.legend_classes.clone())}>
                    { props.legend.clone() }
                </legend>
                { hint_and_error(&props.id, &props.hint, &props.error) }
                <div
                    class={classes!("govuk-radios", props.inline.then_some("govuk-radios--inline"))}
                    data-module="govuk-radios"
                >
                    { for props.options.iter().enumerate().map(item) }
                </div>
            </fieldset>
        </div>
    }
}
