//! One idea: what it is, how its campaign stands, pledging, and the actions open to its
//! proposer's members and to platform staff. Its business case (`business_case`) and its
//! questions and updates (`idea_discussion`) have pages of their own, linked from here.

use std::future::Future;
use std::pin::Pin;

use crate::router::*;
use cc2i_shared::idea::{Idea, RequestChanges};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::pledge::PublicPledge;
use cc2i_shared::{Me, OrgRole};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::commitments_table::{commitments_table, Commitment};
use crate::components::confirm_action::ConfirmAction;
use crate::components::embed_panel::embed_panel;
use crate::components::error_summary::ErrorSummary;
use crate::components::funders_table::funders_table;
use crate::components::funding_progress::funding_progress;
use crate::components::key_facts::key_facts;
use crate::components::markdown::markdown;
use crate::components::notification_banner::notification_banner;
use crate::components::open_data_links::open_data_links;
use crate::components::pledge_panel::pledge_barrier;
use crate::components::price_curve::price_curve;
use crate::components::proposer_actions::ProposerActions;
use crate::components::review_actions::ReviewActions;
use crate::components::route_link::RouteLink;
use crate::components::tag::idea_status_tag;
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::loaded_or_page;
use crate::session::{end_if_signed_out, use_session, SessionHandle};
use crate::title::use_title;
use crate::viewer::{is_platform_admin, load_viewer, role_in};

const ACTION_SPEC: FormSpec = FormSpec {
    fields: &[("reason", "The reason")],
    codes: &[
        (
            "business_case_missing",
            None,
            "Save a business case with at least one cost before you submit the idea",
        ),
        (
            "organisation_not_verified",
            None,
            "Your organisation must be verified by CC2i staff before you can submit ideas",
        ),
        (
            "deadline_passed",
            None,
            "The idea’s closing date has passed, so it cannot be published. Ask for changes instead",
        ),
        (
            "invalid_transition",
            None,
            "The idea’s status changed meanwhile. Reload the page to see where it stands",
        ),
    ],
};

/// A change to the idea, resolving to the message that confirms it.
type Change = Pin<Box<dyn Future<Output = Result<String, ClientError>>>>;

/// Everything the page shows, loaded together (the pledge page loads the same).
#[derive(Clone, PartialEq)]
pub(crate) struct Loaded {
    pub idea: Idea,
    pub viewer: Option<Me>,
    pub pledges: Vec<PublicPledge>,
    commitments: Vec<Commitment>,
}

/// Loads the idea, who is looking, its pledges and (once funded) its commitments.
pub(crate) async fn load(id: &str, session: &SessionHandle) -> Result<Loaded, ClientError> {
    let path = format!("/ideas/{}", segment(id));
    let idea = request::<Idea>(Method::GET, &path, NO_BODY).await?;
    let pledges = request(Method::GET, &format!("{path}/pledges"), NO_BODY).await?;
    let commitments = if idea.status == IdeaStatus::Funded {
        request(Method::GET, &format!("{path}/commitments"), NO_BODY).await?
    } else {
        Vec::new()
    };
    Ok(Loaded {
        idea,
        viewer: load_viewer(session).await,
        pledges,
        commitments,
    })
}

