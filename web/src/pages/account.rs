//! The signed-in user's account: details, organisations and a change-password form.

use crate::router::*;
use cc2i_shared::mfa::MfaStatus;
use cc2i_shared::notification::{EmailCadence, NotificationPreferences};
use cc2i_shared::{ChangePassword, Login, Me, Membership, PlatformRole};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::change_password_form::ChangePasswordForm;
use crate::components::email_preference_form::EmailPreferenceForm;
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::components::summary_list::summary_list;
use crate::components::tag::verification_tag;
use crate::dates::long_date;
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::use_loaded;
use crate::session::{end_if_signed_out, sign_in, use_session, SessionAction};
use crate::title::use_title;

const PREFERENCE_SPEC: FormSpec = FormSpec {
    fields: &[("email", "How often")],
    codes: &[],
};

const PASSWORD_SPEC: FormSpec = FormSpec {
    fields: &[
        ("current_password", "The password you entered"),
        ("new_password", "New password"),
    ],
    codes: &[(
        "invalid_credentials",
        Some("current_password"),
        "Your current password is not correct",
    )],
};

/// Name, email, platform role, memberships and the change-password form.
#[function_component]
pub fn Account() -> Html {
    let session = use_session();
    let location = use_location();
    let me = use_state(|| None::<Result<Me, ClientError>>);
    let banner = use_state(|| crate::app::flash(location.as_ref()));
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let form_key = use_state(|| 0_u32);
    use_title("Your account", !errors.is_empty());
    let preferences = use_loaded((), |()| {
        request::<NotificationPreferences>(Method::GET, "/me/notification-preferences", NO_BODY)
    });
    let factors = use_loaded((), |()| {
        request::<MfaStatus>(Method::GET, "/me/mfa", NO_BODY)
    });

    // Bumped when an invitation is answered: the account (its organisations) loads again.
    let version = use_state(|| 0_u32);
    use_effect_with(*version, {
        let (me, session) = (me.clone(), session.clone());
        move |_| {
            spawn_local(async move {
                let loaded = request::<Me>(Method::GET, "/me", NO_BODY).await;
                if let Err(error) = &loaded {
                    end_if_signed_out(&session, error);
                }
                me.set(Some(loaded));
            });
        }
    });

    let onchange_password = {
        let session = session.clone();
        let (me, banner, errors, busy, form_key) = (
            me.clone(),
            banner.clone(),
            errors.clone(),
            busy.clone(),
            form_key.clone(),
        );
        Callback::from(move |change: ChangePassword| {
            let Some(Ok(loaded)) = &*me else { return };
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            banner.set(None);
            let email = loaded.user.email.clone();
            let (session, banner, errors, busy, form_key) = (
                session.clone(),
                banner.clone(),
                errors.clone(),
                busy.clone(),
                form_key.clone(),
            );
            spawn_local(async move {
                let changed = request::<()>(Method::POST, "/me/password", Some(&change)).await;
                if let Err(error) = changed {
                    end_if_signed_out(&session, &error);
                    errors.set(
                        FormErrors::from_error(&error, &PASSWORD_SPEC)
                            .when_blank(
                                "current_password",
                                &change.current_password,
                                "Enter your current password",
                            )
                            .when_blank(
                                "new_password",
                                &change.new_password,
                                "Enter a new password",
                            ),
                    );
                    busy.set(false);
                    return;
                }
                // The change revoked every token, this one included: sign in again with the new
                // password, or send the user to sign in if that fails.
                let login = Login {
                    email,
                    password: change.new_password,
                };
                match sign_in(&session, &login).await {
                    Ok(()) => {
                        banner.set(Some("Your password has been changed".into()));
                        form_key.set(*form_key + 1);
                    }
                    Err(_) => session.dispatch(SessionAction::End),
                }
                busy.set(false);
            });
        })
    };

    let onsave_preference = {
        let (preferences, banner, errors, busy, session) = (
            preferences.clone(),
            banner.clone(),
            errors.clone(),
            busy.clone(),
            session.clone(),
        );
        Callback::from(move |email: EmailCadence| {
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            banner.set(None);
            let (preferences, banner, errors, busy, session) = (
                preferences.clone(),
                banner.clone(),
                errors.clone(),
                busy.clone(),
                session.clone(),
            );
            spawn_local(async move {
                let body = NotificationPreferences { email };
                let saved = request::<NotificationPreferences>(
                    Method::PUT,
                    "/me/notification-preferences",
                    Some(&body),
                )
                .await;
                match saved {
                    Ok(saved) => {
                        banner.set(Some(preference_saved(saved.email).into()));
                        preferences.set(Some(Ok(saved)));
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &PREFERENCE_SPEC));
                    }
                }
                busy.set(false);
            });
        })
    };

    let onanswered = {
        let (banner, version, errors) = (banner.clone(), version.clone(), errors.clone());
        Callback::from(move |message: String| {
            errors.set(FormErrors::default());
            banner.set(Some(message.into()));
            version.set(*version + 1);
        })
    };
    let oninvitation_error = {
        let errors = errors.clone();
        Callback::from(move |e: FormErrors| errors.set(e))
    };

    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ "Your account" }</h1>
                {
                    match &*me {
                        None => html! { <p class="govuk-body">{ "Loading your account…" }</p> },
                        Some(Err(error)) => load_failure(error),
                        Some(Ok(me)) => html! {
                            <>
                                if !me.user.email_verified {
                                    <crate::components::confirm_email_banner::ConfirmEmailBanner email={me.user.email.clone()} />
                                }
                                { details(me) }
                                <crate::components::membership_invitations::MembershipInvitations
                                    key={*version}
                                    onanswered={onanswered}
                                    onerror={oninvitation_error}
                                />
                                { memberships(&me.memberships) }
                                <h2 class="govuk-heading-m" id="email-notifications">{ "Email notifications" }</h2>
                                {
                                    match &*preferences {
                                        None => html! { <p class="govuk-body">{ "Loading your email preference…" }</p> },
                                        Some(Err(error)) => load_failure(error),
                                        Some(Ok(saved)) => html! {
                                            <EmailPreferenceForm
                                                key={saved.email.code()}
                                                saved={saved.email}
                                                errors={(*errors).clone()}
                                                onsave={onsave_preference}
                                            />
                                        },
                                    }
                                }
                                <h2 class="govuk-heading-m" id="authenticator-app">{ "Authenticator app" }</h2>
                                {
                                    match &*factors {
                                        None => html! { <p class="govuk-body">{ "Loading…" }</p> },
                                        Some(Err(error)) => load_failure(error),
                                        Some(Ok(status)) => second_factor(status),
                                    }
                                }
                                <h2 class="govuk-heading-m" id="passkeys">{ "Passkeys" }</h2>
                                {
                                    match &*factors {
                                        Some(Ok(status)) => passkeys(status),
                                        _ => Html::default(),
                                    }
                                }
                                <h2 class="govuk-heading-m" id="sessions">{ "Where you are signed in" }</h2>
                                <crate::components::sessions_table::SessionsTable />
                                <h2 class="govuk-heading-m">{ "Change your password" }</h2>
                                <p class="govuk-body">
                                    { "You will stay signed in here and be signed out everywhere else." }
                                </p>
                                <ChangePasswordForm
                                    key={*form_key}
                                    errors={(*errors).clone()}
                                    onsubmit={onchange_password}
                                />
                            </>
                        },
                    }
                }
            </div>
        </div>
    }
}

