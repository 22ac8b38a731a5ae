//! The GOV.UK notification banner.

use yew::prelude::*;

/// A banner telling the user something happened (`success`: green, announced at once) or
/// matters on this page (blue, "Important"), with more under the message in `more`. Keyed by
/// its message, so a new message is a new banner. A function rather than a component: smaller
/// wasm.
pub fn notification_banner(message: impl Into<AttrValue>, success: bool, more: Html) -> Html {
    let message: AttrValue = message.into();
    let (title, role) = if success {
        ("Success", "alert")
    } else {
        ("Important", "region")
    };
    html! {
        <div
            key={message.to_string()}
            class={classes!(
                "govuk-notification-banner",
                success.then_some("govuk-notification-banner--success")
            )}
            {role}
            aria-labelledby="govuk-notification-banner-title"
            data-module="govuk-notification-banner"
        >
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">
                    { title }
                </h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{ message }</p>
                { more }
            </div>
        </div>
    }
}
