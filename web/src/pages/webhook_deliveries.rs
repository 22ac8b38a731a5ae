//! A webhook's deliveries log: each event sent, its attempts and result, with a retry.

use cc2i_shared::webhook::{DeliveryPage, Webhook, WebhookDelivery};
use cc2i_shared::Organisation;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::deliveries_table::{deliveries_table, DeliveriesTableProps};
use crate::components::error_summary::ErrorSummary;
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

/// Deliveries shown.
const SHOWN: u32 = 50;

const RETRY_SPEC: FormSpec = FormSpec {
    fields: &[],
    codes: &[],
};

#[derive(Clone, PartialEq)]
struct Loaded {
    org: Organisation,
    webhook: Webhook,
    deliveries: Vec<WebhookDelivery>,
}

/// Props for [`WebhookDeliveries`].
#[derive(Properties, PartialEq)]
pub struct WebhookDeliveriesProps {
    /// The organisation's id, from the address.
    pub id: String,
    /// The webhook's id, from the address.
    pub webhook_id: String,
}

/// The most recent deliveries of one webhook.
#[function_component]
pub fn WebhookDeliveries(props: &WebhookDeliveriesProps) -> Html {
    let session = use_session();
    let version = use_state(|| 0_u32);
    let loaded = use_loaded(
        (props.id.clone(), props.webhook_id.clone(), *version),
        |(id, webhook_id, _): (String, String, u32)| async move {
            let path = format!("/organisations/{}", segment(&id));
            let org = request::<Organisation>(Method::GET, &path, NO_BODY).await?;
            let list =
                request::<Vec<Webhook>>(Method::GET, &format!("{path}/webhooks"), NO_BODY).await?;
            let webhook = list
                .into_iter()
                .find(|w| w.id == webhook_id)
                .ok_or_else(|| {
                    ClientError::Problem(cc2i_shared::Problem {
                        kind: String::new(),
                        title: "Not found".into(),
                        status: 404,
                        detail: String::new(),
                        code: "not_found".into(),
                        errors: None,
                        mfa_token: None,
                        hint: None,
                    })
                })?;
            let page: DeliveryPage = request(
                Method::GET,
                &format!(
                    "/webhooks/{}/deliveries?limit={SHOWN}",
                    segment(&webhook_id)
                ),
                NO_BODY,
            )
            .await?;
            Ok::<_, ClientError>(Loaded {
                org,
                webhook,
                deliveries: page.items,
            })
        },
    );
    let errors = use_state(FormErrors::default);
    let banner = use_state(|| None::<AttrValue>);
    use_title("Webhook deliveries", !errors.is_empty());

    let onretry = {
        let (errors, banner, version, session, webhook_id) = (
            errors.clone(),
            banner.clone(),
            version.clone(),
            session.clone(),
            props.webhook_id.clone(),
        );
        Callback::from(move |delivery_id: String| {
            let (errors, banner, version, session) = (
                errors.clone(),
                banner.clone(),
                version.clone(),
                session.clone(),
            );
            let path = format!(
                "/webhooks/{}/deliveries/{}/retry",
                segment(&webhook_id),
                segment(&delivery_id)
            );
            spawn_local(async move {
                match request::<WebhookDelivery>(Method::POST, &path, Some(&serde_json::json!({})))
                    .await
                {
                    Ok(d) => {
                        errors.set(FormErrors::default());
                        banner.set(Some(
                            format!(
                                "The {} event will be sent again shortly",
                                d.event_type.code()
                            )
                            .into(),
                        ));
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &RETRY_SPEC));
                    }
                }
                version.set(*version + 1);
            });
        })
    };

    let l = match loaded_or_page(&loaded, "Webhook deliveries", "Loading the deliveries…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-full">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <span class="govuk-caption-l app-table__cell--break">{ &l.webhook.url }</span>
                <h1 class="govuk-heading-l">{ "Webhook deliveries" }</h1>
                if l.deliveries.is_empty() {
                    <p class="govuk-body">{ "Nothing has been sent to this webhook yet." }</p>
                } else {
                    { deliveries_table(&yew::props!(DeliveriesTableProps {
                        deliveries: l.deliveries.clone(),
                        onretry: onretry,
                    })) }
                }
                <p class="govuk-body">
                    <RouteLink to={Route::Webhooks { id: l.org.id.clone() }}>{ format!("Back to the webhooks of {}", l.org.name) }</RouteLink>
                </p>
            </div>
        </div>
    }
}
