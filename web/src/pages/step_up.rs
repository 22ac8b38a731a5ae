//! "Confirm it is you": a code from the authenticator app (or a recovery code) before an
//! action on money or authority, when the last one was used more than 10 minutes ago. The API
//! answers such actions 403 `mfa_required` (hint `step_up`); the error summary links here.

use yew::prelude::*;

use crate::components::enter_code_form::EnterCode;

/// The step-up page.
#[function_component]
pub fn StepUp() -> Html {
    html! { <EnterCode /> }
}
