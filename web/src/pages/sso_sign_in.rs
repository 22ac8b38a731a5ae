//! "Sign in with your organisation": the work email address picks the organisation's own
//! identity provider (Microsoft Entra ID, Google Workspace); the browser goes there and comes
//! back signed in, or back here with `?sso_error=` saying why not.

use cc2i_shared::sso::{SsoRedirect, SsoStart};
use gloo_net::http::Method;
use serde::Deserialize;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::request;
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::route_link::RouteLink;
use crate::components::text_input::{text_input, TextInputProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::router::use_location;
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[("email", "Work email address")],
    codes: &[
        (
            "sso_not_available",
            Some("email"),
            "Your organisation does not sign you in to CC2i through its own service: sign in with your email address and password",
        ),
        (
            "sso_provider_unavailable",
            Some("email"),
            "Your organisation's sign-in service is not answering. Try again later, or sign in with your email address and password",
        ),
    ],
};

/// The query the callback sends people back with.
#[derive(Deserialize, Default)]
struct Failure {
    #[serde(default)]
    sso_error: String,
}

/// What a failed sign-in at the provider means to the person.
fn failure_message(code: &str) -> &'static str {
    match code {
        "sso_cancelled" => "You did not finish signing in with your organisation. Enter your work email address to try again",
        "sso_state_invalid" => "This sign-in has expired or was started in another browser. Enter your work email address to start again",
        "sso_domain_not_vouched" => "Your organisation's sign-in service does not vouch for your email address's domain. Ask your IT team, or sign in with your email address and password",
        "sso_email_missing" => "Your organisation's sign-in service did not tell CC2i your email address. Ask your IT team to include the email claim",
        "sso_email_unverified" => "Your organisation's sign-in service did not confirm your email address, so it cannot sign in to your existing CC2i account. Sign in with your email address and password",
        "sso_provider_unavailable" => "Your organisation's sign-in service is not answering. Try again later, or sign in with your email address and password",
        _ => "Signing in with your organisation did not work. Try again, or sign in with your email address and password",
    }
}

/// The work email form; a failure from the provider is shown as the form's error.
#[function_component]
pub fn SsoSignIn() -> Html {
    let failed = use_location()
        .and_then(|l| l.query::<Failure>().ok())
        .unwrap_or_default()
        .sso_error;
    let email = use_state(String::new);
    let errors = use_state(|| {
        let mut errors = FormErrors::default();
        if !failed.is_empty() {
            errors.push(Some("email"), failure_message(&failed));
        }
        errors
    });
    let busy = use_state(|| false);
    use_title("Sign in with your organisation", !errors.is_empty());
    let onsubmit = {
        let (email, errors, busy) = (email.clone(), errors.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let body = SsoStart {
                email: email.trim().to_owned(),
            };
            let (errors, busy) = (errors.clone(), busy.clone());
            spawn_local(async move {
                match request::<SsoRedirect>(Method::POST, "/auth/sso/start", Some(&body)).await {
                    Ok(to) => {
                        if let Some(window) = web_sys::window() {
                            let _ = window.location().assign(&to.authorization_url);
                        }
                    }
                    Err(error) => {
                        errors.set(FormErrors::from_error(&error, &SPEC).when_blank(
                            "email",
                            &body.email,
                            "Enter your work email address",
                        ));
                        busy.set(false);
                    }
                }
            });
        })
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ "Sign in with your organisation" }</h1>
                <p class="govuk-body">
                    { "If your organisation signs its people in to CC2i through its own service (such as Microsoft Entra ID or Google Workspace), you can use your work account: there is no CC2i password to remember." }
                </p>
                <form novalidate=true {onsubmit}>
                    { text_input(&yew::props!(TextInputProps {
                        id: "email",
                        label: "Work email address",
                        hint: Some(AttrValue::from("We will send you to your organisation's sign-in page")),
                        input_type: "email",
                        autocomplete: "email",
                        value: AttrValue::from((*email).clone()),
                        oninput: Callback::from(move |v| email.set(v)),
                        error: errors.field("email"),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Continue" }
                    </button>
                </form>
                <p class="govuk-body">
                    <RouteLink to={Route::SignIn}>{ "Sign in with your email address and password" }</RouteLink>
                </p>
            </div>
        </div>
    }
}
