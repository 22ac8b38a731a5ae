//! How far an idea's campaign has got: a progress bar and the same in words.

use cc2i_shared::idea::Funding;
use cc2i_shared::money::{format_bp, format_pence};
use yew::prelude::*;

use super::progress_bar::{progress_bar, Bar};

/// "64.25% funded: £96,375 of £150,000 from 3 organisations".
pub fn funding_sentence(funding: &Funding) -> String {
    let organisations = match funding.pledger_count {
        1 => "1 organisation".to_owned(),
        n => format!("{n} organisations"),
    };
    format!(
        "{} funded: {} of {} from {organisations}",
        format_bp(funding.pledged_bp),
        format_pence(funding.pledged_pence),
        format_pence(funding.target_cost_pence)
    )
}

/// A progress bar up to 100% (pledges may go beyond), named for the idea and described by
/// the sentence beside it.
pub fn funding_progress(funding: &Funding, id: &str, title: &str) -> Html {
    let bar = Bar {
        value: funding.pledged_bp,
        max: 10_000,
        label: &format!("Funding for {}", title),
        text_id: &format!("{}-funding", id),
        classes: "app-funding__bar",
        text_classes: "govuk-body-s app-funding__text",
    };
    let sentence = html! {
        <>
            { funding_sentence(funding) }
            if funding.reached_target {
                { ". Target reached" }
            }
        </>
    };
    html! { <div class="app-funding">{ progress_bar(bar, sentence) }</div> }
}
