//! Following the idea: whether the viewer follows it, how many do, and the button.

use cc2i_shared::discussion::Following;
use yew::prelude::*;

/// The sentence and the button that flips it.
pub fn follow_block(following: Following, on_follow: &Callback<bool>) -> Html {
    let others = match following.followers - i64::from(following.following) {
        0 => String::new(),
        1 => " 1 other person follows it.".to_owned(),
        n => format!(" {n} other people follow it."),
    };
    let (sentence, button) = if following.following {
        (
            "You follow this idea: you are told about its public updates.",
            "Stop following",
        )
    } else {
        (
            "Follow this idea to be told about its public updates.",
            "Follow this idea",
        )
    };
    let onclick = on_follow.reform(move |_: MouseEvent| !following.following);
    html! {
        <div class="app-follow">
            <p class="govuk-body">{ sentence }{ others }</p>
            <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" {onclick}>
                { button }
            </button>
        </div>
    }
}
