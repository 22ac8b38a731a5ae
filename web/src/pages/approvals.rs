//! Pledges waiting for approval by an owner or admin of the viewer's organisations.

use std::collections::HashMap;

use cc2i_shared::idea::Idea;
use cc2i_shared::pledge::{Pledge, PledgeStatus, RejectPledge};
use cc2i_shared::Membership;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::components::approval_item::ApprovalItem;
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::components::notification_banner::notification_banner;
use crate::components::pledge_panel::PLEDGE_SPEC;
use crate::form_errors::FormErrors;
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;
use crate::viewer::load_viewer;

/// One managed organisation and what waits for its approval.
#[derive(Clone, PartialEq)]
struct Queue {
    organisation: Membership,
    pledges: Vec<Pledge>,
}

#[derive(Clone, PartialEq)]
struct Loaded {
    queues: Vec<Queue>,
    titles: HashMap<String, String>,
}

async fn load(session: &crate::session::SessionHandle) -> Result<Loaded, ClientError> {
    let viewer = load_viewer(session).await;
    let managed = viewer
        .map(|me| me.memberships)
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.role.can_manage());
    let mut queues = Vec::new();
    let mut titles = HashMap::new();
    for organisation in managed {
        let path = format!(
            "/organisations/{}/pledges",
            segment(&organisation.organisation_id)
        );
        let all: Vec<Pledge> = request(Method::GET, &path, NO_BODY).await?;
        let pledges: Vec<Pledge> = all
            .into_iter()
            .filter(|p| {
                p.status == PledgeStatus::PendingApproval
                    || (p.status.is_live() && p.pending_share_bp.is_some())
            })
            .collect();
        for pledge in &pledges {
            if !titles.contains_key(&pledge.idea_id) {
                let idea_path = format!("/ideas/{}", segment(&pledge.idea_id));
                let idea: Idea = request(Method::GET, &idea_path, NO_BODY).await?;
                titles.insert(pledge.idea_id.clone(), idea.title);
            }
        }
        queues.push(Queue {
            organisation,
            pledges,
        });
    }
    Ok(Loaded { queues, titles })
}

/// Each managed organisation's pending pledges and share increases.
#[function_component]
pub fn Approvals() -> Html {
    let session = use_session();
    let loaded = use_state(|| None::<Result<Loaded, ClientError>>);
    let version = use_state(|| 0_u32);
    let banner = use_state(|| None::<AttrValue>);
    let errors = use_state(FormErrors::default);
    use_title("Approvals", !errors.is_empty());

    use_effect_with(*version, {
        let (loaded, session) = (loaded.clone(), session.clone());
        move |_| {
            spawn_local(async move {
                let result = load(&session).await;
                if let Err(error) = &result {
                    end_if_signed_out(&session, error);
                }
                loaded.set(Some(result));
            });
        }
    });

    let decide = {
        let (session, version, banner, errors) = (
            session.clone(),
            version.clone(),
            banner.clone(),
            errors.clone(),
        );
        move |path: String, body: Option<RejectPledge>, message: String| {
            let (session, version, banner, errors) = (
                session.clone(),
                version.clone(),
                banner.clone(),
                errors.clone(),
            );
            banner.set(None);
            errors.set(FormErrors::default());
            spawn_local(async move {
                match request::<Pledge>(Method::POST, &path, body.as_ref()).await {
                    Ok(_) => {
                        banner.set(Some(message.into()));
                        version.set(*version + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &PLEDGE_SPEC));
                    }
                }
            });
        }
    };

    let content = match &*loaded {
        None => html! { <p class="govuk-body">{ "Loading the pledges waiting for approval…" }</p> },
        Some(Err(error)) => load_failure(error),
        Some(Ok(l)) if l.queues.is_empty() => html! {
            <p class="govuk-body">{ "Only owners and admins of an organisation approve its pledges." }</p>
        },
        Some(Ok(l)) => html! {
            { for l.queues.iter().map(|queue| {
                let name = &queue.organisation.organisation_name;
                html! {
                    <>
                        <h2 class="govuk-heading-m">{ name }</h2>
                        if queue.pledges.is_empty() {
                            <p class="govuk-body">{ format!("Nothing from {name} is waiting for approval.") }</p>
                        }
                        { for queue.pledges.iter().map(|pledge| {
                            let title = l.titles.get(&pledge.idea_id).cloned().unwrap_or_default();
                            let path = format!("/pledges/{}", segment(&pledge.id));
                            let onapprove = {
                                let (decide, path) = (decide.clone(), path.clone());
                                let message = format!("You approved {name}’s pledge to {title}");
                                Callback::from(move |()| decide(format!("{path}/approve"), None, message.clone()))
                            };
                            let onreject = {
                                let (decide, errors, field) = (decide.clone(), errors.clone(), format!("reason-{}", pledge.id));
                                let message = format!("You rejected {name}’s pledge to {title}");
                                Callback::from(move |reason: String| {
                                    if reason.is_empty() {
                                        let mut blank = FormErrors::default();
                                        blank.push_at(field.clone(), "Enter why you are rejecting the pledge");
                                        errors.set(blank);
                                        return;
                                    }
                                    decide(format!("{path}/reject"), Some(RejectPledge { reason }), message.clone());
                                })
                            };
                            html! {
                                <ApprovalItem
                                    key={pledge.id.clone()}
                                    pledge={pledge.clone()}
                                    idea_title={title}
                                    errors={(*errors).clone()}
                                    {onapprove}
                                    {onreject}
                                />
                            }
                        }) }
                    </>
                }
            }) }
        },
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ "Approvals" }</h1>
                <p class="govuk-body">
                    { "Pledges over your organisation’s self-approval limit need a second owner or admin. You cannot approve a pledge you made yourself." }
                </p>
                { content }
            </div>
        </div>
    }
}
