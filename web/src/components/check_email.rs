//! The "Check your email" page shown after asking CC2i to email a link.

use yew::prelude::*;

/// The page: the server's message (which names the address) and what to do if nothing comes.
pub fn check_email(message: &str) -> Html {
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{ "Check your email" }</h1>
                <p class="govuk-body">{ message.to_owned() }</p>
                <div class="govuk-inset-text">
                    { "The email can take a few minutes to arrive. If it does not, check your spam or junk folder." }
                </div>
            </div>
        </div>
    }
}
