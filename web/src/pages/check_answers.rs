//! Check your answers: the whole business case as it will be published, each section with a
//! Change link, then "Save business case", which sends it to the API as a new version. Field
//! errors from the API link back to the input on the section's page.

use crate::router::*;
use cc2i_shared::business_case::BusinessCase;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::not_found::not_found_content;
use crate::api::{request, segment, ClientError};
use crate::app::{Flash, Route};
use crate::case_draft::paths::{problem_errors, problems_of};
use crate::case_draft::store::{forget, keep, load_workspace, Workspace};
use crate::case_draft::CaseSection;
use crate::components::case_view::commercial::commercial_view;
use crate::components::case_view::economic::economic_view;
use crate::components::case_view::financial::financial_view;
use crate::components::case_view::management::management_view;
use crate::components::case_view::strategic::strategic_view;
use crate::components::case_view::terms::terms_view;
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::components::route_link::RouteLink;
use crate::form_errors::{FormErrors, FormSpec};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

const SAVE_SPEC: FormSpec = FormSpec {
    fields: &[],
    codes: &[
        (
            "idea_not_editable",
            None,
            "The business case can no longer be changed: the idea is in review or closed",
        ),
        (
            "stale_business_case",
            None,
            "Someone else saved the business case while you were working. Reload the page and check your answers again",
        ),
    ],
};

/// One section in a GOV.UK summary card with its Change link.
fn card(id: &str, section: CaseSection, body: Html) -> Html {
    html! {
        <div class="govuk-summary-card">
            <div class="govuk-summary-card__title-wrapper">
                <h2 class="govuk-summary-card__title">{ section.title() }</h2>
                <ul class="govuk-summary-card__actions">
                    <li class="govuk-summary-card__action">
                        <RouteLink to={Route::CaseTask { id: id.to_owned(), section }}>
                            { "Change" }<span class="govuk-visually-hidden">{ format!(" {}", section.title().to_ascii_lowercase()) }</span>
                        </RouteLink>
                    </li>
                </ul>
            </div>
            <div class="govuk-summary-card__content">{ body }</div>
        </div>
    }
}

fn cards(id: &str, case: &BusinessCase) -> Html {
    html! {
        <>
            { card(id, CaseSection::Strategic, strategic_view(case.stage, &case.strategic)) }
            { card(id, CaseSection::Economic, economic_view(&case.economic)) }
            { card(id, CaseSection::Commercial, commercial_view(&case.commercial)) }
            { card(id, CaseSection::Financial, financial_view(&case.financial)) }
            { card(id, CaseSection::Management, management_view(&case.management)) }
            { card(id, CaseSection::Terms, terms_view(&case.terms)) }
        </>
    }
}

