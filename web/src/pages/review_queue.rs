//! The review queue: ideas waiting for CC2i platform staff, oldest first.

use cc2i_shared::idea::Idea;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, ClientError, NO_BODY};
use crate::components::ideas_table::{ideas_table, IdeasTableProps};
use crate::components::load_failure::load_failure;
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

/// A table of ideas in review; publishing and asking for changes happen on each idea's page.
#[function_component]
pub fn ReviewQueue() -> Html {
    use_title("Review queue", false);
    let session = use_session();
    let ideas = use_state(|| None::<Result<Vec<Idea>, ClientError>>);
    use_effect_with((), {
        let (ideas, session) = (ideas.clone(), session.clone());
        move |_| {
            spawn_local(async move {
                let loaded =
                    request::<Vec<Idea>>(Method::GET, "/admin/review-queue", NO_BODY).await;
                if let Err(error) = &loaded {
                    end_if_signed_out(&session, error);
                }
                ideas.set(Some(loaded));
            });
        }
    });
    let content = match &*ideas {
        None => html! { <p class="govuk-body">{ "Loading the review queue…" }</p> },
        Some(Err(ClientError::Problem(p))) if p.status == 403 => html! {
            <p class="govuk-body">{ "Only CC2i platform staff can review ideas." }</p>
        },
        Some(Err(error)) => load_failure(error),
        Some(Ok(list)) if list.is_empty() => html! {
            <p class="govuk-body">{ "There are no ideas waiting for review." }</p>
        },
        Some(Ok(list)) => html! {
            <>
                <p class="govuk-body">
                    { match list.len() {
                        1 => "1 idea is waiting for review, oldest first.".to_owned(),
                        n => format!("{n} ideas are waiting for review, oldest first."),
                    } }
                </p>
                { ideas_table(&yew::props!(IdeasTableProps {
                    ideas: list.clone(),
                    caption: "Ideas waiting for review",
                    show_proposer: true,
                })) }
            </>
        },
    };
    html! {
        <>
            <h1 class="govuk-heading-l">{ "Review queue" }</h1>
            <p class="govuk-body">
                { "Check each idea’s business case before you publish it. If it is not ready, ask its proposer for changes." }
            </p>
            { content }
        </>
    }
}
