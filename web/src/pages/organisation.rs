//! One organisation: its details, verification by platform admins, and its members.

use std::future::Future;
use std::pin::Pin;

use crate::router::*;
use cc2i_shared::idea::Idea;
use cc2i_shared::membership::MembershipInvitation;
use cc2i_shared::money::format_pence;
use cc2i_shared::{AddMember, Me, Member, OrgRole, Organisation, UpdateOrganisation};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::not_found::not_found_content;
use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::add_member_form::AddMemberForm;
use crate::components::error_summary::ErrorSummary;
use crate::components::file_download::FileDownload;
use crate::components::ideas_table::{ideas_table, IdeasTableProps};
use crate::components::load_failure::load_failure;
use crate::components::members_table::{members_table, MembersTableProps};
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::components::self_approval_form::SelfApprovalForm;
use crate::components::summary_list::summary_list;
use crate::components::tag::verification_tag;
use crate::dates::long_date;
use crate::form_errors::{FormErrors, FormSpec};
use crate::session::{end_if_signed_out, use_session, SessionHandle};
use crate::title::use_title;
use crate::units::parse_pounds;
use crate::viewer::{is_platform_admin, load_viewer, role_in};

const PAGE_SPEC: FormSpec = FormSpec {
    fields: &[
        ("email", "Email address"),
        ("role", "Role"),
        ("self_approval_limit_pence", "The self-approval limit"),
    ],
    codes: &[
        (
            "user_not_found",
            Some("email"),
            "There is no CC2i account with this email address. Ask them to create one first",
        ),
        (
            "already_member",
            Some("email"),
            "This person is already a member of this organisation",
        ),
        (
            "last_owner",
            None,
            "An organisation must keep at least one owner. Add another owner before removing this one",
        ),
    ],
};

/// A change to the organisation, resolving to the message that confirms it.
type Change = Pin<Box<dyn Future<Output = Result<String, ClientError>>>>;

/// Everything the page shows, loaded together.
#[derive(Clone, PartialEq)]
struct Loaded {
    org: Organisation,
    /// The signed-in viewer, if any.
    viewer: Option<Me>,
    /// The members, if the viewer may see them.
    members: Option<Vec<Member>>,
    /// Its ideas: drafts and ideas in review too for its members and platform admins.
    ideas: Vec<Idea>,
}

impl Loaded {
    fn is_platform_admin(&self) -> bool {
        is_platform_admin(self.viewer.as_ref())
    }

    fn viewer_role(&self) -> Option<OrgRole> {
        role_in(self.viewer.as_ref(), &self.org.id)
    }
}

async fn load(id: &str, session: &SessionHandle) -> Result<Loaded, ClientError> {
    let path = format!("/organisations/{}", segment(id));
    let org = request::<Organisation>(Method::GET, &path, NO_BODY).await?;
    let viewer = load_viewer(session).await;
    let ideas = request::<Vec<Idea>>(Method::GET, &format!("{path}/ideas"), NO_BODY).await?;
    let mut loaded = Loaded {
        org,
        viewer,
        members: None,
        ideas,
    };
    if loaded.is_platform_admin() || loaded.viewer_role().is_some() {
        let members =
            request::<Vec<Member>>(Method::GET, &format!("{path}/members"), NO_BODY).await;
        if let Err(error) = &members {
            end_if_signed_out(session, error);
        }
        loaded.members = members.ok();
    }
    Ok(loaded)
}

/// Props for [`OrganisationPage`].
#[derive(Properties, PartialEq)]
pub struct OrganisationPageProps {
    /// The organisation's id, from the address.
    pub id: String,
}

