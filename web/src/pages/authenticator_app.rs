//! "Set up an authenticator app": scan the QR code (or type the key), enter the code the app
//! shows, then save the ten recovery codes, shown this once (GOV.UK "Enter a code" pattern).

use cc2i_shared::mfa::{ConfirmTotp, MfaStatus, RecoveryCodes, TotpEnrolment};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::components::recovery_codes::recovery_codes;
use crate::components::route_link::RouteLink;
use crate::components::text_input::{text_input, TextInputProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::use_loaded;
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[("code", "Code")],
    codes: &[(
        "mfa_already_enrolled",
        None,
        "You already use an authenticator app",
    )],
};

/// The key in groups of four, easier to type.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page: what the person has, then the steps to add an app, then the recovery codes.
#[function_component]
pub fn AuthenticatorApp() -> Html {
    let session = use_session();
    let status = use_loaded((), |()| {
        request::<MfaStatus>(Method::GET, "/me/mfa", NO_BODY)
    });
    let enrolment = use_state(|| None::<Result<TotpEnrolment, ClientError>>);
    let codes = use_state(|| None::<Vec<String>>);
    let code = use_state(String::new);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let title = match (&*codes, &*status) {
        (Some(_), _) => "Save your recovery codes",
        (None, Some(Ok(s))) if s.totp => "Your authenticator app",
        _ => "Set up an authenticator app",
    };
    use_title(title, !errors.is_empty());

    let needs_start = matches!(&*status, Some(Ok(s)) if !s.totp) && enrolment.is_none();
    use_effect_with(needs_start, {
        let (enrolment, session) = (enrolment.clone(), session.clone());
        move |start| {
            if *start {
                spawn_local(async move {
                    let started =
                        request::<TotpEnrolment>(Method::POST, "/me/mfa/totp", Some(&())).await;
                    if let Err(error) = &started {
                        end_if_signed_out(&session, error);
                    }
                    enrolment.set(Some(started));
                });
            }
        }
    });

    let onsubmit = {
        let (code, errors, busy, codes, session) = (
            code.clone(),
            errors.clone(),
            busy.clone(),
            codes.clone(),
            session.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            let entered = code.trim().to_owned();
            let body = ConfirmTotp {
                code: entered.clone(),
            };
            let (errors, busy, codes, session) =
                (errors.clone(), busy.clone(), codes.clone(), session.clone());
            spawn_local(async move {
                match request::<RecoveryCodes>(Method::POST, "/me/mfa/totp/confirm", Some(&body))
                    .await
                {
                    Ok(made) => codes.set(Some(made.codes)),
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &SPEC).when_blank(
                            "code",
                            &entered,
                            "Enter the 6-digit code your authenticator app shows",
                        ));
                    }
                }
                busy.set(false);
            });
        })
    };

    let loading = html! { <p class="govuk-body">{ "Loading…" }</p> };
    let body = match (&*codes, &*status, &*enrolment) {
        (Some(saved), _, _) => recovery_codes(saved, "Authenticator app added"),
        (None, None, _) => loading,
        (None, Some(Err(error)), _) | (None, Some(Ok(_)), Some(Err(error))) => load_failure(error),
        (None, Some(Ok(s)), _) if s.totp => html! {
            <>
                <p class="govuk-body">
                    { "You already use an authenticator app: signing in, and actions on money and authority, ask for a code from it." }
                </p>
                <p class="govuk-body">
                    { "To move to a new phone, sign in with a recovery code and ask CC2i support to reset your app." }
                </p>
                <p class="govuk-body">
                    <RouteLink to={Route::Account}>{ "Back to your account" }</RouteLink>
                </p>
            </>
        },
        (None, Some(Ok(_)), None) => loading,
        (None, Some(Ok(_)), Some(Ok(started))) => {
            let code = code.clone();
            html! {
                <>
                    <p class="govuk-body">
                        { "Platform staff, and owners and admins of a verified organisation, need an authenticator app before they act for it. Anyone can add one." }
                    </p>
                    <h2 class="govuk-heading-m">{ "1. Scan the QR code" }</h2>
                    <p class="govuk-body">
                        { "Open an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator), choose to add an account, and scan this code." }
                    </p>
                    <div class="app-qr govuk-!-margin-bottom-4">
                        { Html::from_html_unchecked(AttrValue::from(started.qr_svg.clone())) }
                    </div>
                    <details class="govuk-details">
                        <summary class="govuk-details__summary">
                            <span class="govuk-details__summary-text">{ "I cannot scan the QR code" }</span>
                        </summary>
                        <div class="govuk-details__text">
                            <p class="govuk-body">{ "Type this key into your app instead (it is time-based):" }</p>
                            <p class="govuk-body app-code" id="totp-secret">{ grouped(&started.secret) }</p>
                        </div>
                    </details>
                    <h2 class="govuk-heading-m">{ "2. Enter the code from the app" }</h2>
                    <form novalidate=true {onsubmit}>
                        { text_input(&yew::props!(TextInputProps {
                            id: "code",
                            label: "Code",
                            hint: "The 6-digit code your app shows for CC2i",
                            input_type: "text",
                            inputmode: "numeric",
                            autocomplete: "one-time-code",
                            classes: classes!("govuk-input--width-10"),
                            value: AttrValue::from((*code).clone()),
                            oninput: Callback::from(move |v| code.set(v)),
                            error: errors.field("code"),
                        })) }
                        <button type="submit" class="govuk-button" data-module="govuk-button">
                            { "Continue" }
                        </button>
                    </form>
                </>
            }
        }
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ title }</h1>
                { body }
            </div>
        </div>
    }
}
