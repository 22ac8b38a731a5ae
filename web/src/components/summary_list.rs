//! The GOV.UK summary list: keys and values.

use yew::prelude::*;

/// A list of key–value rows, such as an organisation's details (a function rather than a
/// component: smaller wasm).
pub fn summary_list(rows: &[(AttrValue, Html)]) -> Html {
    html! {
        <dl class="govuk-summary-list">
            { for rows.iter().map(|(key, value)| html! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{ key.clone() }</dt>
                    <dd class="govuk-summary-list__value">{ value.clone() }</dd>
                </div>
            }) }
        </dl>
    }
}
