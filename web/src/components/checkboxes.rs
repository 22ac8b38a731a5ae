//! GOV.UK checkboxes in a fieldset.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::{described_by, group_classes, hint_and_error};
use crate::vocabulary::Choice;

/// Props for [`checkboxes`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct CheckboxesProps {
    /// The field name; also the id of the first checkbox, where error summary links point.
    pub id: AttrValue,
    /// The question, as the fieldset legend.
    pub legend: AttrValue,
    /// The choices.
    pub options: Vec<Choice>,
    /// The codes that are ticked.
    pub checked: Vec<AttrValue>,
    /// Called with a code and whether it is now ticked.
    pub ontoggle: Callback<(AttrValue, bool)>,
    /// Help shown under the legend.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The error message, if any.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// A fieldset of checkboxes with its hint and error message.
pub fn checkboxes(props: &CheckboxesProps) -> Html {
    let item = |(index, (code, label)): (usize, &Choice)| {
        let input_id = if index == 0 {
            props.id.to_string()
        } else {
            format!("{}-{}", props.id, index + 1)
        };
        let onchange = {
            let code = code.clone();
            props.ontoggle.reform(move |e: Event| {
                let ticked = e.target_unchecked_into::<HtmlInputElement>().checked();
                (code.clone(), ticked)
            })
        };
        html! {
            <div class="govuk-checkboxes__item">
                <input
                    class="govuk-checkboxes__input"
                    id={input_id.clone()}
                    name={props.id.clone()}
                    type="checkbox"
                    value={code.clone()}
                    checked={props.checked.contains(code)}
                    {onchange}
                />
                <label class="govuk-label govuk-checkboxes__label" for={input_id}>{ label.clone() }</label>
            </div>
        }
    };
    html! {
        <div class={group_classes(&props.error)}>
            <fieldset
                class="govuk-fieldset"
                aria-describedby={described_by(&props.id, &props.hint, &props.error)}
            >
                <legend class="govuk-fieldset__legend">{ props.legend.clone() }</legend>
                { hint_and_error(&props.id, &props.hint, &props.error) }
                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                    { for props.options.iter().enumerate().map(item) }
                </div>
            </fieldset>
        </div>
    }
}