/// The organisation's details; a verify button for platform admins; the members for members;
/// adding and removing members for its owners and admins.
#[function_component]
pub fn OrganisationPage(props: &OrganisationPageProps) -> Html {
    let session = use_session();
    let location = use_location();
    let loaded = use_state(|| None::<Result<Loaded, ClientError>>);
    let version = use_state(|| 0_u32);
    let banner = use_state(|| crate::app::flash(location.as_ref()));
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let form_key = use_state(|| 0_u32);

    let title = match &*loaded {
        Some(Ok(l)) => l.org.name.clone(),
        Some(Err(error)) if error.code() == Some("not_found") => "Page not found".to_owned(),
        _ => "Organisation".to_owned(),
    };
    use_title(&title, !errors.is_empty());

    use_effect_with(*version, {
        let (id, loaded, session) = (props.id.clone(), loaded.clone(), session.clone());
        move |_| {
            spawn_local(async move {
                loaded.set(Some(load(&id, &session).await));
            });
        }
    });

    // Runs one change, then shows its success message and reloads, or shows its errors.
    let act = {
        let (session, version, banner, errors, busy, form_key) = (
            session.clone(),
            version.clone(),
            banner.clone(),
            errors.clone(),
            busy.clone(),
            form_key.clone(),
        );
        move |change: Change, clears_form: bool| {
            if *busy {
                return;
            }
            busy.set(true);
            banner.set(None);
            errors.set(FormErrors::default());
            let (session, version, banner, errors, busy, form_key) = (
                session.clone(),
                version.clone(),
                banner.clone(),
                errors.clone(),
                busy.clone(),
                form_key.clone(),
            );
            spawn_local(async move {
                match change.await {
                    Ok(message) => {
                        banner.set(Some(message.into()));
                        if clears_form {
                            form_key.set(*form_key + 1);
                        }
                        version.set(*version + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &PAGE_SPEC));
                    }
                }
                busy.set(false);
            });
        }
    };

    let path = format!("/organisations/{}", segment(&props.id));
    let onverify = {
        let (act, path) = (act.clone(), path.clone());
        Callback::from(move |_: MouseEvent| {
            let path = format!("{path}/verify");
            act(
                Box::pin(async move {
                    let org = request::<Organisation>(Method::POST, &path, NO_BODY).await?;
                    Ok(format!("{} is now verified", org.name))
                }),
                false,
            );
        })
    };
    let onadd = {
        let (act, path, errors) = (act.clone(), path.clone(), errors.clone());
        Callback::from(move |member: AddMember| {
            if member.email.is_empty() {
                let mut blank = FormErrors::default();
                blank.push(
                    Some("email"),
                    "Enter the email address of the person to add",
                );
                errors.set(blank);
                return;
            }
            let path = format!("{path}/members");
            act(
                Box::pin(async move {
                    let invited =
                        request::<MembershipInvitation>(Method::POST, &path, Some(&member)).await?;
                    Ok(format!(
                        "{} has been invited to join as {}: they are a member once they accept",
                        invited.display_name,
                        invited.role.label().to_ascii_lowercase()
                    ))
                }),
                true,
            );
        })
    };
    let onlimit = {
        let (act, path, errors) = (act.clone(), path.clone(), errors.clone());
        Callback::from(move |typed: String| {
            let Some(pence) = parse_pounds(&typed) else {
                let mut wrong = FormErrors::default();
                wrong.push(
                    Some("self_approval_limit_pence"),
                    if typed.trim().is_empty() {
                        "Enter the self-approval limit in pounds"
                    } else {
                        "The self-approval limit must be an amount in pounds, like 50000 or 1250.50"
                    },
                );
                errors.set(wrong);
                return;
            };
            let path = path.clone();
            act(
                Box::pin(async move {
                    let body = UpdateOrganisation {
                        self_approval_limit_pence: Some(pence),
                        ..UpdateOrganisation::default()
                    };
                    let org = request::<Organisation>(Method::PATCH, &path, Some(&body)).await?;
                    Ok(format!(
                        "The self-approval limit is now {}",
                        format_pence(org.self_approval_limit_pence)
                    ))
                }),
                true,
            );
        })
    };
    let onremove = {
        let (act, path, loaded) = (act.clone(), path.clone(), loaded.clone());
        Callback::from(move |user_id: String| {
            let name = match &*loaded {
                Some(Ok(l)) => l
                    .members
                    .iter()
                    .flatten()
                    .find(|m| m.user_id == user_id)
                    .map(|m| m.display_name.clone()),
                _ => None,
            }
            .unwrap_or_else(|| "The member".to_owned());
            let path = format!("{path}/members/{}", segment(&user_id));
            act(
                Box::pin(async move {
                    request::<()>(Method::DELETE, &path, NO_BODY).await?;
                    Ok(format!("{name} has been removed"))
                }),
                false,
            );
        })
    };

    match &*loaded {
        None => html! {
            <>
                <h1 class="govuk-heading-l">{ "Organisation" }</h1>
                <p class="govuk-body">{ "Loading the organisation…" }</p>
            </>
        },
        Some(Err(error)) if error.code() == Some("not_found") => not_found_content(),
        Some(Err(error)) => html! {
            <>
                <h1 class="govuk-heading-l">{ "Organisation" }</h1>
                { load_failure(error) }
            </>
        },
        Some(Ok(l)) => {
            let can_manage = l.viewer_role().is_some_and(OrgRole::can_manage);
            html! {
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        if let Some(message) = &*banner {
                            { notification_banner(message.clone(), true, Html::default()) }
                        }
                        <ErrorSummary errors={(*errors).clone()} />
                        <span class="govuk-caption-l">{ &l.org.identifier }</span>
                        <h1 class="govuk-heading-l">{ &l.org.name }</h1>
                        { details(&l.org) }
                        if l.is_platform_admin() && !l.org.verified {
                            <h2 class="govuk-heading-m">{ "Verification" }</h2>
                            <p class="govuk-body">
                                { "Check the identifier against its register and the website before you verify this organisation." }
                            </p>
                            <button type="button" class="govuk-button" data-module="govuk-button" onclick={onverify}>
                                { "Verify this organisation" }
                            </button>
                        }
                        <h2 class="govuk-heading-m">{ "Ideas" }</h2>
                        if l.ideas.is_empty() {
                            <p class="govuk-body">{ "No ideas yet." }</p>
                        } else {
                            { ideas_table(&yew::props!(IdeasTableProps {
                                ideas: l.ideas.clone(),
                                caption: format!("Ideas proposed by {}", l.org.name),
                            })) }
                        }
                        if l.viewer_role().is_some() {
                            <p class="govuk-body">
                                <RouteLink to={Route::NewIdea}>{ "Post an idea" }</RouteLink>
                            </p>
                        }
                        if l.viewer_role().is_some() {
                            <p class="govuk-body">
                                <RouteLink to={Route::Funded { id: l.org.id.clone() }}>{ "What we have funded, what it cost us and what we got back" }</RouteLink>
                            </p>
                        }
                        if can_manage {
                            <p class="govuk-body">
                                <RouteLink to={Route::Webhooks { id: l.org.id.clone() }}>{ "Webhooks: send signed events to your systems" }</RouteLink>
                            </p>
                        }
                        if l.viewer_role().is_some() {
                            <h2 class="govuk-heading-m">{ "Pledges and commitments" }</h2>
                            <p class="govuk-body">
                                { "Every pledge this organisation has made and what each became, with amounts in pounds and in pence, as a CSV file for spreadsheets and finance systems." }
                            </p>
                            <FileDownload
                                id="pledges-csv"
                                path={format!("/organisations/{}/pledges.csv", segment(&l.org.id))}
                                media_type="text/csv"
                                filename={format!("cc2i-organisation-{}-pledges.csv", l.org.id)}
                                label="Download pledges (CSV)"
                            />
                        }
                        if let Some(members) = &l.members {
                            <h2 class="govuk-heading-m">{ "Members" }</h2>
                            { members_table(&yew::props!(MembersTableProps {
                                members: members.clone(),
                                can_manage: can_manage,
                                onremove: onremove,
                            })) }
                        }
                        if can_manage {
                            <SelfApprovalForm
                                key={*form_key}
                                limit_pence={l.org.self_approval_limit_pence}
                                errors={(*errors).clone()}
                                onsubmit={onlimit}
                            />
                            <AddMemberForm key={*form_key} errors={(*errors).clone()} onsubmit={onadd} />
                            <h2 class="govuk-heading-m">{ "Connecting other systems" }</h2>
                            <p class="govuk-body">
                                <RouteLink to={Route::ApiKeys { id: l.org.id.clone() }}>{ "API keys" }</RouteLink>
                                { " let your other systems use CC2i for your organisation." }
                            </p>
                            <p class="govuk-body">
                                <RouteLink to={Route::AuditLog { id: l.org.id.clone() }}>{ "Audit log" }</RouteLink>
                                { ": who did what in your organisation, and when." }
                            </p>
                            <p class="govuk-body">
                                <RouteLink to={Route::SingleSignOn { id: l.org.id.clone() }}>{ "Single sign-on" }</RouteLink>
                                { " lets your people sign in through your own identity provider." }
                            </p>
                        }
                    </div>
                </div>
            }
        }
    }
}

