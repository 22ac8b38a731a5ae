//! What a page says when it could not load what it shows.

use yew::prelude::*;

use crate::api::ClientError;

/// Props for [`LoadFailure`].
#[derive(Properties, PartialEq)]
pub struct LoadFailureProps {
    /// Why loading failed.
    pub error: ClientError,
}

/// A sentence saying why the page is empty.
#[function_component]
pub fn LoadFailure(props: &LoadFailureProps) -> Html {
    let message = match &props.error {
        ClientError::Problem(problem) if problem.status < 500 => problem.detail.clone(),
        ClientError::SignedOut => "Your session has ended. Sign in again.".to_owned(),
        _ => "Sorry, there is a problem with the service. Try again later.".to_owned(),
    };
    html! { <p class="govuk-body">{ message }</p> }
}
