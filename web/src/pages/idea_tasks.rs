//! The task list for posting an idea: its details, the five cases and the terms, checking
//! and saving the business case, then submitting the idea for review. For an open idea the
//! same list updates its business case.

use crate::router::*;
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::not_found::not_found_content;
use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::case_draft::store::{load_workspace, Workspace};
use crate::case_draft::CaseSection;
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::components::task_list::{task_list, Task, TaskListProps, TaskStatus};
use crate::form_errors::{FormErrors, FormSpec};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

const SUBMIT_SPEC: FormSpec = FormSpec {
    fields: &[],
    codes: &[
        (
            "business_case_missing",
            None,
            "Save a business case with at least one cost before you submit the idea",
        ),
        (
            "organisation_not_verified",
            None,
            "Your organisation must be verified by CC2i staff before you can submit ideas. Contact CC2i to ask for it to be checked",
        ),
        (
            "invalid_transition",
            None,
            "This idea has already been submitted or published",
        ),
    ],
};

fn status(done: bool, can_start: bool) -> TaskStatus {
    match (done, can_start) {
        (true, _) => TaskStatus::Completed,
        (false, true) => TaskStatus::Incomplete,
        (false, false) => TaskStatus::CannotStartYet,
    }
}

/// The tasks in their three groups, with how many of them are done and how many there are.
fn groups(ws: &Workspace) -> (Vec<(&'static str, Vec<Task>)>, usize, usize) {
    let id = ws.idea.id.clone();
    let draft = ws.idea.status == IdeaStatus::Draft;
    let cases = CaseSection::ALL
        .into_iter()
        .map(|section| Task {
            id: section.slug(),
            name: section.title().into(),
            route: Some(Route::CaseTask {
                id: id.clone(),
                section,
            }),
            status: status(ws.draft.is_complete(section), true),
        })
        .collect::<Vec<_>>();
    let saved = ws.is_saved();
    let check = Task {
        id: "check",
        name: "Check your answers and save the business case".into(),
        route: Some(Route::CheckAnswers { id: id.clone() }),
        status: status(saved, ws.draft.all_complete()),
    };
    let mut out = Vec::new();
    if draft {
        out.push((
            "Tell us about the idea",
            vec![Task {
                id: "details",
                name: "Idea details".into(),
                route: Some(Route::EditIdea { id }),
                status: TaskStatus::Completed,
            }],
        ));
    }
    out.push(("Write the business case", cases));
    if draft {
        out.push((
            "Check and submit",
            vec![
                check,
                Task {
                    id: "submit",
                    name: "Submit for review".into(),
                    route: None,
                    status: status(false, saved),
                },
            ],
        ));
    } else {
        out.push(("Check and save", vec![check]));
    }
    let all: Vec<&Task> = out.iter().flat_map(|(_, tasks)| tasks).collect();
    let done = all
        .iter()
        .filter(|t| t.status == TaskStatus::Completed)
        .count();
    let total = all.len();
    (out, done, total)
}

/// Props for [`IdeaTasks`].
#[derive(Properties, PartialEq)]
pub struct IdeaTasksProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The task list with each task's status, and the Submit button once the case is saved.
#[function_component]
pub fn IdeaTasks(props: &IdeaTasksProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    let loaded = use_state(|| None::<Result<Workspace, ClientError>>);
    let banner = use_state(|| crate::app::flash(location.as_ref()));
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let missing = matches!(&*loaded, Some(Err(e)) if e.code() == Some("not_found"));
    let title = match &*loaded {
        Some(Ok(ws)) if ws.idea.status == IdeaStatus::Draft => "Post an idea",
        _ if missing => "Page not found",
        _ => "Update the business case",
    };
    let page_title = match &*loaded {
        Some(Ok(ws)) => format!("Tasks for {}", ws.idea.title),
        _ => title.to_owned(),
    };
    use_title(&page_title, !errors.is_empty());

    use_effect_with((), {
        let (loaded, session, id) = (loaded.clone(), session.clone(), props.id.clone());
        move |_| {
            spawn_local(async move {
                let ws = load_workspace(&id, &session).await;
                if let Err(error) = &ws {
                    end_if_signed_out(&session, error);
                }
                loaded.set(Some(ws));
            });
        }
    });

    let onsubmit = {
        let (errors, busy, banner, id) = (
            errors.clone(),
            busy.clone(),
            banner.clone(),
            props.id.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            banner.set(None);
            errors.set(FormErrors::default());
            let (errors, busy, session, navigator, id) = (
                errors.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
                id.clone(),
            );
            spawn_local(async move {
                let path = format!("/ideas/{}/submit", segment(&id));
                match (
                    request::<Idea>(Method::POST, &path, NO_BODY).await,
                    navigator,
                ) {
                    (Ok(_), Some(navigator)) => navigator.push(&Route::IdeaSubmitted { id }),
                    (Ok(_), None) => busy.set(false),
                    (Err(error), _) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &SUBMIT_SPEC));
                        busy.set(false);
                    }
                }
            });
        })
    };

    let ws = match &*loaded {
        None => {
            return html! {
                <>
                    <h1 class="govuk-heading-l">{ title }</h1>
                    <p class="govuk-body">{ "Loading the idea…" }</p>
                </>
            }
        }
        Some(Err(_)) if missing => return not_found_content(),
        Some(Err(error)) => {
            return html! {
                <>
                    <h1 class="govuk-heading-l">{ title }</h1>
                    { load_failure(error) }
                </>
            }
        }
        Some(Ok(ws)) => ws,
    };
    let idea = &ws.idea;
    if !ws.can_edit() {
        return html! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <span class="govuk-caption-l">{ &idea.title }</span>
                    <h1 class="govuk-heading-l">{ title }</h1>
                    <p class="govuk-body">
                        { format!(
                            "Only members of {} can change this idea, and only while it is a draft or open. It is {}.",
                            idea.organisation.name,
                            idea.status.label().to_ascii_lowercase()
                        ) }
                    </p>
                    <p class="govuk-body">
                        <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "View the idea" }</RouteLink>
                    </p>
                </div>
            </div>
        };
    }
    let (groups, done, total) = groups(ws);
    let ready = ws.is_saved() && idea.status == IdeaStatus::Draft;
    let progress = match (idea.status == IdeaStatus::Draft, ws.is_saved()) {
        (true, true) => "Ready to submit",
        (true, false) => "Idea incomplete",
        (false, true) => "Business case saved",
        (false, false) => "Changes not saved yet",
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <span class="govuk-caption-l">{ title }</span>
                <h1 class="govuk-heading-l">{ &idea.title }</h1>
                if let Some(feedback) = &idea.review_feedback {
                    <div class="govuk-inset-text">
                        <h2 class="govuk-heading-s govuk-!-margin-bottom-2">{ "CC2i staff asked for changes" }</h2>
                        <p class="govuk-body">{ feedback }</p>
                    </div>
                }
                if !idea.organisation.verified {
                    <div class="govuk-warning-text">
                        <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                        <strong class="govuk-warning-text__text">
                            <span class="govuk-visually-hidden">{ "Warning" }</span>
                            { format!("{} is not verified yet. You can write the business case, but you cannot submit the idea until CC2i staff verify the organisation.", idea.organisation.name) }
                        </strong>
                    </div>
                }
                if idea.status == IdeaStatus::Open {
                    <p class="govuk-body">
                        { "This idea is open for pledges. Saving the business case makes a new version. \
                           If it costs more, weakens the SLA or changes the licence or stage, every funder \
                           must confirm their pledge again." }
                    </p>
                }
                <h2 class="govuk-heading-s govuk-!-margin-bottom-2">
                    { progress }
                </h2>
                <p class="govuk-body govuk-!-margin-bottom-7">
                    { format!("You have completed {done} of {total} tasks.") }
                </p>
                { for groups.into_iter().enumerate().map(|(i, (heading, tasks))| html! {
                    <>
                        <h2 class="govuk-heading-m">{ format!("{}. {heading}", i + 1) }</h2>
                        { task_list(&yew::props!(TaskListProps {
                            tasks: tasks,
                        })) }
                    </>
                }) }
                if ready {
                    <p class="govuk-body">
                        { "CC2i staff will check the idea and its business case before they publish it for pledges." }
                    </p>
                    <button type="button" class="govuk-button" data-module="govuk-button" onclick={onsubmit}>
                        { "Submit for review" }
                    </button>
                }
                <p class="govuk-body">
                    <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "View the idea’s page" }</RouteLink>
                </p>
            </div>
        </div>
    }
}
