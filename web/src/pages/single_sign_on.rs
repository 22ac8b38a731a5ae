//! An organisation's single sign-on: the redirect URI to register at its identity provider,
//! the provider's settings (owners change them after confirming it is them), and turning it
//! off.

use cc2i_shared::sso::{SsoConfiguration, SsoSettings, SsoSettingsInput};
use cc2i_shared::Organisation;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::checkboxes::{checkboxes, CheckboxesProps};
use crate::components::confirm_action::ConfirmAction;
use crate::components::error_summary::ErrorSummary;
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::components::summary_list::summary_list;
use crate::components::text_input::{text_input, TextInputProps};
use crate::components::textarea::{textarea, TextareaProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[
        ("issuer", "Issuer URL"),
        ("client_id", "Client ID"),
        ("client_secret", "Client secret"),
        ("domains", "Email domains"),
        ("break_glass_email", "Break-glass owner's email address"),
    ],
    codes: &[
        (
            "sso_domain_taken",
            Some("domains"),
            "Another organisation's sign-in service already vouches for one of these domains",
        ),
        (
            "organisation_not_verified",
            None,
            "Single sign-on can be set up once CC2i has verified your organisation",
        ),
        (
            "forbidden",
            None,
            "Only the organisation's owners can change how its people sign in",
        ),
    ],
};

#[derive(Clone, PartialEq)]
struct Loaded {
    org: Organisation,
    sso: Result<SsoConfiguration, ClientError>,
}

/// Props for [`SingleSignOn`].
#[derive(Properties, PartialEq)]
pub struct SingleSignOnProps {
    /// The organisation's id, from the address.
    pub id: String,
}

/// The form's values, as typed.
#[derive(Clone, Default, PartialEq)]
struct Form {
    issuer: String,
    client_id: String,
    client_secret: String,
    domains: String,
    require_sso: bool,
    break_glass_email: String,
}

impl Form {
    fn of(saved: Option<&SsoSettings>) -> Form {
        saved.map_or_else(Form::default, |s| Form {
            issuer: s.issuer.clone(),
            client_id: s.client_id.clone(),
            client_secret: String::new(),
            domains: s.domains.join("\n"),
            require_sso: s.require_sso,
            break_glass_email: s.break_glass_email.clone().unwrap_or_default(),
        })
    }

    fn input(&self) -> SsoSettingsInput {
        let secret = self.client_secret.trim();
        let glass = self.break_glass_email.trim();
        SsoSettingsInput {
            issuer: self.issuer.trim().to_owned(),
            client_id: self.client_id.trim().to_owned(),
            client_secret: (!secret.is_empty()).then(|| secret.to_owned()),
            domains: self
                .domains
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect(),
            require_sso: self.require_sso,
            break_glass_email: (self.require_sso && !glass.is_empty()).then(|| glass.to_owned()),
        }
    }
}

