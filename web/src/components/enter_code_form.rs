//! The second step of signing in, and stepping up before an action on money or authority
//! (GOV.UK "Enter a code" pattern): a passkey, the code from the authenticator app, or a
//! recovery code instead.

use cc2i_shared::mfa::SecondFactor;
use cc2i_shared::passkey::{PasskeyAnswer, PasskeyChallenge, PasskeySignIn};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, ClientError};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::text_input::{text_input, TextInputProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::router::use_navigator;
use crate::session::{use_session, SessionAction};
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[
        ("code", "Code"),
        ("recovery_code", "Recovery code"),
        ("passkey", "Passkey"),
        ("ceremony_id", "Passkey"),
    ],
    codes: &[
        (
            "passkey_not_used",
            Some("passkey"),
            "Your passkey was not used. Try again, or use another way to confirm it is you",
        ),
        (
            "mfa_challenge_invalid",
            None,
            "This sign-in has expired. Go back and sign in again",
        ),
        (
            "too_many_attempts",
            None,
            "You have tried too many codes. Wait a few minutes, then sign in again",
        ),
    ],
};

/// Props of [`EnterCode`].
#[derive(Properties, PartialEq)]
pub struct EnterCodeProps {
    /// The token from the first step of signing in; none to step up (the session is replaced
    /// by one that used the code, and the browser goes back to the page it came from).
    #[prop_or_default]
    pub mfa_token: Option<AttrValue>,
    /// The person has an authenticator app (else only a recovery code is asked for).
    #[prop_or(true)]
    pub totp: bool,
    /// The person has a passkey: offer it first.
    #[prop_or_default]
    pub passkey: bool,
}

/// The page title: signing in with an app, signing in with a passkey only, or stepping up.
pub fn title(signing_in: bool, totp: bool) -> &'static str {
    match (signing_in, totp) {
        (true, true) => "Enter the code from your authenticator app",
        (true, false) => "Use your passkey to sign in",
        (false, _) => "Confirm it is you",
    }
}

/// Sends the second factor, then goes on: back (stepping up) or to the account (signing in).
async fn finish(
    body: SecondFactor,
    session: crate::session::SessionHandle,
    navigator: Option<crate::router::Navigator>,
) -> Result<(), ClientError> {
    let step_up = body.mfa_token.is_none();
    let path = if step_up {
        "/auth/step-up"
    } else {
        "/auth/session/mfa"
    };
    request::<serde::de::IgnoredAny>(Method::POST, path, Some(&body)).await?;
    match navigator {
        navigator if step_up => go_back(navigator),
        Some(navigator) => {
            session.dispatch(SessionAction::SignIn);
            navigator.push(&Route::Account);
        }
        None => {}
    }
    Ok(())
}

/// Has the browser use a passkey for a new challenge, and sends its answer.
async fn with_passkey(
    mfa_token: Option<String>,
    session: crate::session::SessionHandle,
    navigator: Option<crate::router::Navigator>,
) -> Result<(), ClientError> {
    let challenge = match &mfa_token {
        Some(token) => {
            let body = PasskeySignIn {
                mfa_token: token.clone(),
            };
            request::<PasskeyChallenge>(Method::POST, "/auth/login/passkey", Some(&body)).await?
        }
        None => {
            request::<PasskeyChallenge>(Method::POST, "/me/mfa/passkeys/challenge", Some(&()))
                .await?
        }
    };
    let credential = crate::webauthn::use_passkey(&challenge.options).await?;
    let body = SecondFactor {
        mfa_token,
        code: None,
        recovery_code: None,
        passkey: Some(PasskeyAnswer {
            ceremony_id: challenge.ceremony_id,
            credential,
        }),
    };
    finish(body, session, navigator).await
}

