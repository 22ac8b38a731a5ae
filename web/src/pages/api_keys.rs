//! An organisation's API keys (owners and admins): the live keys with a confirmed Revoke,
//! a form to make one, and the new key shown once with a warning to copy it now.

use std::collections::BTreeSet;

use cc2i_shared::api_key::{ApiKey, CreateApiKey, CreatedApiKey, Scope};
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
use crate::components::text_input::{text_input, TextInputProps};
use crate::dates::long_date;
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;
use crate::vocabulary::Choice;

const SPEC: FormSpec = FormSpec {
    fields: &[("name", "Name"), ("scopes", "What the key may do")],
    codes: &[
        (
            "api_key_limit_reached",
            None,
            "Your organisation already has 25 API keys. Revoke one you no longer use first",
        ),
        (
            "forbidden",
            None,
            "Only the organisation’s owners and admins can manage its API keys",
        ),
    ],
};

#[derive(Clone, PartialEq)]
struct Loaded {
    org: Organisation,
    keys: Vec<ApiKey>,
}

async fn load(id: String) -> Result<Loaded, ClientError> {
    let path = format!("/organisations/{}", segment(&id));
    Ok(Loaded {
        org: request(Method::GET, &path, NO_BODY).await?,
        keys: request(Method::GET, &format!("{path}/api-keys"), NO_BODY).await?,
    })
}

fn scope_choices() -> Vec<Choice> {
    Scope::ALL
        .iter()
        .map(|s| {
            (
                AttrValue::Static(s.code()),
                AttrValue::from(format!("{} ({})", s.description(), s.code())),
            )
        })
        .collect()
}

fn keys_table(keys: &[ApiKey], onrevoke: &Callback<(String, String)>) -> Html {
    let row = |key: &ApiKey| {
        let onconfirm = {
            let (id, name) = (key.id.clone(), key.name.clone());
            onrevoke.reform(move |()| (id.clone(), name.clone()))
        };
        html! {
            <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">{ &key.name }</th>
                <td class="govuk-table__cell"><code class="app-secret">{ format!("{}…", key.prefix) }</code></td>
                <td class="govuk-table__cell">
                    <ul class="govuk-list">
                        { for key.scopes.iter().map(|s| html! { <li><code>{ s.code() }</code></li> }) }
                    </ul>
                </td>
                <td class="govuk-table__cell">
                    { long_date(&key.created_at) }
                    <span class="govuk-body-s govuk-!-display-block">{ format!("by {}", key.created_by_name) }</span>
                </td>
                <td class="govuk-table__cell">
                    { key.last_used_at.as_ref().map_or_else(|| "Never".to_owned(), long_date) }
                </td>
                <td class="govuk-table__cell">
                    <ConfirmAction
                        label={format!("Revoke {}", key.name)}
                        warning={format!("Systems using {} will be refused at once. This cannot be undone.", key.name)}
                        confirm="Yes, revoke the key"
                        warning_button=true
                        {onconfirm}
                    />
                </td>
            </tr>
        }
    };
    html! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">{ "Your API keys" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Name" }</th>
                    <th scope="col" class="govuk-table__header">{ "Starts with" }</th>
                    <th scope="col" class="govuk-table__header">{ "What it may do" }</th>
                    <th scope="col" class="govuk-table__header">{ "Created" }</th>
                    <th scope="col" class="govuk-table__header">{ "Last used" }</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">{ "Actions" }</span></th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">{ for keys.iter().map(row) }</tbody>
        </table>
    }
}

fn new_key_panel(created: &CreatedApiKey) -> Html {
    html! {
        <div class="app-new-key">
            <div class="govuk-panel govuk-panel--confirmation">
                <h2 class="govuk-panel__title">{ format!("API key {} created", created.api_key.name) }</h2>
                <div class="govuk-panel__body">
                    { "Your key is" }<br />
                    <strong><code class="app-secret" id="new-api-key">{ &created.key }</code></strong>
                </div>
            </div>
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">{ "Warning" }</span>
                    { "Copy the key now and keep it somewhere safe. You will not see it again: CC2i keeps only a fingerprint of it." }
                </strong>
            </div>
            <p class="govuk-body">
                { "Systems send it in every request as " }
                <code>{ "Authorization: Bearer " }{ &created.api_key.prefix }{ "…" }</code>
                { ". Pledges made with a key always wait for a person to approve them." }
            </p>
        </div>
    }
}

/// Props for [`ApiKeys`].
#[derive(Properties, PartialEq)]
pub struct ApiKeysProps {
    /// The organisation's id, from the address.
    pub id: String,
}

