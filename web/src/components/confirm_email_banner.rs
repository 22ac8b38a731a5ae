//! The banner an unconfirmed person sees on their account page, with a button to have the
//! link sent again.

use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, ClientError, NO_BODY};

/// Props of [`ConfirmEmailBanner`].
#[derive(Properties, PartialEq)]
pub struct ConfirmEmailBannerProps {
    /// The address waiting to be confirmed.
    pub email: AttrValue,
}

/// "Confirm your email address" and "Send the link again".
#[function_component]
pub fn ConfirmEmailBanner(props: &ConfirmEmailBannerProps) -> Html {
    let said = use_state(|| None::<String>);
    let onclick = {
        let said = said.clone();
        Callback::from(move |_: MouseEvent| {
            let said = said.clone();
            spawn_local(async move {
                let answer = request::<()>(Method::POST, "/me/email-verification", NO_BODY).await;
                said.set(Some(match answer {
                    Ok(()) => "We have sent a new link. It works for 24 hours.".into(),
                    Err(ClientError::Problem(problem)) => problem.detail,
                    Err(_) => "Sorry, the link could not be sent. Try again later.".into(),
                }));
            });
        })
    };
    html! {
        <div class="govuk-notification-banner" role="region" aria-labelledby="confirm-email-title" data-module="govuk-notification-banner">
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="confirm-email-title">{ "Important" }</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{ "Confirm your email address" }</p>
                <p class="govuk-body">
                    { format!("We emailed a link to {}. Until you use it you can look around CC2i, but not register or act for an organisation.", props.email) }
                </p>
                if let Some(said) = &*said {
                    <p class="govuk-body" role="status">{ said.clone() }</p>
                }
                <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" {onclick}>
                    { "Send the link again" }
                </button>
            </div>
        </div>
    }
}
