//! Choosing a new password from the link CC2i emailed.

use cc2i_shared::account::ResetPassword as ResetBody;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::request;
use crate::app::{Flash, Route};
use crate::components::error_summary::ErrorSummary;
use crate::components::route_link::RouteLink;
use crate::components::text_input::{text_input, TextInputProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::pages::verify_email::{link_problem, TokenQuery};
use crate::router::{use_location, use_navigator};
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[("new_password", "New password")],
    codes: &[],
};

/// The new password form; a refused link says why and offers a new one.
#[function_component]
pub fn ResetPassword() -> Html {
    let token = use_location()
        .and_then(|l| l.query::<TokenQuery>().ok())
        .unwrap_or_default()
        .token;
    let password = use_state(String::new);
    let errors = use_state(FormErrors::default);
    let refused = use_state(|| None::<&'static str>);
    let busy = use_state(|| false);
    let navigator = use_navigator();
    use_title(
        refused.unwrap_or("Choose a new password"),
        !errors.is_empty(),
    );
    let onsubmit = {
        let (password, errors, refused, busy) = (
            password.clone(),
            errors.clone(),
            refused.clone(),
            busy.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            let body = ResetBody {
                token: token.clone(),
                new_password: (*password).clone(),
            };
            let (errors, refused, busy, navigator) = (
                errors.clone(),
                refused.clone(),
                busy.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                match request::<()>(Method::POST, "/auth/password-reset/complete", Some(&body))
                    .await
                {
                    Ok(()) => {
                        if let Some(navigator) = navigator {
                            navigator.push_with_state(
                                &Route::SignIn,
                                Flash("Your password has been changed and you were signed out everywhere. Sign in with your new password.".into()),
                            );
                        }
                    }
                    Err(error) if error.code().is_some_and(|c| c.starts_with("token_")) => {
                        refused.set(Some(link_problem(error.code())));
                    }
                    Err(error) => {
                        errors.set(FormErrors::from_error(&error, &SPEC).when_blank(
                            "new_password",
                            &body.new_password,
                            "Enter a new password",
                        ));
                        busy.set(false);
                    }
                }
            });
        })
    };
    if let Some(problem) = *refused {
        return html! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-l">{ problem }</h1>
                    <p class="govuk-body">
                        { "Links to reset a password work once, for 30 minutes. " }
                        <RouteLink to={Route::ForgottenPassword}>{ "Ask for a new link" }</RouteLink>
                        { "." }
                    </p>
                </div>
            </div>
        };
    }
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ "Choose a new password" }</h1>
                <p class="govuk-body">{ "Choosing a new password signs you out everywhere." }</p>
                <form novalidate=true {onsubmit}>
                    { text_input(&yew::props!(TextInputProps {
                        id: "new_password",
                        label: "New password",
                        hint: "Use at least 12 characters. A phrase of 3 or more unrelated words is strong and easy to remember.",
                        input_type: "password",
                        autocomplete: "new-password",
                        value: AttrValue::from((*password).clone()),
                        oninput: Callback::from(move |v| password.set(v)),
                        error: errors.field("new_password"),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Change password" }
                    </button>
                </form>
            </div>
        </div>
    }
}