/// Props for [`CheckAnswers`].
#[derive(Properties, PartialEq)]
pub struct CheckAnswersProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The business case in summary cards, and the button that saves it.
#[function_component]
pub fn CheckAnswers(props: &CheckAnswersProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let loaded = use_state(|| None::<Result<Workspace, ClientError>>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let missing = matches!(&*loaded, Some(Err(e)) if e.code() == Some("not_found"));
    use_title(
        if missing {
            "Page not found"
        } else {
            "Check your answers"
        },
        !errors.is_empty(),
    );

    use_effect_with((), {
        let (loaded, errors, session, id) = (
            loaded.clone(),
            errors.clone(),
            session.clone(),
            props.id.clone(),
        );
        move |_| {
            spawn_local(async move {
                let ws = load_workspace(&id, &session).await;
                match &ws {
                    Ok(ws) => errors.set(problem_errors(&ws.draft.problems, None, Some(&id))),
                    Err(error) => end_if_signed_out(&session, error),
                }
                loaded.set(Some(ws));
            });
        }
    });

    let onsave = {
        let (loaded, errors, busy, id) = (
            loaded.clone(),
            errors.clone(),
            busy.clone(),
            props.id.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(Ok(ws)) = &*loaded else { return };
            let Ok(case) = ws.draft.to_case() else { return };
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            let (loaded, errors, busy, session, navigator, id, ws) = (
                loaded.clone(),
                errors.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
                id.clone(),
                ws.clone(),
            );
            spawn_local(async move {
                let path = format!("/ideas/{}/business-case", segment(&id));
                let saved = request::<SavedVersion>(Method::PUT, &path, Some(&case)).await;
                match (saved, navigator) {
                    (Ok(version), Some(navigator)) => {
                        forget(&id);
                        navigator.push_with_state(
                            &Route::IdeaTasks { id },
                            Flash(
                                format!("Business case saved as version {}", version.version)
                                    .into(),
                            ),
                        );
                    }
                    (Ok(_), None) => busy.set(false),
                    (Err(ClientError::Problem(problem)), _) if problem.errors.is_some() => {
                        let mut ws = ws;
                        ws.draft.problems = problems_of(&problem);
                        keep(&id, &ws.draft);
                        errors.set(problem_errors(&ws.draft.problems, None, Some(&id)));
                        loaded.set(Some(Ok(ws)));
                        busy.set(false);
                    }
                    (Err(error), _) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &SAVE_SPEC));
                        busy.set(false);
                    }
                }
            });
        })
    };

    let back = html! {
        <RouteLink to={Route::IdeaTasks { id: props.id.clone() }} classes="govuk-back-link">
            { "Back to the task list" }
        </RouteLink>
    };
    let content = match &*loaded {
        None => html! { <p class="govuk-body">{ "Loading your answers…" }</p> },
        Some(Err(_)) if missing => return not_found_content(),
        Some(Err(error)) => load_failure(error),
        Some(Ok(ws)) if !ws.can_edit() => html! {
            <p class="govuk-body">
                { "You cannot change this business case. " }
                <RouteLink to={Route::Idea { id: ws.idea.id.clone() }}>{ "View the idea" }</RouteLink>
            </p>
        },
        Some(Ok(ws)) => match ws.draft.to_case() {
            Err(_) => {
                let unfinished = CaseSection::ALL
                    .into_iter()
                    .filter(|s| !ws.draft.done.contains(s));
                html! {
                    <>
                        <p class="govuk-body">{ "You need to finish these sections first:" }</p>
                        <ul class="govuk-list govuk-list--bullet">
                            { for unfinished.map(|section| html! {
                                <li>
                                    <RouteLink to={Route::CaseTask { id: props.id.clone(), section }}>
                                        { section.title() }
                                    </RouteLink>
                                </li>
                            }) }
                        </ul>
                    </>
                }
            }
            Ok(case) => html! {
                <>
                    { cards(&props.id, &case) }
                    if ws.is_saved() {
                        <div class="govuk-inset-text">
                            { format!(
                                "This is version {} of the business case, as saved. Change a section to make a new version.",
                                ws.current.as_ref().map_or(0, |c| c.version)
                            ) }
                        </div>
                        <RouteLink to={Route::IdeaTasks { id: props.id.clone() }} classes="govuk-button" button=true>
                            { "Return to the task list" }
                        </RouteLink>
                    } else {
                        <h2 class="govuk-heading-m">{ "Now save the business case" }</h2>
                        <p class="govuk-body">
                            { "Saving makes a new version. Every version is kept and anyone can see the history once the idea is published." }
                        </p>
                        <button type="button" class="govuk-button" data-module="govuk-button" onclick={onsave}>
                            { "Save business case" }
                        </button>
                    }
                </>
            },
        },
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back }
                <ErrorSummary errors={(*errors).clone()} />
                if let Some(Ok(ws)) = &*loaded {
                    <span class="govuk-caption-l">{ &ws.idea.title }</span>
                }
                <h1 class="govuk-heading-l">{ "Check your answers" }</h1>
                { content }
            </div>
        </div>
    }
}

/// The one field of the saved version this page uses (decoding the whole version would bring
/// its flattened content's decoder into this bundle).
#[derive(serde::Deserialize)]
struct SavedVersion {
    version: i32,
}
