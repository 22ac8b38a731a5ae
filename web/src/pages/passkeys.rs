//! "Passkeys": the passkeys and security keys on the account (name, when added, when last
//! used), adding one (a name, then the browser's own prompt: fingerprint, face, PIN or a key
//! touched) and removing one. The first second factor brings ten recovery codes, shown once.

use cc2i_shared::mfa::MfaStatus;
use cc2i_shared::passkey::{NewPasskey, Passkey, PasskeyAdded, PasskeyChallenge};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::components::notification_banner::notification_banner;
use crate::components::recovery_codes::recovery_codes;
use crate::components::route_link::RouteLink;
use crate::components::text_input::{text_input, TextInputProps};
use crate::dates::long_date_time;
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::use_loaded;
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[
        ("name", "Name"),
        ("passkey", "Passkey"),
        ("ceremony_id", "Passkey"),
    ],
    codes: &[
        (
            "passkey_not_used",
            Some("passkey"),
            "Your browser did not make a passkey. Try again, and follow what your browser or security key asks",
        ),
        (
            "passkey_already_registered",
            Some("passkey"),
            "This passkey is already on a CC2i account",
        ),
        (
            "passkeys_unavailable",
            None,
            "Passkeys are not available on this copy of CC2i. Use an authenticator app instead",
        ),
    ],
};

/// Starts a registration, has the browser make the passkey, and saves it.
async fn add(name: String) -> Result<PasskeyAdded, ClientError> {
    let challenge =
        request::<PasskeyChallenge>(Method::POST, "/me/mfa/passkeys/registration", Some(&()))
            .await?;
    let credential = crate::webauthn::create(&challenge.options).await?;
    let body = NewPasskey {
        ceremony_id: challenge.ceremony_id,
        name,
        credential,
    };
    request::<PasskeyAdded>(Method::POST, "/me/mfa/passkeys", Some(&body)).await
}

/// The page.
#[function_component]
pub fn Passkeys() -> Html {
    let session = use_session();
    let reload = use_state(|| 0_u32);
    let status = use_loaded(*reload, |_| {
        request::<MfaStatus>(Method::GET, "/me/mfa", NO_BODY)
    });
    let name = use_state(String::new);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let codes = use_state(|| None::<Vec<String>>);
    let banner = use_state(|| None::<String>);
    let title = if codes.is_some() {
        "Save your recovery codes"
    } else {
        "Passkeys"
    };
    use_title(title, !errors.is_empty());

    let onsubmit = {
        let (name, errors, busy, codes, banner, reload, session) = (
            name.clone(),
            errors.clone(),
            busy.clone(),
            codes.clone(),
            banner.clone(),
            reload.clone(),
            session.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let entered = name.trim().to_owned();
            if entered.is_empty() {
                let mut missing = FormErrors::default();
                missing.push_on(None, "name".into(), "Enter a name for the passkey".into());
                errors.set(missing);
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            banner.set(None);
            let (name, errors, busy, codes, banner, reload, session) = (
                name.clone(),
                errors.clone(),
                busy.clone(),
                codes.clone(),
                banner.clone(),
                reload.clone(),
                session.clone(),
            );
            spawn_local(async move {
                match add(entered.clone()).await {
                    Ok(added) if !added.recovery_codes.is_empty() => {
                        codes.set(Some(added.recovery_codes))
                    }
                    Ok(added) => {
                        banner.set(Some(format!("Passkey ‘{}’ added", added.passkey.name)));
                        name.set(String::new());
                        reload.set(*reload + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &SPEC));
                    }
                }
                busy.set(false);
            });
        })
    };
    let remove = {
        let (errors, banner, reload, session) = (
            errors.clone(),
            banner.clone(),
            reload.clone(),
            session.clone(),
        );
        move |key: &Passkey| {
            let (id, label) = (key.id.clone(), key.name.clone());
            let (errors, banner, reload, session) = (
                errors.clone(),
                banner.clone(),
                reload.clone(),
                session.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                let (id, label) = (id.clone(), label.clone());
                let (errors, banner, reload, session) = (
                    errors.clone(),
                    banner.clone(),
                    reload.clone(),
                    session.clone(),
                );
                spawn_local(async move {
                    let path = format!("/me/mfa/passkeys/{id}");
                    match request::<()>(Method::DELETE, &path, NO_BODY).await {
                        Ok(()) => {
                            errors.set(FormErrors::default());
                            banner.set(Some(format!("Passkey ‘{label}’ removed")));
                            reload.set(*reload + 1);
                        }
                        Err(error) => {
                            end_if_signed_out(&session, &error);
                            errors.set(FormErrors::from_error(&error, &SPEC));
                        }
                    }
                });
            })
        }
    };

    let body = match (&*codes, &*status) {
        (Some(saved), _) => recovery_codes(saved, "Passkey added"),
        (None, None) => html! { <p class="govuk-body">{ "Loading…" }</p> },
        (None, Some(Err(error))) => load_failure(error),
        (None, Some(Ok(status))) => {
            let name = name.clone();
            html! {
                <>
                    if let Some(message) = &*banner {
                        { notification_banner(message.clone(), true, Html::default()) }
                    }
                    <p class="govuk-body">
                        { "A passkey signs you in with your fingerprint, face, screen lock or a security key instead of a code from an app. It works only on CC2i, so it cannot be phished." }
                    </p>
                    { list(&status.passkeys, &remove) }
                    <h2 class="govuk-heading-m">{ "Add a passkey" }</h2>
                    if !crate::webauthn::supported() {
                        <p class="govuk-body">
                            { "This browser cannot make passkeys. Use an up-to-date browser, or an authenticator app." }
                        </p>
                    }
                    <form novalidate=true {onsubmit}>
                        { text_input(&yew::props!(TextInputProps {
                            id: "name",
                            label: "Name",
                            hint: "So you can tell your passkeys apart, like ‘Work laptop’ or ‘Blue security key’",
                            classes: classes!("govuk-!-width-two-thirds"),
                            value: AttrValue::from((*name).clone()),
                            oninput: Callback::from(move |v| name.set(v)),
                            error: errors.field("name"),
                        })) }
                        <button type="submit" id="passkey" class="govuk-button" data-module="govuk-button">
                            { "Add a passkey" }
                        </button>
                    </form>
                    <p class="govuk-body">
                        <RouteLink to={Route::Account}>{ "Back to your account" }</RouteLink>
                    </p>
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

/// The passkeys as a table, each with a button to remove it.
fn list(keys: &[Passkey], remove: &impl Fn(&Passkey) -> Callback<MouseEvent>) -> Html {
    if keys.is_empty() {
        return html! { <p class="govuk-body" id="no-passkeys">{ "You have no passkeys yet." }</p> };
    }
    html! {
        <table class="govuk-table" id="passkeys">
            <caption class="govuk-table__caption govuk-table__caption--m">{ "Your passkeys" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Name" }</th>
                    <th scope="col" class="govuk-table__header">{ "Added" }</th>
                    <th scope="col" class="govuk-table__header">{ "Last used" }</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">{ "Action" }</span></th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for keys.iter().map(|k| html! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{ k.name.clone() }</td>
                        <td class="govuk-table__cell">{ long_date_time(&k.created_at) }</td>
                        <td class="govuk-table__cell">
                            { k.last_used_at.as_ref().map(long_date_time).unwrap_or_else(|| "Not yet".into()) }
                        </td>
                        <td class="govuk-table__cell">
                            <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button"
                                onclick={remove(k)}>
                                { "Remove" }<span class="govuk-visually-hidden">{ format!(" {}", k.name) }</span>
                            </button>
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
