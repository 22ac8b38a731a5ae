//! How well an idea fits an organisation and why: the strength in words, then the reasons.

use yew::prelude::*;

use super::tag::Tag;
use crate::vocabulary::match_strength;

/// Props for [`MatchReasons`].
#[derive(Properties, PartialEq)]
pub struct MatchReasonsProps {
    /// The radar's score.
    pub score: i64,
    /// Why, strongest first, as the API words them.
    pub reasons: Vec<String>,
}

/// "Strong match" as a tag, then the reasons as a bulleted list.
#[function_component]
pub fn MatchReasons(props: &MatchReasonsProps) -> Html {
    let (strength, colour) = match_strength(props.score);
    html! {
        <>
            <p class="govuk-body govuk-!-margin-bottom-1"><Tag text={strength} {colour} /></p>
            if !props.reasons.is_empty() {
                <ul class="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
                    { for props.reasons.iter().map(|reason| html! { <li>{ reason }</li> }) }
                </ul>
            }
        </>
    }
}
