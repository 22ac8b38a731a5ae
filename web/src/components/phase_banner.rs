//! The GOV.UK phase banner.

use yew::prelude::*;

/// Tells users the service is in alpha.
pub fn phase_banner() -> Html {
    html! {
        <div class="govuk-phase-banner govuk-width-container">
            <p class="govuk-phase-banner__content">
                <strong class="govuk-tag govuk-phase-banner__content__tag">{ "Alpha" }</strong>
                <span class="govuk-phase-banner__text">
                    { "This is a new service. It may change as we learn what public bodies need." }
                </span>
            </p>
        </div>
    }
}