/// Props for [`IdeaPage`].
#[derive(Properties, PartialEq)]
pub struct IdeaPageProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The idea's page.
#[function_component]
pub fn IdeaPage(props: &IdeaPageProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    let loaded = use_state(|| None::<Result<Loaded, ClientError>>);
    let version = use_state(|| 0_u32);
    let banner = use_state(|| crate::app::flash(location.as_ref()));
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let title = match &*loaded {
        Some(Ok(l)) => l.idea.title.clone(),
        Some(Err(error)) if error.code() == Some("not_found") => "Page not found".to_owned(),
        _ => "Idea".to_owned(),
    };
    use_title(&title, !errors.is_empty());

    use_effect_with(*version, {
        let (id, loaded, session) = (props.id.clone(), loaded.clone(), session.clone());
        move |_| {
            spawn_local(async move {
                let result = load(&id, &session).await;
                if let Err(error) = &result {
                    end_if_signed_out(&session, error);
                }
                loaded.set(Some(result));
            });
        }
    });

    // Runs one change, then shows its message and reloads, or shows its errors.
    let act = {
        let (session, version, banner, errors, busy) = (
            session.clone(),
            version.clone(),
            banner.clone(),
            errors.clone(),
            busy.clone(),
        );
        move |change: Change| {
            if *busy {
                return;
            }
            busy.set(true);
            banner.set(None);
            errors.set(FormErrors::default());
            let (session, version, banner, errors, busy) = (
                session.clone(),
                version.clone(),
                banner.clone(),
                errors.clone(),
                busy.clone(),
            );
            spawn_local(async move {
                match change.await {
                    Ok(message) => {
                        banner.set(Some(message.into()));
                        version.set(*version + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &ACTION_SPEC));
                    }
                }
                busy.set(false);
            });
        }
    };
    let path = format!("/ideas/{}", segment(&props.id));
    let post = |action: &'static str, message: &'static str| {
        let (act, path) = (act.clone(), path.clone());
        Callback::from(move |()| {
            let path = format!("{path}/{action}");
            act(Box::pin(async move {
                request::<Idea>(Method::POST, &path, NO_BODY).await?;
                Ok(message.to_owned())
            }));
        })
    };
    let onpublish = post("publish", "The idea is published and open for pledges");
    let onclose = {
        let (act, path) = (act.clone(), path.clone());
        Callback::from(move |()| {
            let path = format!("{path}/close");
            act(Box::pin(async move {
                let idea = request::<Idea>(Method::POST, &path, NO_BODY).await?;
                Ok(if idea.status == IdeaStatus::Funded {
                    "The idea is closed and funded".to_owned()
                } else {
                    "The idea is closed. It was not funded".to_owned()
                })
            }));
        })
    };
    let onwithdraw = post("withdraw", "The idea has been withdrawn");
    let onsubmit = {
        let (path, errors, id) = (path.clone(), errors.clone(), props.id.clone());
        Callback::from(move |()| {
            errors.set(FormErrors::default());
            let (path, errors, session, navigator, id) = (
                format!("{path}/submit"),
                errors.clone(),
                session.clone(),
                navigator.clone(),
                id.clone(),
            );
            spawn_local(async move {
                match request::<Idea>(Method::POST, &path, NO_BODY).await {
                    Ok(_) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::IdeaSubmitted { id });
                        }
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &ACTION_SPEC));
                    }
                }
            });
        })
    };
    let onrequest = {
        let (act, path, errors) = (act.clone(), path.clone(), errors.clone());
        Callback::from(move |reason: String| {
            if reason.is_empty() {
                let mut blank = FormErrors::default();
                blank.push(Some("reason"), "Enter what needs to change");
                errors.set(blank);
                return;
            }
            let path = format!("{path}/request-changes");
            act(Box::pin(async move {
                let body = RequestChanges { reason };
                request::<Idea>(Method::POST, &path, Some(&body)).await?;
                Ok("The idea has been sent back to its proposer for changes".to_owned())
            }));
        })
    };

    let l = match loaded_or_page(&loaded, "Idea", "Loading the idea…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let idea = &l.idea;
    let role = role_in(l.viewer.as_ref(), &idea.organisation.id);
    let admin = is_platform_admin(l.viewer.as_ref());
    let open = idea.status == IdeaStatus::Open;
    let can_close =
        open && (admin || (role.is_some_and(OrgRole::can_manage) && idea.funding.reached_target));
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <span class="govuk-caption-l">{ &idea.organisation.name }</span>
                <h1 class="govuk-heading-l">{ &idea.title }</h1>
                <p class="govuk-body">{ idea_status_tag(idea.status) }</p>
                <p class="govuk-body-l">{ &idea.summary }</p>
                if let (Some(feedback), true) = (&idea.review_feedback, role.is_some() || admin) {
                    <div class="govuk-inset-text">
                        <h2 class="govuk-heading-s govuk-!-margin-bottom-2">{ "CC2i staff asked for changes" }</h2>
                        <p class="govuk-body">{ feedback }</p>
                    </div>
                }
                if role.is_some() {
                    <ProposerActions
                        id={idea.id.clone()}
                        status={idea.status}
                        has_case={idea.business_case_version.is_some()}
                        can_withdraw={role.is_some_and(cc2i_shared::OrgRole::can_manage)}
                        {onsubmit}
                        {onwithdraw}
                    />
                }
                if admin && idea.status == IdeaStatus::InReview {
                    <ReviewActions errors={(*errors).clone()} {onpublish} {onrequest} />
                }
                <h2 class="govuk-heading-m">{ "Funding" }</h2>
                { funding_progress(&idea.funding, "idea", &idea.title) }
                { outcome(idea.status, &l.commitments, idea.target_cost_pence) }
                { funders_table(&l.pledges) }
                if open {
                    { price_curve(idea) }
                }
                <ul class="govuk-list">
                    if idea.status.is_public() {
                        <li>
                            <RouteLink to={Route::IdeaDiscussion { id: idea.id.clone() }}>
                                { "Questions and updates" }
                            </RouteLink>
                        </li>
                    }
                    <li>
                        <RouteLink to={Route::FundingHistory { id: idea.id.clone() }}>
                            { "Funding history" }
                        </RouteLink>
                    </li>
                    if matches!(idea.status, IdeaStatus::Funded | IdeaStatus::InDelivery | IdeaStatus::Delivered) {
                        <li>
                            <RouteLink to={Route::Delivery { id: idea.id.clone() }}>
                                { "Delivery: milestones and acceptance" }
                            </RouteLink>
                        </li>
                    }
                    if (role.is_some() || admin) && idea.published_at.is_some() {
                        <li>
                            <RouteLink to={Route::Audience { id: idea.id.clone() }}>
                                { "Who has been told about this idea" }
                            </RouteLink>
                        </li>
                    }
                    if idea.published_at.is_some() {
                        <li>
                            <RouteLink to={Route::Backlog { id: idea.id.clone() }}>
                                { "Backlog: what funders want built" }
                            </RouteLink>
                        </li>
                    }
                    if open && role.is_some_and(OrgRole::can_manage) {
                        <li>
                            <RouteLink to={Route::Invitations { id: idea.id.clone() }}>
                                { "Invite organisations" }
                            </RouteLink>
                        </li>
                    }
                </ul>
                if idea.status.is_public() {
                    { open_data_links(&idea.id, idea.status) }
                    { embed_panel(&idea.id, &idea.title) }
                }
                if can_close {
                    <ConfirmAction
                        label="Close now"
                        warning="Closing ends the campaign now. The idea is funded if its pledges reach 100% from enough organisations; otherwise it is not funded and every pledge is released."
                        confirm="Yes, close now"
                        warning_button=true
                        onconfirm={onclose}
                    />
                }
                if open {
                    { pledge_prompt(idea, l.viewer.as_ref(), &l.pledges) }
                }
                <h2 class="govuk-heading-m">{ "Key facts" }</h2>
                { key_facts(idea) }
                <h2 class="govuk-heading-m">{ "About this idea" }</h2>
                if idea.description.trim().is_empty() {
                    <p class="govuk-body">{ "No description given." }</p>
                } else {
                    { markdown(&idea.description) }
                }
                <h2 class="govuk-heading-m">{ "Business case" }</h2>
                if let Some(version) = idea.business_case_version {
                    <p class="govuk-body">
                        <RouteLink to={Route::BusinessCase { id: idea.id.clone() }}>
                            { "Read the business case" }
                        </RouteLink>
                        { format!(
                            " (version {version}): the strategic, economic, commercial, financial and management cases, the terms and service level agreement, and every earlier version."
                        ) }
                    </p>
                } else {
                    <p class="govuk-body">{ "There is no business case yet." }</p>
                }
            </div>
        </div>
    }
}

