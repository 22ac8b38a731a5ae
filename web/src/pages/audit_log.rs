//! The audit log: an organisation's (its owners and admins, platform staff) or the whole
//! log (platform staff). Filters by action, person or key, and target; newest first, a page
//! at a time; a CSV download of what the filters select.

use cc2i_shared::audit::{ActorType, AuditEntry, AuditPage};
use gloo_net::http::Method;
use yew::prelude::*;

use crate::api::{request, segment, NO_BODY};
use crate::components::file_download::FileDownload;
use crate::components::load_failure::load_failure;
use crate::components::text_input::{text_input, TextInputProps};
use crate::dates::long_date_time;
use crate::loading::use_loaded;
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

/// Props for [`AuditLog`].
#[derive(Properties, PartialEq)]
pub struct AuditLogProps {
    /// The organisation, or `None` for the whole log.
    #[prop_or_default]
    pub organisation_id: Option<String>,
}

/// The filters as typed.
#[derive(Clone, Default, PartialEq)]
struct Filters {
    action: String,
    actor: String,
    target: String,
}

impl Filters {
    fn query(&self, cursor: Option<&str>) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![("limit", "50")];
        for (name, value) in [
            ("action", self.action.trim()),
            ("actor", self.actor.trim()),
            ("target", self.target.trim()),
        ] {
            if !value.is_empty() {
                pairs.push((name, value));
            }
        }
        if let Some(c) = cursor {
            pairs.push(("cursor", c));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

fn who(e: &AuditEntry) -> String {
    let id = e.actor_id.clone().unwrap_or_default();
    match e.actor_type {
        ActorType::Person => format!("Person {id}"),
        ActorType::ApiKey => format!("API key {id}"),
        ActorType::Anonymous => "Not signed in".into(),
        ActorType::System => "CC2i".into(),
    }
}

fn change(e: &AuditEntry) -> Html {
    let show = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    match (show(&e.before), show(&e.after)) {
        (Some(before), Some(after)) => html! {
            <>
                <span class="govuk-visually-hidden">{ "From " }</span>
                <code class="app-table__cell--break">{ before }</code>
                { " to " }
                <code class="app-table__cell--break">{ after }</code>
            </>
        },
        (None, Some(after)) => html! { <code class="app-table__cell--break">{ after }</code> },
        _ => html! {},
    }
}

fn table(items: &[AuditEntry]) -> Html {
    html! {
        <table class="govuk-table" id="audit-log">
            <caption class="govuk-table__caption govuk-table__caption--m">{ "Entries, newest first" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "When" }</th>
                    <th scope="col" class="govuk-table__header">{ "Who" }</th>
                    <th scope="col" class="govuk-table__header">{ "Action" }</th>
                    <th scope="col" class="govuk-table__header">{ "Target" }</th>
                    <th scope="col" class="govuk-table__header">{ "Change" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for items.iter().map(|e| html! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{ long_date_time(&e.at) }</td>
                        <td class="govuk-table__cell app-table__cell--break">{ who(e) }</td>
                        <td class="govuk-table__cell"><code>{ &e.action }</code></td>
                        <td class="govuk-table__cell app-table__cell--break">
                            { format!("{} {}", e.target_type.clone().unwrap_or_default(), e.target_id.clone().unwrap_or_default()) }
                        </td>
                        <td class="govuk-table__cell">{ change(e) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// The filters form, the entries table and paging.
#[function_component]
pub fn AuditLog(props: &AuditLogProps) -> Html {
    use_title("Audit log", false);
    let session = use_session();
    let typed = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let cursor = use_state(|| None::<String>);
    let base = match &props.organisation_id {
        Some(id) => format!("/organisations/{}/audit-log", segment(id)),
        None => "/admin/audit-log".to_string(),
    };
    let loaded = {
        let (base, session) = (base.clone(), session.clone());
        use_loaded(
            ((*applied).clone(), (*cursor).clone()),
            move |(filters, cursor): (Filters, Option<String>)| {
                let (base, session) = (base.clone(), session.clone());
                async move {
                    let path = format!("{base}?{}", filters.query(cursor.as_deref()));
                    let page = request::<AuditPage>(Method::GET, &path, NO_BODY).await;
                    if let Err(error) = &page {
                        end_if_signed_out(&session, error);
                    }
                    page
                }
            },
        )
    };
    let onsubmit = {
        let (typed, applied, cursor) = (typed.clone(), applied.clone(), cursor.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            applied.set((*typed).clone());
            cursor.set(None);
        })
    };
    let set = |change: fn(&mut Filters, String)| {
        let typed = typed.clone();
        Callback::from(move |v: String| {
            let mut next = (*typed).clone();
            change(&mut next, v);
            typed.set(next);
        })
    };
    let body = match &*loaded {
        None => html! { <p class="govuk-body" role="status">{ "Loading the audit log…" }</p> },
        Some(Err(error)) => load_failure(error),
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="govuk-body" id="audit-log-empty">{ "No entries match." }</p> }
        }
        Some(Ok(page)) => html! {
            <>
                { table(&page.items) }
                if let Some(next) = &page.next_cursor {
                    <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button"
                        onclick={{
                            let (cursor, next) = (cursor.clone(), next.clone());
                            Callback::from(move |_| cursor.set(Some(next.clone())))
                        }}>
                        { "Older entries" }
                    </button>
                }
                if cursor.is_some() {
                    <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button"
                        onclick={{
                            let cursor = cursor.clone();
                            Callback::from(move |_| cursor.set(None))
                        }}>
                        { "Newest entries" }
                    </button>
                }
            </>
        },
    };
    let csv_name = match &props.organisation_id {
        Some(id) => format!("cc2i-organisation-{id}-audit-log.csv"),
        None => "cc2i-audit-log.csv".to_string(),
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-full">
                <h1 class="govuk-heading-l">{ "Audit log" }</h1>
                <p class="govuk-body">
                    { "Every security-relevant or administrative action: sign-ins, second factors, members and roles, limits, verification, single sign-on, API keys, webhooks, ideas, moderation and exports. Entries cannot be changed or deleted; sign-in entries are kept for 12 months and the rest for 7 years." }
                </p>
                <form novalidate=true {onsubmit}>
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-one-third">
                            { text_input(&yew::props!(TextInputProps {
                                id: "action",
                                label: "Action",
                                hint: Some(AttrValue::from("Like member.role_changed, or member. for every member action")),
                                value: AttrValue::from(typed.action.clone()),
                                oninput: set(|f, v| f.action = v),
                            })) }
                        </div>
                        <div class="govuk-grid-column-one-third">
                            { text_input(&yew::props!(TextInputProps {
                                id: "actor",
                                label: "Person or API key",
                                hint: Some(AttrValue::from("Their id")),
                                value: AttrValue::from(typed.actor.clone()),
                                oninput: set(|f, v| f.actor = v),
                            })) }
                        </div>
                        <div class="govuk-grid-column-one-third">
                            { text_input(&yew::props!(TextInputProps {
                                id: "target",
                                label: "Target",
                                hint: Some(AttrValue::from("The id of what was acted on")),
                                value: AttrValue::from(typed.target.clone()),
                                oninput: set(|f, v| f.target = v),
                            })) }
                        </div>
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                        { "Apply filters" }
                    </button>
                </form>
                <FileDownload
                    id="audit-log-csv"
                    path={format!("{base}.csv?{}", applied.query(None))}
                    media_type="text/csv"
                    filename={csv_name}
                    label="Download these entries (CSV)"
                />
                { body }
            </div>
        </div>
    }
}
