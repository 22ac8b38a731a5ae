//! Inviting organisations and people to an idea (owners and admins of the proposing
//! organisation), and the invitations sent so far.

use cc2i_shared::idea::Idea;
use cc2i_shared::invitation::{CreateInvitations, Invitation};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::{Me, OrgRole, Organisation, OrganisationQuery, Page};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::invitations_table::invitations_table;
use crate::components::invite_form::{InviteForm, InviteRequest};
use crate::components::notification_banner::notification_banner;
use crate::components::organisation_filters::{
    organisation_filter_fields, query_string, OrganisationFilters, FILTER_SPEC,
};
use crate::components::route_link::RouteLink;
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;
use crate::viewer::{load_viewer, role_in};

/// How many organisations a search shows.
const RESULTS: u32 = 20;

const INVITE_SPEC: FormSpec = FormSpec {
    fields: &[
        ("organisation_ids", "Organisations"),
        ("emails", "Email addresses"),
        ("message", "Message"),
    ],
    codes: &[(
        "idea_not_open",
        None,
        "You can only invite organisations while the idea is open for pledges",
    )],
};

#[derive(Clone, PartialEq)]
struct Loaded {
    idea: Idea,
    viewer: Option<Me>,
    invitations: Vec<Invitation>,
}

/// The messages for a failed invitation. The API names whoever was invited before
/// ("Already invited to this idea: A, B. Nothing was sent; ...") and how many more
/// invitations fit today, so those messages keep its facts in the service's words.
fn invite_errors(error: &ClientError, sent: &CreateInvitations) -> FormErrors {
    let mut errors = FormErrors::default();
    match error {
        ClientError::Problem(p) if p.code == "already_invited" => {
            let names = p
                .detail
                .strip_prefix("Already invited to this idea: ")
                .and_then(|rest| rest.split_once(". Nothing was sent"))
                .map(|(names, _)| names.to_owned());
            let message = match names {
                Some(names) if names.contains(", ") => {
                    format!("{names} have already been invited to this idea, so nothing was sent")
                }
                Some(name) => {
                    format!("{name} has already been invited to this idea, so nothing was sent")
                }
                None => {
                    "Someone you chose has already been invited to this idea, so nothing was sent"
                        .to_owned()
                }
            };
            // Emails are named by address; organisations stay unticked once the list reloads.
            let field = if p.detail.contains('@') {
                "emails"
            } else {
                "organisation_ids"
            };
            errors.push(Some(field), message);
        }
        ClientError::Problem(p) if p.code == "too_many_invitations" => {
            // Beside the box that asked for the most, usually the email addresses.
            let field = if sent.emails.len() >= sent.organisation_ids.len() {
                "emails"
            } else {
                "organisation_ids"
            };
            errors.push(Some(field), in_hours(p.detail.trim_end_matches('.')));
        }
        _ => errors = FormErrors::from_error(error, &INVITE_SPEC),
    }
    errors
}

/// "Try again in 1380 minutes" becomes "Try again in 23 hours" (rounded up) from two hours on.
fn in_hours(detail: &str) -> String {
    let wait = detail
        .rsplit_once("Try again in ")
        .and_then(|(before, after)| {
            Some((before, after.strip_suffix(" minutes")?.parse::<u64>().ok()?))
        });
    match wait {
        Some((before, minutes)) if minutes >= 120 => {
            format!("{before}Try again in {} hours", minutes.div_ceil(60))
        }
        _ => detail.to_owned(),
    }
}

