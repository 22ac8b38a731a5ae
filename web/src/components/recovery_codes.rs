//! Recovery codes, shown once after the first second factor is added, with a download and
//! the way on.

use yew::prelude::*;

use crate::app::Route;
use crate::components::file_download::save;
use crate::components::route_link::RouteLink;

/// The recovery codes, this once, with a download and the way on.
pub fn recovery_codes(codes: &[String], added: &str) -> Html {
    let text = format!(
        "CC2i recovery codes\n\nEach signs you in once when your authenticator app or passkey is not to hand.\n\n{}\n",
        codes.join("\n")
    );
    let download = Callback::from(move |_: MouseEvent| {
        let _saved = save(text.as_bytes(), "text/plain", "cc2i-recovery-codes.txt");
    });
    html! {
        <>
            <div class="govuk-panel govuk-panel--confirmation">
                <h2 class="govuk-panel__title">{ added }</h2>
            </div>
            <p class="govuk-body">
                { "If you lose your phone or security key, each of these codes signs you in once instead." }
            </p>
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">{ "Warning" }</span>
                    { "You will not see these codes again. Save them somewhere safe now." }
                </strong>
            </div>
            <ul class="govuk-list app-code" id="recovery-codes">
                { for codes.iter().map(|c| html! { <li>{ c }</li> }) }
            </ul>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onclick={download}>
                    { "Download the codes" }
                </button>
                <RouteLink to={Route::Account} button=true>{ "Continue to your account" }</RouteLink>
            </div>
        </>
    }
}