/// Whether the person has an authenticator app, and the way to add one.
fn second_factor(status: &MfaStatus) -> Html {
    if status.totp {
        return html! {
            <p class="govuk-body">
                { format!(
                    "You sign in with a code from your authenticator app. You have {} recovery {} left.",
                    status.recovery_codes_left,
                    if status.recovery_codes_left == 1 { "code" } else { "codes" }
                ) }
            </p>
        };
    }
    html! {
        <>
            <p class="govuk-body">
                { "Platform staff, and owners and admins of a verified organisation, must add an authenticator app before they act for it. Anyone can add one to keep their account safe." }
            </p>
            <RouteLink to={Route::AuthenticatorApp} button=true>{ "Set up an authenticator app" }</RouteLink>
        </>
    }
}

/// How many passkeys the person has, and the way to their page.
fn passkeys(status: &MfaStatus) -> Html {
    let count = status.passkeys.len();
    let (text, link) = match count {
        0 => (
            "A passkey signs you in with your fingerprint, face, screen lock or a security key instead of a code.".to_string(),
            "Add a passkey",
        ),
        1 => ("You have 1 passkey.".to_string(), "Manage your passkeys"),
        n => (format!("You have {n} passkeys."), "Manage your passkeys"),
    };
    html! {
        <>
            <p class="govuk-body">{ text }</p>
            <RouteLink to={Route::Passkeys} button=true classes={classes!("govuk-button--secondary")}>{ link }</RouteLink>
        </>
    }
}

/// The banner after saving the email preference.
fn preference_saved(cadence: EmailCadence) -> String {
    let what = match cadence {
        EmailCadence::Immediate => "CC2i will email you as soon as something happens",
        EmailCadence::Daily => "CC2i will email you a daily digest",
        EmailCadence::Weekly => "CC2i will email you a weekly digest",
        EmailCadence::Off => "CC2i will not email you about notifications",
    };
    format!("Your email preference has been saved: {what}")
}

fn details(me: &Me) -> Html {
    let role = match me.user.platform_role {
        PlatformRole::Admin => "Platform administrator",
        PlatformRole::User => "User",
    };
    let rows = vec![
        ("Name".into(), html! { &me.user.display_name }),
        ("Email address".into(), html! { &me.user.email }),
        ("Role on CC2i".into(), html! { role }),
        (
            "Account created".into(),
            html! { long_date(&me.user.created_at) },
        ),
    ];
    summary_list(&rows)
}

fn memberships(memberships: &[Membership]) -> Html {
    let row = |m: &Membership| {
        html! {
            <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                    <RouteLink to={Route::Organisation { id: m.organisation_id.clone() }}>
                        { &m.organisation_name }
                    </RouteLink>
                </td>
                <td class="govuk-table__cell">{ m.role.label() }</td>
                <td class="govuk-table__cell">
                    { verification_tag(m.organisation_verified) }
                </td>
            </tr>
        }
    };
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Your organisations" }</h2>
            if memberships.is_empty() {
                <p class="govuk-body">{ "You are not a member of any organisation yet." }</p>
            } else {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-visually-hidden">
                        { "Organisations you belong to" }
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "Organisation" }</th>
                            <th scope="col" class="govuk-table__header">{ "Your role" }</th>
                            <th scope="col" class="govuk-table__header">{ "Status" }</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for memberships.iter().map(row) }
                    </tbody>
                </table>
            }
            <p class="govuk-body">
                <RouteLink to={Route::NewOrganisation}>{ "Register an organisation" }</RouteLink>
            </p>
        </>
    }
}
