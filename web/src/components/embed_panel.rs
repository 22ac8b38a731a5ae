//! "Embed this idea": the one-line snippet for other sites, the badge as Markdown, a live
//! preview of the widget, and the funders list as CSV.

use yew::prelude::*;

use crate::api::segment;

/// This site's origin, e.g. `https://cc2i.example`.
fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

fn copy_box(id: &str, label: &str, hint: &str, value: String, rows: u32) -> Html {
    let hint_id = format!("{id}-hint");
    html! {
        <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for={id.to_string()}>{ label }</label>
            <div id={hint_id.clone()} class="govuk-hint">{ hint }</div>
            <textarea class="govuk-textarea app-code" id={id.to_string()} name={id.to_string()}
                rows={rows.to_string()} readonly=true aria-describedby={hint_id} value={value} />
        </div>
    }
}

/// The panel for a public idea.
pub fn embed_panel(idea_id: &str, title: &str) -> Html {
    let base = origin();
    let id = segment(idea_id);
    let snippet = format!(
        "<div data-cc2i-idea=\"{idea_id}\"></div>\n<script src=\"{base}/widget.js\" async></script>"
    );
    let badge =
        format!("[![CC2i funding for {title}]({base}/badges/ideas/{id}.svg)]({base}/ideas/{id})");
    html! {
        <details class="govuk-details" id="embed">
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">{ "Embed this idea on your website" }</span>
            </summary>
            <div class="govuk-details__text">
                { copy_box("embed-snippet", "Widget code", "Paste this into your page where the funding widget should appear. Add data-theme=\"dark\" or data-compact=\"1\" to the div to change how it looks.", snippet, 3) }
                { copy_box("embed-badge", "Badge (Markdown)", "For README files and wikis that use Markdown.", badge, 2) }
                <h3 class="govuk-heading-s">{ "Preview" }</h3>
                <iframe class="app-embed-preview" src={format!("/embed/ideas/{id}")}
                    title={format!("Preview of the funding widget for {title}")} loading="lazy" />
                <p class="govuk-body">
                    <a class="govuk-link" href={format!("/api/v1/ideas/{id}/pledges.csv")} download="">
                        { "Download the funders list (CSV)" }
                    </a>
                </p>
            </div>
        </details>
    }
}
