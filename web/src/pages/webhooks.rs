//! An organisation's webhooks (owners and admins): the endpoints, adding one (its signing
//! secret shown once) and removing one.

use cc2i_shared::webhook::{CreateWebhook, CreatedWebhook, Webhook};
use cc2i_shared::Organisation;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::components::webhook_form::WebhookForm;
use crate::components::webhooks_table::{webhooks_table, WebhooksTableProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

const WEBHOOK_SPEC: FormSpec = FormSpec {
    fields: &[("url", "Endpoint URL"), ("events", "Events")],
    codes: &[(
        "webhook_url_forbidden",
        Some("url"),
        "Enter an https address on the public internet, like https://finance.example.gov.uk/cc2i/events",
    )],
};

#[derive(Clone, PartialEq)]
struct Loaded {
    org: Organisation,
    webhooks: Result<Vec<Webhook>, ClientError>,
}

/// Props for [`Webhooks`].
#[derive(Properties, PartialEq)]
pub struct WebhooksProps {
    /// The organisation's id, from the address.
    pub id: String,
}

/// The endpoints table, the secret of a webhook just added, and the add form.
#[function_component]
pub fn Webhooks(props: &WebhooksProps) -> Html {
    let session = use_session();
    let version = use_state(|| 0_u32);
    let loaded = use_loaded(
        (props.id.clone(), *version),
        |(id, _): (String, u32)| async move {
            let path = format!("/organisations/{}", segment(&id));
            let org = request::<Organisation>(Method::GET, &path, NO_BODY).await?;
            let webhooks = request(Method::GET, &format!("{path}/webhooks"), NO_BODY).await;
            if let Err(error) = &webhooks {
                if error.code() == Some("not_found") || matches!(error, ClientError::SignedOut) {
                    return Err(error.clone());
                }
            }
            Ok::<_, ClientError>(Loaded { org, webhooks })
        },
    );
    let errors = use_state(FormErrors::default);
    let created = use_state(|| None::<CreatedWebhook>);
    let banner = use_state(|| None::<AttrValue>);
    let form_key = use_state(|| 0_u32);
    let busy = use_state(|| false);
    use_title("Webhooks", !errors.is_empty());

    let onadd = {
        let (errors, created, banner, form_key, busy, version, session, id) = (
            errors.clone(),
            created.clone(),
            banner.clone(),
            form_key.clone(),
            busy.clone(),
            version.clone(),
            session.clone(),
            props.id.clone(),
        );
        Callback::from(move |body: CreateWebhook| {
            if *busy {
                return;
            }
            let mut local = FormErrors::default();
            if body.url.is_empty() {
                local.push(Some("url"), "Enter the URL of your endpoint");
            }
            if body.events.is_empty() {
                local.push(Some("events"), "Select at least one event");
            }
            if !local.is_empty() {
                errors.set(local);
                return;
            }
            busy.set(true);
            banner.set(None);
            let (errors, created, form_key, busy, version, session) = (
                errors.clone(),
                created.clone(),
                form_key.clone(),
                busy.clone(),
                version.clone(),
                session.clone(),
            );
            let path = format!("/organisations/{}/webhooks", segment(&id));
            spawn_local(async move {
                match request::<CreatedWebhook>(Method::POST, &path, Some(&body)).await {
                    Ok(hook) => {
                        errors.set(FormErrors::default());
                        created.set(Some(hook));
                        form_key.set(*form_key + 1);
                        version.set(*version + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &WEBHOOK_SPEC));
                    }
                }
                busy.set(false);
            });
        })
    };
    let ondelete = {
        let (errors, created, banner, version, session) = (
            errors.clone(),
            created.clone(),
            banner.clone(),
            version.clone(),
            session.clone(),
        );
        Callback::from(move |webhook_id: String| {
            let (errors, created, banner, version, session) = (
                errors.clone(),
                created.clone(),
                banner.clone(),
                version.clone(),
                session.clone(),
            );
            spawn_local(async move {
                let path = format!("/webhooks/{}", segment(&webhook_id));
                match request::<()>(Method::DELETE, &path, NO_BODY).await {
                    Ok(()) => {
                        errors.set(FormErrors::default());
                        created.set(None);
                        banner.set(Some("Webhook deleted".into()));
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &WEBHOOK_SPEC));
                    }
                }
                version.set(*version + 1);
            });
        })
    };

    let l = match loaded_or_page(&loaded, "Webhooks", "Loading the webhooks…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let header = html! {
        <>
            <span class="govuk-caption-l">{ &l.org.name }</span>
            <h1 class="govuk-heading-l">{ "Webhooks" }</h1>
        </>
    };
    let back = html! {
        <p class="govuk-body">
            <RouteLink to={Route::Organisation { id: l.org.id.clone() }}>{ format!("Back to {}", l.org.name) }</RouteLink>
        </p>
    };
    let webhooks = match &l.webhooks {
        Ok(list) => list,
        Err(_) => {
            return html! {
                <>
                    { header }
                    <p class="govuk-body">
                        { format!("Only owners and admins of {} can manage its webhooks.", l.org.name) }
                    </p>
                    { back }
                </>
            }
        }
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-full">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                { header }
                <p class="govuk-body">
                    { "CC2i sends a signed HTTPS POST to each webhook when something happens to an idea your organisation proposed, pledged to or was invited to. \
                       Check the CC2i-Signature header with the webhook's secret, and use CC2i-Event-Id to ignore an event you have already handled. \
                       Failed deliveries are retried for 24 hours." }
                </p>
                if let Some(hook) = &*created {
                    { secret_panel(hook) }
                }
                if webhooks.is_empty() {
                    <p class="govuk-body">{ "No webhooks yet." }</p>
                } else {
                    { webhooks_table(&yew::props!(WebhooksTableProps {
                        organisation_id: l.org.id.clone(),
                        webhooks: webhooks.clone(),
                        ondelete: ondelete,
                    })) }
                }
            </div>
            <div class="govuk-grid-column-two-thirds">
                <WebhookForm key={*form_key} errors={(*errors).clone()} onsubmit={onadd} />
                { back }
            </div>
        </div>
    }
}

/// The new webhook's secret, shown once, with a warning to store it now.
fn secret_panel(hook: &CreatedWebhook) -> Html {
    html! {
        <div class="govuk-inset-text" id="webhook-secret">
            <h2 class="govuk-heading-m">{ "Webhook added" }</h2>
            <p class="govuk-body app-table__cell--break">{ format!("Events will be sent to {}.", hook.webhook.url) }</p>
            <p class="govuk-body">{ "Signing secret:" }</p>
            <p class="govuk-body"><code class="app-secret">{ &hook.secret }</code></p>
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">{ "Warning" }</span>
                    { "Copy this secret and store it securely now. You will not be able to see it again." }
                </strong>
            </div>
        </div>
    }
}
