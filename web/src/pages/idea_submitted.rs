//! The confirmation after an idea is submitted for review.

use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::not_found::not_found_content;
use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::load_failure::load_failure;
use crate::components::panel::{panel, PanelProps};
use crate::components::route_link::RouteLink;
use crate::title::use_title;

/// Props for [`IdeaSubmitted`].
#[derive(Properties, PartialEq)]
pub struct IdeaSubmittedProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// A confirmation panel and what happens next.
#[function_component]
pub fn IdeaSubmitted(props: &IdeaSubmittedProps) -> Html {
    let idea = use_state(|| None::<Result<Idea, ClientError>>);
    let missing = matches!(&*idea, Some(Err(e)) if e.code() == Some("not_found"));
    use_title(
        if missing {
            "Page not found"
        } else {
            "Idea submitted for review"
        },
        false,
    );
    use_effect_with(props.id.clone(), {
        let idea = idea.clone();
        move |id| {
            let path = format!("/ideas/{}", segment(id));
            spawn_local(async move {
                idea.set(Some(request::<Idea>(Method::GET, &path, NO_BODY).await));
            });
        }
    });
    let idea = match &*idea {
        None => {
            return html! {
                <>
                    <h1 class="govuk-heading-l">{ "Idea submitted for review" }</h1>
                    <p class="govuk-body">{ "Loading…" }</p>
                </>
            }
        }
        Some(Err(_)) if missing => return not_found_content(),
        Some(Err(error)) => {
            return html! {
                <>
                    <h1 class="govuk-heading-l">{ "Idea submitted for review" }</h1>
                    { load_failure(error) }
                </>
            }
        }
        Some(Ok(idea)) => idea,
    };
    let link = html! { <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "View your idea" }</RouteLink> };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if idea.status == IdeaStatus::InReview {
                    { panel(&yew::props!(PanelProps {
                        title: "Idea submitted for review",
                        body: idea.title.clone(),
                    })) }
                    <h2 class="govuk-heading-m">{ "What happens next" }</h2>
                    <p class="govuk-body">
                        { "CC2i staff will check the idea and its business case. If it is ready, they \
                           publish it and other organisations can pledge until it closes. If something \
                           needs to change, they send it back to you with their reasons." }
                    </p>
                    <p class="govuk-body">{ link }</p>
                } else {
                    <h1 class="govuk-heading-l">{ "Idea submitted for review" }</h1>
                    <p class="govuk-body">
                        { format!("This idea is {}. ", idea.status.label().to_ascii_lowercase()) }
                        { link }
                    </p>
                }
            </div>
        </div>
    }
}