/// What became of a closed campaign: the commitments of a funded idea, or a plain statement.
fn outcome(status: IdeaStatus, commitments: &[Commitment], target_pence: i64) -> Html {
    match status {
        IdeaStatus::Funded => html! {
            <>
                <div class="govuk-inset-text">
                    { format!(
                        "This idea was funded. Its funders share the {} cost in proportion to their pledges.",
                        cc2i_shared::money::format_pence(target_pence)
                    ) }
                </div>
                { commitments_table(commitments) }
            </>
        },
        IdeaStatus::NotFunded => html! {
            <div class="govuk-inset-text">
                { "This idea was not funded: its pledges did not reach 100% from enough organisations before it closed. Nothing is due from any organisation." }
            </div>
        },
        _ => html! {},
    }
}

/// Where a viewer of an open idea pledges: a button to the pledge page for members of verified
/// organisations (to change their pledge, when every one of their organisations has pledged),
/// otherwise what they need first.
fn pledge_prompt(idea: &Idea, viewer: Option<&Me>, pledges: &[PublicPledge]) -> Html {
    let body = if let Some(barrier) = pledge_barrier(viewer) {
        barrier
    } else {
        let mut verified = viewer
            .iter()
            .flat_map(|me| me.memberships.iter())
            .filter(|m| m.organisation_verified);
        let all_pledged = verified.all(|m| {
            pledges
                .iter()
                .any(|p| p.status.is_live() && p.organisation_id == m.organisation_id)
        });
        let label = if all_pledged {
            "Change or withdraw your pledge"
        } else {
            "Pledge for your organisation"
        };
        html! {
            <RouteLink to={Route::Pledge { id: idea.id.clone() }} classes="govuk-button" button=true>
                { label }
            </RouteLink>
        }
    };
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Pledge" }</h2>
            { body }
        </>
    }
}
