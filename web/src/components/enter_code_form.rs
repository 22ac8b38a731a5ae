//! The second step of signing in, and stepping up before an action on money or authority
//! (GOV.UK "Enter a code" pattern): the code from the authenticator app, or a recovery code
//! instead.

use cc2i_shared::mfa::SecondFactor;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::request;
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::text_input::{text_input, TextInputProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::router::use_navigator;
use crate::session::{use_session, SessionAction};
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[("code", "Code"), ("recovery_code", "Recovery code")],
    codes: &[
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
    let recovery = use_state(|| false);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let session = use_session();
    let navigator = use_navigator();
    let title = if props.mfa_token.is_some() {
        "Enter the code from your authenticator app"
    } else {
        "Confirm it is you"
    };
    use_title(title, !errors.is_empty());
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
            let step_up = token.is_none();
            let body = SecondFactor {
                mfa_token: token.clone(),
                code: (!*recovery).then(|| entered.clone()),
                recovery_code: (*recovery).then(|| entered.clone()),
            };
            let field = if *recovery { "recovery_code" } else { "code" };
            let (errors, busy, session, navigator) = (
                errors.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                let path = if step_up {
                    "/auth/step-up"
                } else {
                    "/auth/session/mfa"
                };
                let done = request::<serde::de::IgnoredAny>(Method::POST, path, Some(&body)).await;
                match (done, navigator) {
                    (Ok(_), navigator) if step_up => go_back(navigator),
                    (Ok(_), Some(navigator)) => {
                        session.dispatch(SessionAction::SignIn);
                        navigator.push(&Route::Account);
                    }
                    (Ok(_), None) => busy.set(false),
                    (Err(error), _) => {
                        errors.set(FormErrors::from_error(&error, &SPEC).when_blank(
                            field,
                            &entered,
                            "Enter the code",
                        ));
                        busy.set(false);
                    }
                }
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
                        { "Enter the code from your authenticator app. CC2i asks for a code again when you act on money or authority more than 10 minutes after you last used one." }
                    </p>
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
                <p class="govuk-body">
                    <a href="#" class="govuk-link" onclick={toggle}>{ toggle_text }</a>
                </p>
            </div>
        </div>
    }
}