fn details(org: &Organisation) -> Html {
    let status = html! {
        <>
            { verification_tag(org.verified) }
            if let Some(at) = &org.verified_at {
                <span class="govuk-body-s">{ format!(" on {}", long_date(at)) }</span>
            }
        </>
    };
    let website = match &org.website {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => html! {
            <a class="govuk-link" href={url.clone()} rel="noreferrer noopener">{ url }</a>
        },
        Some(other) => html! { other },
        None => html! { "Not given" },
    };
    let areas = if org.service_areas.is_empty() {
        html! { "None given" }
    } else {
        html! {
            <ul class="govuk-list">
                { for org.service_areas.iter().map(|a| html! { <li>{ a.label() }</li> }) }
            </ul>
        }
    };
    let rows = vec![
        ("Status".into(), status),
        ("Identifier".into(), html! { &org.identifier }),
        ("Kind".into(), html! { org.kind.label() }),
        ("Region".into(), html! { org.region.label() }),
        ("Website".into(), website),
        ("Service areas".into(), areas),
        (
            "Description".into(),
            html! { org.description.clone().unwrap_or_else(|| "None given".to_owned()) },
        ),
        (
            "Registered on CC2i".into(),
            html! { long_date(&org.created_at) },
        ),
    ];
    summary_list(&rows)
}
