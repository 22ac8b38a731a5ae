//! Pledging on an open idea (the pledge page's content): the form for organisations without a
//! pledge, and each live pledge of the viewer's organisations with its actions.

use std::future::Future;

use cc2i_shared::idea::Idea;
use cc2i_shared::money::format_bp;
use cc2i_shared::pledge::{
    CreatePledge, Pledge, PledgeStatus, PublicPledge, Reconsent, UpdatePledge,
};
use cc2i_shared::Me;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::own_pledge::OwnPledge;
use super::pledge_form::PledgeForm;
use super::route_link::RouteLink;
use crate::api::{new_idempotency_key, request, request_with_key, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::form_errors::{FormErrors, FormSpec};
use crate::session::{end_if_signed_out, use_session, SessionHandle};

/// How pledge problems read.
pub const PLEDGE_SPEC: FormSpec = FormSpec {
    fields: &[
        ("organisation_id", "The organisation"),
        ("share_bp", "Your share"),
        ("min_other_organisations", "The number of other organisations"),
    ],
    codes: &[
        ("idea_not_open", None, "This idea is no longer open for pledges"),
        (
            "organisation_not_verified",
            Some("organisation_id"),
            "Your organisation must be verified by CC2i staff before it can pledge",
        ),
        (
            "stale_business_case",
            Some("accept"),
            "The business case has changed. Read the latest version and accept it",
        ),
        (
            "already_pledged",
            Some("organisation_id"),
            "Your organisation has already pledged to this idea. Change that pledge instead",
        ),
        (
            "funding_full",
            Some("share_bp"),
            "Your share would take the pledges past this idea’s limit. Enter a smaller share",
        ),
        (
            "request_in_progress",
            None,
            "Your pledge is still being processed. Wait a moment, then reload the page",
        ),
        (
            "idempotency_key_reused",
            None,
            "Your pledge changed while it was being sent. Reload the page and check it before you try again",
        ),
        (
            "self_approval_forbidden",
            None,
            "You made this pledge, so another owner or admin of your organisation must approve it",
        ),
    ],
};

/// Runs a pledge action and reports its message or its errors.
pub fn run_action(
    session: &SessionHandle,
    onresult: &Callback<Result<String, FormErrors>>,
    action: impl Future<Output = Result<String, ClientError>> + 'static,
) {
    let (session, onresult) = (session.clone(), onresult.clone());
    spawn_local(async move {
        match action.await {
            Ok(message) => onresult.emit(Ok(message)),
            Err(error) => {
                end_if_signed_out(&session, &error);
                onresult.emit(Err(FormErrors::from_error(&error, &PLEDGE_SPEC)));
            }
        }
    });
}

/// What stops the viewer pledging, if anything: being signed out, or belonging to no
/// organisation verified by CC2i staff.
pub fn pledge_barrier(viewer: Option<&Me>) -> Option<Html> {
    let Some(me) = viewer else {
        return Some(html! {
            <p class="govuk-body">
                <RouteLink to={Route::SignIn}>{ "Sign in" }</RouteLink>
                { " to pledge for your organisation." }
            </p>
        });
    };
    if me.memberships.iter().any(|m| m.organisation_verified) {
        return None;
    }
    Some(html! {
        <p class="govuk-body">
            { "Only members of organisations verified by CC2i staff can pledge." }
        </p>
    })
}

/// What the viewer sees after pledging.
fn created_message(pledge: &Pledge) -> String {
    if pledge.status == PledgeStatus::Active {
        format!(
            "{} pledged {}. The pledge is active and counts towards the target",
            pledge.organisation_name,
            format_bp(pledge.share_bp)
        )
    } else {
        format!(
            "{} pledged {}. The pledge is awaiting approval by another owner or admin",
            pledge.organisation_name,
            format_bp(pledge.share_bp)
        )
    }
}

/// Props for [`PledgePanel`].
#[derive(Properties, PartialEq)]
pub struct PledgePanelProps {
    /// The open idea.
    pub idea: Idea,
    /// The signed-in viewer, if any.
    pub viewer: Option<Me>,
    /// The idea's pledges as the viewer may see them.
    pub pledges: Vec<PublicPledge>,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the outcome of each action.
    pub onresult: Callback<Result<String, FormErrors>>,
}

/// The pledge form and the viewer's organisations' live pledges.
#[function_component]
pub fn PledgePanel(props: &PledgePanelProps) -> Html {
    let session = use_session();
    let own = use_state(Vec::<Pledge>::new);
    // The last submission and its key: a retry of the same pledge after a network error
    // reuses the key, so the API cannot take it twice.
    let attempt = use_mut_ref(|| None::<(CreatePledge, String)>);

    let verified: Vec<_> = props
        .viewer
        .iter()
        .flat_map(|me| me.memberships.iter())
        .filter(|m| m.organisation_verified)
        .cloned()
        .collect();
    let live_ids: Vec<String> = props
        .pledges
        .iter()
        .filter(|p| {
            p.status.is_live()
                && verified
                    .iter()
                    .any(|m| m.organisation_id == p.organisation_id)
        })
        .map(|p| p.id.clone())
        .collect();

    use_effect_with(live_ids.clone(), {
        let (own, session) = (own.clone(), session.clone());
        move |ids: &Vec<String>| {
            let ids = ids.clone();
            spawn_local(async move {
                let mut loaded = Vec::new();
                for id in ids {
                    let path = format!("/pledges/{}", segment(&id));
                    match request::<Pledge>(Method::GET, &path, NO_BODY).await {
                        Ok(pledge) => loaded.push(pledge),
                        Err(error) => end_if_signed_out(&session, &error),
                    }
                }
                own.set(loaded);
            });
        }
    });

    let idea = &props.idea;
    if let Some(barrier) = pledge_barrier(props.viewer.as_ref()) {
        return barrier;
    }
    let free: Vec<_> = verified
        .iter()
        .filter(|m| {
            !props
                .pledges
                .iter()
                .any(|p| p.status.is_live() && p.organisation_id == m.organisation_id)
        })
        .cloned()
        .collect();

    let idea_path = format!("/ideas/{}", segment(&idea.id));
    let oncreate = {
        let (session, onresult, attempt) =
            (session.clone(), props.onresult.clone(), attempt.clone());
        Callback::from(move |pledge: CreatePledge| {
            let key = match &*attempt.borrow() {
                Some((last, key)) if *last == pledge => key.clone(),
                _ => new_idempotency_key(),
            };
            *attempt.borrow_mut() = Some((pledge.clone(), key.clone()));
            let (path, attempt) = (format!("{idea_path}/pledges"), attempt.clone());
            run_action(&session, &onresult, async move {
                let result =
                    request_with_key::<Pledge>(Method::POST, &path, Some(&pledge), Some(&key))
                        .await;
                if !matches!(result, Err(ClientError::Failed(_))) {
                    *attempt.borrow_mut() = None;
                }
                Ok(created_message(&result?))
            });
        })
    };
    let onerror = props.onresult.reform(Err);
    let own_pledge = |pledge: &Pledge| {
        let path = format!("/pledges/{}", segment(&pledge.id));
        let onchange = {
            let (session, onresult, path) = (session.clone(), props.onresult.clone(), path.clone());
            Callback::from(move |share_bp: i64| {
                let path = path.clone();
                run_action(&session, &onresult, async move {
                    let body = UpdatePledge { share_bp };
                    let changed = request::<Pledge>(Method::PATCH, &path, Some(&body)).await?;
                    Ok(match changed.pending_share_bp {
                        Some(pending) => format!(
                            "The increase to {} is awaiting approval by another owner or admin",
                            format_bp(pending)
                        ),
                        None => format!("Your share is now {}", format_bp(changed.share_bp)),
                    })
                });
            })
        };
        let onwithdraw = {
            let (session, onresult, path) = (session.clone(), props.onresult.clone(), path.clone());
            Callback::from(move |()| {
                let path = format!("{path}/withdraw");
                run_action(&session, &onresult, async move {
                    request::<Pledge>(Method::POST, &path, NO_BODY).await?;
                    Ok("Your pledge has been withdrawn".to_owned())
                });
            })
        };
        let onreconsent = {
            let (session, onresult) = (session.clone(), props.onresult.clone());
            Callback::from(move |business_case_version: i32| {
                let path = format!("{path}/reconsent");
                run_action(&session, &onresult, async move {
                    let body = Reconsent {
                        business_case_version,
                    };
                    request::<Pledge>(Method::POST, &path, Some(&body)).await?;
                    Ok(format!(
                        "You accepted version {business_case_version}. Your pledge counts again"
                    ))
                });
            })
        };
        html! {
            <OwnPledge
                key={pledge.id.clone()}
                pledge={pledge.clone()}
                current_version={idea.business_case_version.unwrap_or(0)}
                min_pledge_bp={i64::from(idea.min_pledge_bp)}
                errors={props.errors.clone()}
                {onchange}
                onerror={onerror.clone()}
                {onwithdraw}
                {onreconsent}
            />
        }
    };
    html! {
        <>
            { for own.iter().map(own_pledge) }
            if !free.is_empty() && idea.business_case_version.is_some() {
                <PledgeForm
                    idea={idea.clone()}
                    organisations={free}
                    errors={props.errors.clone()}
                    onsubmit={oncreate}
                    onerror={onerror.clone()}
                />
            }
        </>
    }
}
