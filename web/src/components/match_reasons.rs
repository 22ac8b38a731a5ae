//! How well an idea fits an organisation and why: the strength in words, then the reasons.

use yew::prelude::*;

use super::tag::tag;
use crate::vocabulary::match_strength;

/// "Strong match" as a tag, then the reasons (strongest first, as the API words them) as a
/// bulleted list.
pub fn match_reasons(score: i64, reasons: &[String]) -> Html {
    let (strength, colour) = match_strength(score);
    html! {
        <>
            <p class="govuk-body govuk-!-margin-bottom-1">{ tag(strength, colour) }</p>
            if !reasons.is_empty() {
                <ul class="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
                    { for reasons.iter().map(|reason| html! { <li>{ reason }</li> }) }
                </ul>
            }
        </>
    }
}
