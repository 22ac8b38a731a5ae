//! Signing in with email address and password.

use crate::router::*;
use cc2i_shared::Login;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::components::text_input::{text_input, TextInputProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::session::{sign_in, use_session};
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[("email", "Email address"), ("password", "Password")],
    codes: &[
        (
            "invalid_credentials",
            None,
            "Enter a correct email address and password",
        ),
        (
            "sso_required",
            None,
            "Your organisation signs you in through its own service: choose Sign in with your organisation",
        ),
        (
            "too_many_attempts",
            None,
            "You have tried to sign in too many times. Wait a few minutes, then try again",
        ),
    ],
};

/// The sign-in form; says so when the user was sent here because their session ended.
#[function_component]
pub fn SignIn() -> Html {
    let email = use_state(String::new);
    let password = use_state(String::new);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    // The second step's token, and the factors the account has (`hint`: totp, passkey).
    let challenge = use_state(|| None::<(String, String)>);
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    let flash = use_state(|| crate::app::flash(location.as_ref()));
    use_title(
        match &*challenge {
            Some((_, factors)) => {
                crate::components::enter_code_form::title(true, factors.contains("totp"))
            }
            None => "Sign in",
        },
        !errors.is_empty(),
    );

    let onsubmit = {
        let (email, password, errors, busy, challenge) = (
            email.clone(),
            password.clone(),
            errors.clone(),
            busy.clone(),
            challenge.clone(),
        );
        let session = session.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            let login = Login {
                email: email.trim().to_owned(),
                password: (*password).clone(),
            };
            let (errors, busy, session, navigator, challenge) = (
                errors.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
                challenge.clone(),
            );
            spawn_local(async move {
                match (sign_in(&session, &login).await, navigator) {
                    (Ok(()), Some(navigator)) => navigator.push(&Route::Account),
                    (Ok(()), None) => busy.set(false),
                    (Err(crate::api::ClientError::Problem(problem)), _)
                        if problem.mfa_token.is_some() =>
                    {
                        let factors = problem.hint.clone().unwrap_or_else(|| "totp".into());
                        challenge.set(problem.mfa_token.map(|t| (t, factors)));
                        busy.set(false);
                    }
                    (Err(error), _) => {
                        errors.set(
                            FormErrors::from_error(&error, &SPEC)
                                .when_blank("email", &login.email, "Enter your email address")
                                .when_blank("password", &login.password, "Enter your password"),
                        );
                        busy.set(false);
                    }
                }
            });
        })
    };

    if let Some((token, factors)) = &*challenge {
        return html! {
            <crate::components::enter_code_form::EnterCode
                mfa_token={Some(AttrValue::from(token.clone()))}
                totp={factors.contains("totp")}
                passkey={factors.contains("passkey")}
            />
        };
    }

    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors={(*errors).clone()} />
                if let (Some(message), true) = (&*flash, errors.is_empty()) {
                    { notification_banner(message.clone(), false, Html::default()) }
                } else if session.ended && errors.is_empty() {
                    { notification_banner("Your session has ended. Sign in again to continue.", false, Html::default()) }
                }
                <h1 class="govuk-heading-l">{ "Sign in" }</h1>
                <form novalidate=true {onsubmit}>
                    { text_input(&yew::props!(TextInputProps {
                        id: "email",
                        label: "Email address",
                        input_type: "email",
                        autocomplete: "email",
                        value: AttrValue::from((*email).clone()),
                        oninput: Callback::from(move |v| email.set(v)),
                        error: errors.field("email"),
                    })) }
                    { text_input(&yew::props!(TextInputProps {
                        id: "password",
                        label: "Password",
                        input_type: "password",
                        autocomplete: "current-password",
                        value: AttrValue::from((*password).clone()),
                        oninput: Callback::from(move |v| password.set(v)),
                        error: errors.field("password"),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Sign in" }
                    </button>
                </form>
                <p class="govuk-body">
                    <RouteLink to={Route::ForgottenPassword}>{ "Forgotten your password?" }</RouteLink>
                </p>
                <p class="govuk-body">
                    <RouteLink to={Route::SsoSignIn}>{ "Sign in with your organisation" }</RouteLink>
                </p>
                <p class="govuk-body">
                    { "No account yet? " }
                    <RouteLink to={Route::Register}>{ "Create an account" }</RouteLink>
                </p>
            </div>
        </div>
    }
}
