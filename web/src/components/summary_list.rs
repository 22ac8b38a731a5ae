//! The GOV.UK summary list: keys and values.

use yew::prelude::*;

/// Props for [`SummaryList`].
#[derive(Properties, PartialEq)]
pub struct SummaryListProps {
    /// Each row's key and value.
    pub rows: Vec<(AttrValue, Html)>,
}

/// A list of key–value rows, such as an organisation's details.
#[function_component]
pub fn SummaryList(props: &SummaryListProps) -> Html {
    html! {
        <dl class="govuk-summary-list">
            { for props.rows.iter().map(|(key, value)| html! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{ key.clone() }</dt>
                    <dd class="govuk-summary-list__value">{ value.clone() }</dd>
                </div>
            }) }
        </dl>
    }
}