/// The organisation's API keys, for its owners and admins.
#[function_component]
pub fn ApiKeys(props: &ApiKeysProps) -> Html {
    let session = use_session();
    let version = use_state(|| 0_u32);
    let loaded = use_loaded((props.id.clone(), *version), |(id, _)| load(id));
    let name = use_state(String::new);
    let scopes = use_state(BTreeSet::<AttrValue>::new);
    let errors = use_state(FormErrors::default);
    let banner = use_state(|| None::<AttrValue>);
    let created = use_state(|| None::<CreatedApiKey>);
    let busy = use_state(|| false);
    use_title("API keys", !errors.is_empty());

    let path = format!("/organisations/{}/api-keys", segment(&props.id));
    let onsubmit = {
        let (path, session, version) = (path.clone(), session.clone(), version.clone());
        let (name, scopes, errors, banner, created, busy) = (
            name.clone(),
            scopes.clone(),
            errors.clone(),
            banner.clone(),
            created.clone(),
            busy.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let body = CreateApiKey {
                name: (*name).clone(),
                scopes: scopes.iter().filter_map(|s| Scope::from_code(s)).collect(),
            };
            let (path, session, version) = (path.clone(), session.clone(), version.clone());
            let (name, scopes, errors, banner, created, busy) = (
                name.clone(),
                scopes.clone(),
                errors.clone(),
                banner.clone(),
                created.clone(),
                busy.clone(),
            );
            spawn_local(async move {
                match request::<CreatedApiKey>(Method::POST, &path, Some(&body)).await {
                    Ok(key) => {
                        errors.set(FormErrors::default());
                        banner.set(None);
                        name.set(String::new());
                        scopes.set(BTreeSet::new());
                        created.set(Some(key));
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
    let onrevoke = {
        let (path, session, version) = (path.clone(), session.clone(), version.clone());
        let (errors, banner, created) = (errors.clone(), banner.clone(), created.clone());
        Callback::from(move |(id, key_name): (String, String)| {
            let path = format!("{path}/{}", segment(&id));
            let (session, version) = (session.clone(), version.clone());
            let (errors, banner, created) = (errors.clone(), banner.clone(), created.clone());
            spawn_local(async move {
                match request::<()>(Method::DELETE, &path, NO_BODY).await {
                    Ok(()) => {
                        errors.set(FormErrors::default());
                        created.set(None);
                        banner.set(Some(
                            format!("The API key {key_name} has been revoked").into(),
                        ));
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
    let oninput = {
        let name = name.clone();
        Callback::from(move |value: String| name.set(value))
    };
    let ontoggle = {
        let scopes = scopes.clone();
        Callback::from(move |(code, ticked): (AttrValue, bool)| {
            let mut next = (*scopes).clone();
            if ticked {
                next.insert(code);
            } else {
                next.remove(&code);
            }
            scopes.set(next);
        })
    };

    let l = match loaded_or_page(&loaded, "API keys", "Loading the API keys…") {
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
                <span class="govuk-caption-l">{ &l.org.name }</span>
                <h1 class="govuk-heading-l">{ "API keys" }</h1>
                <p class="govuk-body">
                    { "An API key lets another system, such as your finance or case-management system, use the CC2i API for your organisation, and only for what you tick. Anyone with the key can use it, so give each system its own key and revoke keys you no longer use. " }
                    <a class="govuk-link" href="/docs/">{ "Read the API documentation" }</a>
                </p>
                if let Some(key) = &*created {
                    { new_key_panel(key) }
                }
                if l.keys.is_empty() {
                    <p class="govuk-body">{ "Your organisation has no API keys." }</p>
                } else {
                    { keys_table(&l.keys, &onrevoke) }
                }
                <form class="app-form" novalidate=true {onsubmit}>
                    <h2 class="govuk-heading-m">{ "Create an API key" }</h2>
                    { text_input(&yew::props!(TextInputProps {
                        id: "name",
                        label: "Name",
                        hint: "What the key is for, like “Finance system”",
                        classes: "govuk-input--width-30",
                        value: AttrValue::from((*name).clone()),
                        oninput: oninput,
                        error: errors.field("name"),
                    })) }
                    { checkboxes(&yew::props!(CheckboxesProps {
                        id: "scopes",
                        legend: "What the key may do",
                        hint: "Select everything this system needs, and nothing more",
                        options: scope_choices(),
                        checked: scopes.iter().cloned().collect::<Vec<_>>(),
                        ontoggle: ontoggle,
                        error: errors.field("scopes"),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button" disabled={*busy}>
                        { "Create API key" }
                    </button>
                </form>
                <p class="govuk-body">
                    <RouteLink to={Route::Organisation { id: l.org.id.clone() }}>{ format!("Back to {}", l.org.name) }</RouteLink>
                </p>
            </div>
        </div>
    }
}
