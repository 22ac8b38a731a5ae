//! An idea's backlog: requirements ranked by their funders' votes, with vote and retract
//! buttons for funders, an add-a-requirement form, and the proposer's status decisions and
//! choice of voting model.

use cc2i_shared::backlog::{
    Backlog, CastVote, CreateRequirement, OrganisationRef, Requirement, SetVotingModel,
    UpdateRequirement,
};
use cc2i_shared::idea::{Idea, VotingModel};
use cc2i_shared::money::format_bp;
use cc2i_shared::Problem;
use gloo_net::http::Method;
use serde_json::value::RawValue;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::notification_banner::notification_banner;
use crate::components::radios::{radios, RadiosProps};
use crate::components::requirement_card::{plural, RequirementCard};
use crate::components::requirement_form::RequirementForm;
use crate::components::requirement_status_form::{field_ids, RequirementStatusForm};
use crate::components::route_link::RouteLink;
use crate::components::voting_model_form::{model_words, VotingModelForm};
use crate::form_errors::{sentence, FormErrors, FormSpec};
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

const ADD_SPEC: FormSpec = FormSpec {
    fields: &[
        ("title", "Title"),
        ("description", "What is needed and why"),
        ("organisation_id", "The organisation"),
    ],
    codes: &[
        (
            "not_a_funder",
            None,
            "Only members of the organisations funding this idea, or of the organisation that proposed it, can add requirements",
        ),
        (
            "backlog_closed",
            None,
            "This backlog takes no more requirements: the idea was withdrawn or not funded",
        ),
    ],
};

const VOTE_SPEC: FormSpec = FormSpec {
    fields: &[("organisation_id", "The organisation")],
    codes: &[
        (
            "already_voted",
            None,
            "Your organisation has already voted for that requirement. Reload the page to see the latest votes",
        ),
        (
            "not_a_funder",
            None,
            "Only organisations whose pledge counts can vote. Your organisation’s pledge may have changed",
        ),
        (
            "requirement_closed",
            None,
            "That requirement is done or declined, so its votes can no longer change",
        ),
        (
            "backlog_closed",
            None,
            "This backlog takes no more votes: the idea was withdrawn or not funded",
        ),
        (
            "vote_not_found",
            None,
            "Your organisation has no vote on that requirement. Reload the page to see the latest votes",
        ),
    ],
};

const MODEL_SPEC: FormSpec = FormSpec {
    fields: &[("voting_model", "The voting model")],
    codes: &[(
        "voting_started",
        Some("voting_model"),
        "Votes have been cast, so the voting model can no longer change",
    )],
};

#[derive(Clone, PartialEq)]
struct Loaded {
    idea: Idea,
    backlog: Backlog,
}

/// The messages for a failed status change, beside that requirement's inputs.
fn status_errors(error: &ClientError, requirement_id: &str) -> FormErrors {
    let (status_id, note_id) = field_ids(requirement_id);
    let mut errors = FormErrors::default();
    if let ClientError::Problem(Problem {
        errors: Some(fields),
        ..
    }) = error
    {
        for (field, id, label) in [("status", status_id, "Status"), ("note", note_id, "Note")] {
            if let Some(message) = fields.get(field).and_then(|m| m.first()) {
                let message = if message.starts_with("must say why") {
                    "Enter why you are declining it".to_owned()
                } else {
                    sentence(label, message)
                };
                errors.push_at(id, message);
            }
        }
    }
    if errors.is_empty() {
        errors = FormErrors::from_error(
            error,
            &FormSpec {
                fields: &[],
                codes: &[],
            },
        );
    }
    errors
}

/// "It now has 2 votes." or "It now has a score of 60% from 1 funder."
fn now_has(model: VotingModel, r: &Requirement) -> String {
    match model {
        VotingModel::OneOrgOneVote => {
            format!("It now has {}.", plural(r.tally.votes, "vote", "votes"))
        }
        VotingModel::ShareWeighted => format!(
            "It now has a score of {} from {}.",
            format_bp(r.tally.score),
            plural(r.tally.votes, "funder", "funders")
        ),
    }
}

