//! What a page says when it could not load what it shows.

use yew::prelude::*;

use crate::api::ClientError;

/// A sentence saying why the page is empty (a function rather than a component: smaller wasm).
pub fn load_failure(error: &ClientError) -> Html {
    let message = match error {
        ClientError::Problem(problem) if problem.status < 500 => problem.detail.clone(),
        ClientError::SignedOut => "Your session has ended. Sign in again.".to_owned(),
        _ => "Sorry, there is a problem with the service. Try again later.".to_owned(),
    };
    html! { <p class="govuk-body">{ message }</p> }
}
