//! "Confirm it is you": a passkey, a code from the authenticator app (or a recovery code)
//! before an action on money or authority, when the last was used more than 10 minutes ago.
//! The API answers such actions 403 `mfa_required` (hint `step_up`); the error summary links
//! here.

use cc2i_shared::mfa::MfaStatus;
use gloo_net::http::Method;
use yew::prelude::*;

use crate::api::{request, NO_BODY};
use crate::components::enter_code_form::EnterCode;
use crate::loading::use_loaded;

/// The step-up page: it offers the factors the person has.
#[function_component]
pub fn StepUp() -> Html {
    let status = use_loaded((), |()| {
        request::<MfaStatus>(Method::GET, "/me/mfa", NO_BODY)
    });
    match &*status {
        Some(Ok(s)) => html! { <EnterCode totp={s.totp} passkey={!s.passkeys.is_empty()} /> },
        // Without the list, the app code form still works.
        Some(Err(_)) => html! { <EnterCode /> },
        None => html! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-l">{ "Confirm it is you" }</h1>
                    <p class="govuk-body">{ "Loading…" }</p>
                </div>
            </div>
        },
    }
}
