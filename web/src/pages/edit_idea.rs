//! Changing a draft idea's details (the first task on the task list).

use crate::router::*;
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::not_found::not_found_content;
use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::{Flash, Route};
use crate::components::error_summary::ErrorSummary;
use crate::components::idea_details_fields::{idea_details_fields, IdeaDetailsFieldsProps};
use crate::components::load_failure::load_failure;
use crate::components::route_link::RouteLink;
use crate::form_errors::FormErrors;
use crate::idea_details::{IdeaDetails, DETAILS_SPEC};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

/// Props for [`EditIdea`].
#[derive(Properties, PartialEq)]
pub struct EditIdeaProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The details form filled in with the idea's details; saving returns to the task list.
#[function_component]
pub fn EditIdea(props: &EditIdeaProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let idea = use_state(|| None::<Result<Idea, ClientError>>);
    let details = use_state(|| None::<IdeaDetails>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let path = format!("/ideas/{}", segment(&props.id));
    let missing = matches!(&*idea, Some(Err(e)) if e.code() == Some("not_found"));
    use_title(
        if missing {
            "Page not found"
        } else {
            "Idea details"
        },
        !errors.is_empty(),
    );

    use_effect_with((), {
        let (idea, details, path, session) =
            (idea.clone(), details.clone(), path.clone(), session.clone());
        move |_| {
            spawn_local(async move {
                let loaded = request::<Idea>(Method::GET, &path, NO_BODY).await;
                match &loaded {
                    Ok(i) => details.set(Some(IdeaDetails::from_idea(i))),
                    Err(error) => end_if_signed_out(&session, error),
                }
                idea.set(Some(loaded));
            });
        }
    });

    let onsubmit = {
        let (details, errors, busy, id) = (
            details.clone(),
            errors.clone(),
            busy.clone(),
            props.id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(current) = &*details else { return };
            if *busy {
                return;
            }
            let update = match current.check() {
                Ok(checked) => checked.update(),
                Err(missing) => {
                    errors.set(missing);
                    return;
                }
            };
            busy.set(true);
            errors.set(FormErrors::default());
            let (errors, busy, session, navigator, path, id) = (
                errors.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
                path.clone(),
                id.clone(),
            );
            spawn_local(async move {
                match (
                    request::<Idea>(Method::PATCH, &path, Some(&update)).await,
                    navigator,
                ) {
                    (Ok(_), Some(navigator)) => navigator.push_with_state(
                        &Route::IdeaTasks { id },
                        Flash("The idea’s details have been saved".into()),
                    ),
                    (Ok(_), None) => busy.set(false),
                    (Err(error), _) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &DETAILS_SPEC));
                        busy.set(false);
                    }
                }
            });
        })
    };

    let content = match (&*idea, &*details) {
        (Some(Err(error)), _) if error.code() == Some("not_found") => return not_found_content(),
        (Some(Err(error)), _) => load_failure(error),
        (Some(Ok(idea)), _) if idea.status != IdeaStatus::Draft => html! {
            <p class="govuk-body">
                { format!("This idea is {}, so its details can no longer be changed. ", idea.status.label().to_ascii_lowercase()) }
                <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "View the idea" }</RouteLink>
            </p>
        },
        (Some(Ok(_)), Some(current)) => {
            let details = details.clone();
            html! {
                <form novalidate=true {onsubmit}>
                    { idea_details_fields(&yew::props!(IdeaDetailsFieldsProps {
                        details: current.clone(),
                        errors: (*errors).clone(),
                        onchange: Callback::from(move |d| details.set(Some(d))),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Save and continue" }
                    </button>
                </form>
            }
        }
        _ => html! { <p class="govuk-body">{ "Loading the idea…" }</p> },
    };

    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <RouteLink to={Route::IdeaTasks { id: props.id.clone() }} classes="govuk-back-link">
                    { "Back to the task list" }
                </RouteLink>
                <ErrorSummary errors={(*errors).clone()} />
                if let Some(Ok(idea)) = &*idea {
                    <span class="govuk-caption-l">{ &idea.title }</span>
                }
                <h1 class="govuk-heading-l">{ "Idea details" }</h1>
                { content }
            </div>
        </div>
    }
}