/// Props for [`Invitations`].
#[derive(Properties, PartialEq)]
pub struct InvitationsProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// A search for organisations beside the invite form, then the invitations sent.
#[function_component]
pub fn Invitations(props: &InvitationsProps) -> Html {
    let session = use_session();
    let version = use_state(|| 0_u32);
    let loaded = use_loaded((props.id.clone(), *version), {
        let session = session.clone();
        move |(id, _): (String, u32)| {
            let session = session.clone();
            async move {
                let path = format!("/ideas/{}", segment(&id));
                let idea = request::<Idea>(Method::GET, &path, NO_BODY).await?;
                let invitations =
                    request(Method::GET, &format!("{path}/invitations"), NO_BODY).await?;
                Ok::<_, ClientError>(Loaded {
                    idea,
                    viewer: load_viewer(&session).await,
                    invitations,
                })
            }
        }
    });
    let filters = use_state(OrganisationFilters::default);
    let query = use_state(|| OrganisationQuery {
        verified: Some(true),
        limit: Some(RESULTS),
        ..OrganisationQuery::default()
    });
    let results = use_loaded((*query).clone(), |query: OrganisationQuery| async move {
        let path = format!("/organisations?{}", query_string(&query));
        request::<Page<Organisation>>(Method::GET, &path, NO_BODY).await
    });
    let errors = use_state(FormErrors::default);
    let sent = use_state(|| None::<Vec<AttrValue>>);
    let form_key = use_state(|| 0_u32);
    let busy = use_state(|| false);

    let filter_errors = match &*results {
        Some(Err(error @ ClientError::Problem(p))) if p.status == 422 => {
            FormErrors::from_error(error, &FILTER_SPEC)
        }
        _ => FormErrors::default(),
    };
    let mut shown_errors = (*errors).clone();
    shown_errors.extend(filter_errors.clone());
    let title = match &*loaded {
        Some(Ok(l)) => format!("Invite organisations: {}", l.idea.title),
        Some(Err(error)) if error.code() == Some("not_found") => "Page not found".to_owned(),
        _ => "Invite organisations".to_owned(),
    };
    use_title(&title, !shown_errors.is_empty());

    let onsearch = {
        let (filters, query) = (filters.clone(), query.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            query.set(OrganisationQuery {
                verified: Some(true),
                limit: Some(RESULTS),
                ..filters.to_query()
            });
        })
    };
    let onfilters = {
        let filters = filters.clone();
        Callback::from(move |next: OrganisationFilters| filters.set(next))
    };
    let oninvite = {
        let (errors, sent, form_key, busy, version, id) = (
            errors.clone(),
            sent.clone(),
            form_key.clone(),
            busy.clone(),
            version.clone(),
            props.id.clone(),
        );
        Callback::from(move |invite: InviteRequest| {
            if *busy {
                return;
            }
            sent.set(None);
            if invite.body.organisation_ids.is_empty() && invite.body.emails.is_empty() {
                let mut none = FormErrors::default();
                none.push(
                    Some("organisation_ids"),
                    "Select at least one organisation or enter an email address",
                );
                errors.set(none);
                return;
            }
            busy.set(true);
            let (errors, sent, form_key, busy, version, session) = (
                errors.clone(),
                sent.clone(),
                form_key.clone(),
                busy.clone(),
                version.clone(),
                session.clone(),
            );
            let path = format!("/ideas/{}/invitations", segment(&id));
            spawn_local(async move {
                match request::<serde::de::IgnoredAny>(Method::POST, &path, Some(&invite.body))
                    .await
                {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        sent.set(Some(invite.names));
                        form_key.set(*form_key + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(invite_errors(&error, &invite.body));
                    }
                }
                // Either way the list of invitations may have changed.
                version.set(*version + 1);
                busy.set(false);
            });
        })
    };

    let l = match loaded_or_page(&loaded, "Invite organisations", "Loading the idea…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let idea = &l.idea;
    let manager =
        role_in(l.viewer.as_ref(), &idea.organisation.id).is_some_and(OrgRole::can_manage);
    let header = html! {
        <>
            <span class="govuk-caption-l">{ &idea.title }</span>
            <h1 class="govuk-heading-l">{ "Invite organisations" }</h1>
        </>
    };
    let links = html! {
        <ul class="govuk-list">
            <li><RouteLink to={Route::Audience { id: idea.id.clone() }}>{ "Who has been told about this idea" }</RouteLink></li>
            <li><RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "Back to the idea" }</RouteLink></li>
        </ul>
    };
    if !manager || idea.status != IdeaStatus::Open {
        let why = if manager {
            "You can invite organisations while the idea is open for pledges.".to_owned()
        } else {
            format!(
                "Only owners and admins of {} can invite organisations to this idea.",
                idea.organisation.name
            )
        };
        return html! {
            <>
                { header }
                <p class="govuk-body">{ why }</p>
                { invitations_table(&l.invitations) }
                { links }
            </>
        };
    }

    let mut excluded: Vec<String> = l
        .invitations
        .iter()
        .filter_map(|i| i.organisation_id.clone())
        .collect();
    excluded.push(idea.organisation.id.clone());
    let (found, more) = match &*results {
        Some(Ok(page)) => (
            page.items
                .iter()
                .map(|o| {
                    let label = format!("{} ({}, {})", o.name, o.kind.label(), o.region.label());
                    (AttrValue::from(o.id.clone()), AttrValue::from(label))
                })
                .collect(),
            page.next_cursor.is_some(),
        ),
        _ => (Vec::new(), false),
    };
    html! {
        <>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    if let Some(names) = &*sent {
                        { notification_banner(sent_message(names.len()), true, html! {
                            <ul class="govuk-list govuk-list--bullet">
                                { for names.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                            </ul>
                        }) }
                    }
                    <ErrorSummary errors={shown_errors.clone()} />
                    { header }
                    <p class="govuk-body">
                        { "Members of the organisations you invite are told about the idea in CC2i and by email. \
                           Each organisation can be invited once." }
                    </p>
                </div>
            </div>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-third">
                    <form method="get" novalidate=true class="app-filter" onsubmit={onsearch}>
                        <h2 class="govuk-heading-m">{ "Find organisations" }</h2>
                        { organisation_filter_fields(&filters, &onfilters, &filter_errors, false) }
                        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                            { "Search" }
                        </button>
                    </form>
                </div>
                <div class="govuk-grid-column-two-thirds">
                    <h2 class="govuk-heading-m">{ "Choose who to invite" }</h2>
                    if results.is_none() {
                        <p class="govuk-body">{ "Loading organisations…" }</p>
                    }
                    <InviteForm
                        key={*form_key}
                        results={found}
                        {more}
                        {excluded}
                        errors={(*errors).clone()}
                        onsubmit={oninvite}
                    />
                </div>
            </div>
            { invitations_table(&l.invitations) }
            { links }
        </>
    }
}

/// "You sent 3 invitations".
fn sent_message(n: usize) -> String {
    if n == 1 {
        "You sent 1 invitation".to_owned()
    } else {
        format!("You sent {n} invitations")
    }
}
