//! Plain text as people wrote it: paragraphs at blank lines, line breaks kept.

use yew::prelude::*;

/// Each paragraph of `text` as a GOV.UK body paragraph.
pub fn paragraphs(text: &str) -> Html {
    let blocks: Vec<String> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    html! {
        { for blocks.into_iter().map(|block| {
            let lines: Vec<String> = block.lines().map(str::to_owned).collect();
            let last = lines.len().saturating_sub(1);
            html! {
                <p class="govuk-body">
                    { for lines.into_iter().enumerate().map(|(i, line)| html! {
                        <>{ line }if i < last { <br /> }</>
                    }) }
                </p>
            }
        }) }
    }
}

/// What people see instead of something moderators removed.
pub fn removed(reason: Option<&str>) -> Html {
    html! {
        <div class="govuk-inset-text app-removed">
            <p class="govuk-body">
                { format!("Removed by moderators: {}", reason.unwrap_or("it broke the rules")) }
            </p>
        </div>
    }
}
