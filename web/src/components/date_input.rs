//! The GOV.UK date input: day, month and year boxes in a fieldset.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::{described_by, group_classes, hint_and_error};

/// A date as typed, one string per box.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DateParts {
    /// 1 to 31.
    pub day: String,
    /// 1 to 12.
    pub month: String,
    /// Four digits.
    pub year: String,
}

impl DateParts {
    /// The boxes filled in from a date.
    pub fn from_date(date: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        DateParts {
            day: date.day().to_string(),
            month: date.month().to_string(),
            year: date.year().to_string(),
        }
    }

    /// Whether every box is empty.
    pub fn is_blank(&self) -> bool {
        [&self.day, &self.month, &self.year]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// The date, if the boxes make a real one.
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        crate::dates::parse_date(&self.day, &self.month, &self.year)
    }
}

/// Props for [`date_input`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct DateInputProps {
    /// The field's id, which the day box takes (error summary links point there); the month
    /// and year boxes add `-month` and `-year`.
    pub id: AttrValue,
    /// The question, as the fieldset legend.
    pub legend: AttrValue,
    /// The boxes' contents.
    pub value: DateParts,
    /// Called with the boxes' new contents.
    pub onchange: Callback<DateParts>,
    /// Help shown under the legend, like "For example, 27 3 2027".
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The error message, if any.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// Day, month and year boxes with the fieldset's hint and error message.
pub fn date_input(props: &DateInputProps) -> Html {
    let part = |name: &'static str, label: &'static str, width: &'static str| {
        let id = if name == "day" {
            props.id.to_string()
        } else {
            format!("{}-{name}", props.id)
        };
        let value = match name {
            "day" => props.value.day.clone(),
            "month" => props.value.month.clone(),
            _ => props.value.year.clone(),
        };
        let oninput = {
            let current = props.value.clone();
            props.onchange.reform(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                let mut next = current.clone();
                match name {
                    "day" => next.day = text,
                    "month" => next.month = text,
                    _ => next.year = text,
                }
                next
            })
        };
        html! {
            <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for={id.clone()}>{ label }</label>
                    <input
                        class={classes!(
                            "govuk-input",
                            "govuk-date-input__input",
                            width,
                            props.error.is_some().then_some("govuk-input--error")
                        )}
                        id={id.clone()}
                        name={id}
                        type="text"
                        inputmode="numeric"
                        {value}
                        {oninput}
                    />
                </div>
            </div>
        }
    };
    html! {
        <div class={group_classes(&props.error)}>
            <fieldset
                class="govuk-fieldset"
                role="group"
                aria-describedby={described_by(&props.id, &props.hint, &props.error)}
            >
                <legend class="govuk-fieldset__legend">{ props.legend.clone() }</legend>
                { hint_and_error(&props.id, &props.hint, &props.error) }
                <div class="govuk-date-input">
                    { part("day", "Day", "govuk-input--width-2") }
                    { part("month", "Month", "govuk-input--width-2") }
                    { part("year", "Year", "govuk-input--width-4") }
                </div>
            </fieldset>
        </div>
    }
}