/// Props for [`BacklogPage`].
#[derive(Properties, PartialEq)]
pub struct BacklogPageProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The backlog page.
#[function_component]
pub fn BacklogPage(props: &BacklogPageProps) -> Html {
    let session = use_session();
    let version = use_state(|| 0_u32);
    let loaded = use_loaded(
        (props.id.clone(), *version),
        |(id, _): (String, u32)| async move {
            let path = format!("/ideas/{}", segment(&id));
            let idea = request::<Idea>(Method::GET, &path, NO_BODY).await?;
            let backlog = request(Method::GET, &format!("{path}/requirements"), NO_BODY).await?;
            Ok::<_, ClientError>(Loaded { idea, backlog })
        },
    );
    // Answers to votes, additions and decisions, applied to the loaded backlog at once.
    let patched = use_state(|| None::<Backlog>);
    let banner = use_state(|| None::<AttrValue>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let vote_as = use_state(|| None::<String>);
    let add_key = use_state(|| 0_u32);

    let title = match &*loaded {
        Some(Ok(l)) => format!("Backlog: {}", l.idea.title),
        Some(Err(error)) if error.code() == Some("not_found") => "Page not found".to_owned(),
        _ => "Backlog".to_owned(),
    };
    use_title(&title, !errors.is_empty());

    let l = match loaded_or_page(&loaded, "Backlog", "Loading the backlog…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let idea = &l.idea;
    let backlog = patched.as_ref().unwrap_or(&l.backlog).clone();
    let model = backlog.voting_model;
    let viewer = backlog.viewer.clone().unwrap_or_default();
    let voting_orgs = viewer.voting_organisations.clone();
    let voter: Option<OrganisationRef> = match &*vote_as {
        Some(id) => voting_orgs.iter().find(|o| &o.id == id).cloned(),
        None => None,
    }
    .or_else(|| voting_orgs.first().cloned())
    .filter(|_| backlog.accepting);

    // Sends one change; an answered requirement goes into the backlog in place.
    let send = {
        let (session, patched, banner, errors, busy) = (
            session.clone(),
            patched.clone(),
            banner.clone(),
            errors.clone(),
            busy.clone(),
        );
        let backlog = backlog.clone();
        move |method: Method,
              path: String,
              body: Option<Box<RawValue>>,
              message: Box<dyn Fn(&Requirement) -> String>,
              on_error: Box<dyn Fn(&ClientError) -> FormErrors>,
              after: Option<UseStateHandle<u32>>| {
            if *busy {
                return;
            }
            busy.set(true);
            let (session, patched, banner, errors, busy, mut backlog) = (
                session.clone(),
                patched.clone(),
                banner.clone(),
                errors.clone(),
                busy.clone(),
                backlog.clone(),
            );
            spawn_local(async move {
                match request::<Requirement>(method, &path, body.as_ref()).await {
                    Ok(requirement) => {
                        errors.set(FormErrors::default());
                        banner.set(Some(message(&requirement).into()));
                        backlog.replace(requirement);
                        patched.set(Some(backlog));
                        if let Some(key) = after {
                            key.set(*key + 1);
                        }
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        banner.set(None);
                        errors.set(on_error(&error));
                    }
                }
                busy.set(false);
            });
        }
    };

    let onvote = {
        let (send, voter) = (send.clone(), voter.clone());
        Callback::from(move |id: String| {
            let Some(org) = voter.clone() else { return };
            let body = serde_json::value::to_raw_value(&CastVote {
                organisation_id: org.id.clone(),
            })
            .ok();
            send(
                Method::POST,
                format!("/requirements/{}/votes", segment(&id)),
                body,
                Box::new(move |r| {
                    format!(
                        "You voted for ‘{}’ for {}. {}",
                        r.title,
                        org.name,
                        now_has(model, r)
                    )
                }),
                Box::new(|e| FormErrors::from_error(e, &VOTE_SPEC)),
                None,
            );
        })
    };
    let onretract = {
        let (send, voter) = (send.clone(), voter.clone());
        Callback::from(move |id: String| {
            let Some(org) = voter.clone() else { return };
            send(
                Method::DELETE,
                format!("/requirements/{}/votes/{}", segment(&id), segment(&org.id)),
                None,
                Box::new(move |r| {
                    format!(
                        "You retracted {}’s vote for ‘{}’. {}",
                        org.name,
                        r.title,
                        now_has(model, r)
                    )
                }),
                Box::new(|e| FormErrors::from_error(e, &VOTE_SPEC)),
                None,
            );
        })
    };
    let onadd = {
        let (send, errors, add_key, idea_id) = (
            send.clone(),
            errors.clone(),
            add_key.clone(),
            idea.id.clone(),
        );
        Callback::from(move |new: CreateRequirement| {
            let mut blank = FormErrors::default();
            if new.title.is_empty() {
                blank.push(Some("title"), "Enter a title");
            }
            if new.description.is_empty() {
                blank.push(Some("description"), "Enter what is needed and why");
            }
            if !blank.is_empty() {
                errors.set(blank);
                return;
            }
            let body = serde_json::value::to_raw_value(&new).ok();
            send(
                Method::POST,
                format!("/ideas/{}/requirements", segment(&idea_id)),
                body,
                Box::new(|r| format!("You added ‘{}’ to the backlog", r.title)),
                Box::new(|e| FormErrors::from_error(e, &ADD_SPEC)),
                Some(add_key.clone()),
            );
        })
    };
    let onstatus = {
        let send = send.clone();
        Callback::from(move |(id, change): (String, UpdateRequirement)| {
            let body = serde_json::value::to_raw_value(&change).ok();
            let for_errors = id.clone();
            send(
                Method::PATCH,
                format!("/requirements/{}", segment(&id)),
                body,
                Box::new(|r| {
                    format!(
                        "‘{}’ is now {}",
                        r.title,
                        r.status.label().to_ascii_lowercase()
                    )
                }),
                Box::new(move |e| status_errors(e, &for_errors)),
                None,
            );
        })
    };
    let onmodel = {
        let (session, patched, banner, errors, busy, version, idea_id) = (
            session.clone(),
            patched.clone(),
            banner.clone(),
            errors.clone(),
            busy.clone(),
            version.clone(),
            idea.id.clone(),
        );
        Callback::from(move |voting_model: VotingModel| {
            if *busy {
                return;
            }
            busy.set(true);
            let (session, patched, banner, errors, busy, version) = (
                session.clone(),
                patched.clone(),
                banner.clone(),
                errors.clone(),
                busy.clone(),
                version.clone(),
            );
            let path = format!("/ideas/{}/voting-model", segment(&idea_id));
            spawn_local(async move {
                let body = SetVotingModel { voting_model };
                match request::<Idea>(Method::PATCH, &path, Some(&body)).await {
                    Ok(idea) => {
                        errors.set(FormErrors::default());
                        let words = match idea.voting_model {
                            VotingModel::OneOrgOneVote => "one organisation, one vote",
                            VotingModel::ShareWeighted => "weighted by each funder’s share",
                        };
                        banner.set(Some(format!("Votes on this backlog are {words}").into()));
                        patched.set(None);
                        version.set(*version + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        banner.set(None);
                        errors.set(FormErrors::from_error(&error, &MODEL_SPEC));
                    }
                }
                busy.set(false);
            });
        })
    };
    let onvoteas = {
        let vote_as = vote_as.clone();
        Callback::from(move |id: String| vote_as.set(Some(id)))
    };

    let no_votes = backlog
        .requirements
        .iter()
        .all(|r| r.tally.voters.is_empty());
    let signed_in = session.signed_in();
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <span class="govuk-caption-l">{ &idea.title }</span>
                <h1 class="govuk-heading-l">{ "Backlog" }</h1>
                <p class="govuk-body">
                    { "The organisations funding this idea say what they need built and vote on what matters most. The proposer decides what to build and says why." }
                </p>
                <p class="govuk-body" id="voting-model">{ model_words(model) }</p>
                if viewer.can_manage && no_votes {
                    <VotingModelForm
                        key={model.code()}
                        {model}
                        errors={(*errors).clone()}
                        onsubmit={onmodel}
                    />
                }
                <h2 class="govuk-heading-m">{ "Requirements" }</h2>
                if !signed_in && backlog.accepting {
                    <p class="govuk-body">
                        <RouteLink to={Route::SignIn}>{ "Sign in" }</RouteLink>
                        { " as a member of a funding organisation to vote or add requirements." }
                    </p>
                } else if viewer.can_manage && voting_orgs.is_empty() {
                    <p class="govuk-body">
                        { "Organisations funding this idea vote. You set each requirement’s status and say why; its author and the organisations that voted for it are told." }
                    </p>
                } else if signed_in && backlog.accepting && voting_orgs.is_empty() {
                    <p class="govuk-body">{ "Only organisations funding this idea can vote." }</p>
                }
                if !backlog.accepting {
                    <div class="govuk-inset-text">
                        { "This backlog is not taking requirements or votes: it opens when the idea is published and closes if the idea is withdrawn or not funded." }
                    </div>
                }
                if let (Some(org), true) = (&voter, voting_orgs.len() > 1) {
                    { radios(&yew::props!(RadiosProps {
                        id: "vote_as",
                        legend: "Which organisation are you voting for?",
                        legend_classes: classes!("govuk-fieldset__legend--s"),
                        options: voting_orgs
                            .iter()
                            .map(|o| (AttrValue::from(o.id.clone()), AttrValue::from(o.name.clone())))
                            .collect::<Vec<_>>(),
                        value: AttrValue::from(org.id.clone()),
                        onchange: onvoteas,
                    })) }
                } else if let Some(org) = &voter {
                    <p class="govuk-body">
                        { format!("You vote for {}. Each organisation has one vote per requirement.", org.name) }
                    </p>
                }
                if backlog.requirements.is_empty() {
                    <p class="govuk-body">{ "There are no requirements yet." }</p>
                } else {
                    <ol class="app-backlog">
                        { for backlog.requirements.iter().map(|r| html! {
                            <RequirementCard
                                key={r.id.clone()}
                                requirement={r.clone()}
                                {model}
                                vote_as={voter.clone()}
                                onvote={onvote.clone()}
                                onretract={onretract.clone()}
                            >
                                if viewer.can_manage {
                                    <RequirementStatusForm
                                        key={format!("{}-{}", r.id, r.updated_at.timestamp_micros())}
                                        requirement={r.clone()}
                                        errors={(*errors).clone()}
                                        onsubmit={onstatus.clone()}
                                    />
                                }
                            </RequirementCard>
                        }) }
                    </ol>
                }
                if viewer.can_add {
                    <h2 class="govuk-heading-m">{ "Add a requirement" }</h2>
                    <RequirementForm
                        key={*add_key}
                        organisations={viewer.authoring_organisations.clone()}
                        errors={(*errors).clone()}
                        onsubmit={onadd}
                    />
                }
                <p class="govuk-body">
                    <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "Back to the idea" }</RouteLink>
                </p>
            </div>
        </div>
    }
}