/// Back to the page that asked to step up, or the account page when there is none.
fn go_back(navigator: Option<crate::router::Navigator>) {
    let history = web_sys::window().and_then(|w| w.history().ok());
    match (history, navigator) {
        (Some(history), _) if history.length().unwrap_or(0) > 1 => {
            let _ = history.back();
        }
        (_, Some(navigator)) => navigator.push(&Route::Account),
        _ => {}
    }
}

/// "Enter the code from your authenticator app", then the account page (signing in) or the
/// page before (stepping up).
#[function_component]
pub fn EnterCode(props: &EnterCodeProps) -> Html {
    let code = use_state(String::new);
    let recovery = use_state(|| !props.totp);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let session = use_session();
    let navigator = use_navigator();
    let title = title(props.mfa_token.is_some(), props.totp);
    use_title(title, !errors.is_empty());
    let onpasskey = {
        let (errors, busy, session, navigator) = (
            errors.clone(),
            busy.clone(),
            session.clone(),
            navigator.clone(),
        );
        let token = props.mfa_token.as_ref().map(|t| t.to_string());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            let (token, errors, busy, session, navigator) = (
                token.clone(),
                errors.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                if let Err(error) = with_passkey(token, session, navigator).await {
                    errors.set(FormErrors::from_error(&error, &SPEC));
                }
                busy.set(false);
            });
        })
    };
    let onsubmit = {
        let (code, recovery, errors, busy) =
            (code.clone(), recovery.clone(), errors.clone(), busy.clone());
        let token = props.mfa_token.as_ref().map(|t| t.to_string());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            let entered = code.trim().to_owned();
            let body = SecondFactor {
                mfa_token: token.clone(),
                code: (!*recovery).then(|| entered.clone()),
                recovery_code: (*recovery).then(|| entered.clone()),
                passkey: None,
            };
            let field = if *recovery { "recovery_code" } else { "code" };
            let (errors, busy, session, navigator) = (
                errors.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                if let Err(error) = finish(body, session, navigator).await {
                    errors.set(FormErrors::from_error(&error, &SPEC).when_blank(
                        field,
                        &entered,
                        "Enter the code",
                    ));
                }
                busy.set(false);
            });
        })
    };
    let toggle = {
        let (recovery, code) = (recovery.clone(), code.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            recovery.set(!*recovery);
            code.set(String::new());
        })
    };
    let (id, label, hint, toggle_text) = if *recovery {
        (
            "recovery_code",
            "Recovery code",
            "One of the recovery codes you saved when you added your app, like abcde-23456",
            "Use the code from your app instead",
        )
    } else {
        (
            "code",
            "Code",
            "The 6-digit code your authenticator app shows for CC2i",
            "Use a recovery code instead",
        )
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ title }</h1>
                if props.mfa_token.is_none() {
                    <p class="govuk-body">
                        { "Use your passkey or a code from your authenticator app. CC2i asks again when you act on money or authority more than 10 minutes after you last confirmed it is you." }
                    </p>
                }
                if props.passkey {
                    <p class="govuk-body">
                        { "Use the passkey on this device, or your security key." }
                    </p>
                    <button type="button" id="passkey" class="govuk-button" data-module="govuk-button" onclick={onpasskey}>
                        { "Use a passkey" }
                    </button>
                    <h2 class="govuk-heading-m">{ if props.totp { "Or enter a code" } else { "Or enter a recovery code" } }</h2>
                }
                <form novalidate=true {onsubmit}>
                    { text_input(&yew::props!(TextInputProps {
                        id,
                        label,
                        hint,
                        input_type: "text",
                        autocomplete: "one-time-code",
                        value: AttrValue::from((*code).clone()),
                        oninput: Callback::from(move |v| code.set(v)),
                        error: errors.field(id),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Continue" }
                    </button>
                </form>
                if props.totp {
                    <p class="govuk-body">
                        <a href="#" class="govuk-link" onclick={toggle}>{ toggle_text }</a>
                    </p>
                }
            </div>
        </div>
    }
}