/// The settings (or the redirect URI to start with), the form and turning it off.
#[function_component]
pub fn SingleSignOn(props: &SingleSignOnProps) -> Html {
    let session = use_session();
    let version = use_state(|| 0_u32);
    let form = use_state(|| None::<Form>);
    let loaded = {
        let form = form.clone();
        use_loaded(
            (props.id.clone(), *version),
            move |(id, _): (String, u32)| {
                let form = form.clone();
                async move {
                    let path = format!("/organisations/{}", segment(&id));
                    let org = request::<Organisation>(Method::GET, &path, NO_BODY).await?;
                    let sso =
                        request::<SsoConfiguration>(Method::GET, &format!("{path}/sso"), NO_BODY)
                            .await;
                    match &sso {
                        Err(e)
                            if e.code() == Some("not_found")
                                || matches!(e, ClientError::SignedOut) =>
                        {
                            return Err(e.clone())
                        }
                        Ok(c) => form.set(Some(Form::of(c.provider.as_ref()))),
                        Err(_) => {}
                    }
                    Ok::<_, ClientError>(Loaded { org, sso })
                }
            },
        )
    };
    let errors = use_state(FormErrors::default);
    let banner = use_state(|| None::<AttrValue>);
    let busy = use_state(|| false);
    use_title("Single sign-on", !errors.is_empty());

    let path = format!("/organisations/{}/sso", segment(&props.id));
    let onsave = {
        let (form, errors, banner, busy, version, session, path) = (
            form.clone(),
            errors.clone(),
            banner.clone(),
            busy.clone(),
            version.clone(),
            session.clone(),
            path.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(values) = (*form).clone() else {
                return;
            };
            if *busy {
                return;
            }
            busy.set(true);
            banner.set(None);
            let body = values.input();
            let (errors, banner, busy, version, session, path) = (
                errors.clone(),
                banner.clone(),
                busy.clone(),
                version.clone(),
                session.clone(),
                path.clone(),
            );
            spawn_local(async move {
                match request::<SsoConfiguration>(Method::PUT, &path, Some(&body)).await {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        banner.set(Some("Single sign-on saved".into()));
                        version.set(*version + 1);
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
    let onremove = {
        let (errors, banner, version, session, path) = (
            errors.clone(),
            banner.clone(),
            version.clone(),
            session.clone(),
            path.clone(),
        );
        Callback::from(move |()| {
            let (errors, banner, version, session, path) = (
                errors.clone(),
                banner.clone(),
                version.clone(),
                session.clone(),
                path.clone(),
            );
            spawn_local(async move {
                match request::<()>(Method::DELETE, &path, NO_BODY).await {
                    Ok(()) => {
                        errors.set(FormErrors::default());
                        banner.set(Some("Single sign-on turned off".into()));
                        version.set(*version + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &SPEC));
                    }
                }
            });
        })
    };

    let l = match loaded_or_page(&loaded, "Single sign-on", "Loading single sign-on…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let header = html! {
        <>
            <span class="govuk-caption-l">{ &l.org.name }</span>
            <h1 class="govuk-heading-l">{ "Single sign-on" }</h1>
        </>
    };
    let back = html! {
        <p class="govuk-body">
            <RouteLink to={Route::Organisation { id: l.org.id.clone() }}>{ format!("Back to {}", l.org.name) }</RouteLink>
        </p>
    };
    let (Ok(config), Some(values)) = (&l.sso, (*form).clone()) else {
        return html! {
            <>
                { header }
                <p class="govuk-body">
                    { format!("Only owners and admins of {} can see how its people sign in.", l.org.name) }
                </p>
                { back }
            </>
        };
    };
    let set = |change: fn(&mut Form, String)| {
        let (form, values) = (form.clone(), values.clone());
        Callback::from(move |v: String| {
            let mut next = values.clone();
            change(&mut next, v);
            form.set(Some(next));
        })
    };
    let ontoggle = {
        let (form, values) = (form.clone(), values.clone());
        Callback::from(move |(_, on): (AttrValue, bool)| {
            form.set(Some(Form {
                require_sso: on,
                ..values.clone()
            }))
        })
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                { header }
                <p class="govuk-body">
                    { "Your people can sign in to CC2i through your organisation's own identity provider, such as Microsoft Entra ID or Google Workspace, using OpenID Connect. Ask your IT team to register CC2i as a web application with this redirect URI:" }
                </p>
                <div class="govuk-inset-text">
                    <code class="app-secret app-table__cell--break" id="redirect-uri">{ &config.redirect_uri }</code>
                </div>
                if let Some(saved) = &config.provider {
                    <h2 class="govuk-heading-m">{ "Your provider" }</h2>
                    { summary(saved) }
                }
                <h2 class="govuk-heading-m">
                    { if config.provider.is_some() { "Change single sign-on" } else { "Set up single sign-on" } }
                </h2>
                <form novalidate=true onsubmit={onsave}>
                    { text_input(&yew::props!(TextInputProps {
                        id: "issuer",
                        label: "Issuer URL",
                        hint: Some(AttrValue::from("For Microsoft Entra ID: https://login.microsoftonline.com/your-tenant-id/v2.0. For Google Workspace: https://accounts.google.com")),
                        input_type: "url",
                        value: AttrValue::from(values.issuer.clone()),
                        oninput: set(|f, v| f.issuer = v),
                        error: errors.field("issuer"),
                    })) }
                    { text_input(&yew::props!(TextInputProps {
                        id: "client_id",
                        label: "Client ID",
                        value: AttrValue::from(values.client_id.clone()),
                        oninput: set(|f, v| f.client_id = v),
                        error: errors.field("client_id"),
                    })) }
                    { text_input(&yew::props!(TextInputProps {
                        id: "client_secret",
                        label: "Client secret",
                        hint: Some(AttrValue::from(if config.provider.is_some() {
                            "Leave this empty to keep the secret you saved. CC2i stores it encrypted and never shows it."
                        } else {
                            "CC2i stores it encrypted and never shows it again."
                        })),
                        input_type: "password",
                        autocomplete: "off",
                        value: AttrValue::from(values.client_secret.clone()),
                        oninput: set(|f, v| f.client_secret = v),
                        error: errors.field("client_secret"),
                    })) }
                    { textarea(&yew::props!(TextareaProps {
                        id: "domains",
                        label: "Email domains",
                        hint: Some(AttrValue::from("One per line, like kirklees.gov.uk. People with an email address at these domains sign in through your provider. Each must be the domain of an owner's confirmed email address.")),
                        rows: 3,
                        value: AttrValue::from(values.domains.clone()),
                        oninput: set(|f, v| f.domains = v),
                        error: errors.field("domains"),
                    })) }
                    { checkboxes(&yew::props!(CheckboxesProps {
                        id: "require_sso",
                        legend: "Passwords",
                        options: vec![(AttrValue::from("require"), AttrValue::from("Require members to sign in through the provider"))],
                        checked: if values.require_sso { vec![AttrValue::from("require")] } else { Vec::new() },
                        ontoggle: ontoggle,
                        hint: Some(AttrValue::from("Members' passwords will no longer sign them in. One owner keeps a password and second factor for when the provider is down.")),
                    })) }
                    if values.require_sso {
                        { text_input(&yew::props!(TextInputProps {
                            id: "break_glass_email",
                            label: "Break-glass owner's email address",
                            hint: Some(AttrValue::from("An owner of this organisation with an authenticator app or passkey")),
                            input_type: "email",
                            value: AttrValue::from(values.break_glass_email.clone()),
                            oninput: set(|f, v| f.break_glass_email = v),
                            error: errors.field("break_glass_email"),
                        })) }
                    }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Save single sign-on" }
                    </button>
                </form>
                if config.provider.is_some() {
                    <ConfirmAction
                        label="Turn off single sign-on"
                        warning="Members will sign in with their passwords again. Their accounts stay."
                        confirm="Yes, turn it off"
                        onconfirm={onremove}
                        warning_button=true
                    />
                }
                { back }
            </div>
        </div>
    }
}

fn summary(saved: &SsoSettings) -> Html {
    let text = |s: String| html! { <span class="app-table__cell--break">{ s }</span> };
    summary_list(&[
        ("Issuer URL".into(), text(saved.issuer.clone())),
        ("Client ID".into(), text(saved.client_id.clone())),
        ("Email domains".into(), text(saved.domains.join(", "))),
        (
            "Passwords".into(),
            html! { { if saved.require_sso { "Members must sign in through the provider" } else { "Members may also sign in with a password" } } },
        ),
        (
            "Break-glass owner".into(),
            text(
                saved
                    .break_glass_email
                    .clone()
                    .unwrap_or_else(|| "None".into()),
            ),
        ),
    ])
}
