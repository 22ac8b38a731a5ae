//! The GOV.UK notification banner.

use yew::prelude::*;

/// Props for [`NotificationBanner`].
#[derive(Properties, PartialEq)]
pub struct NotificationBannerProps {
    /// The one-line message.
    pub message: AttrValue,
    /// A green "Success" banner (announced at once) rather than a blue "Important" one.
    #[prop_or_default]
    pub success: bool,
    /// More under the message, such as a list of what was done.
    #[prop_or_default]
    pub children: Html,
}

/// A banner telling the user something happened or matters on this page.
#[function_component]
pub fn NotificationBanner(props: &NotificationBannerProps) -> Html {
    let (title, role) = if props.success {
        ("Success", "alert")
    } else {
        ("Important", "region")
    };
    html! {
        <div
            class={classes!(
                "govuk-notification-banner",
                props.success.then_some("govuk-notification-banner--success")
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
                <p class="govuk-notification-banner__heading">{ props.message.clone() }</p>
                { props.children.clone() }
            </div>
        </div>
    }
}
