//! An idea's questions and updates: its own page (linked from the idea's), so the idea's
//! bundle does not carry the discussion's forms and tabs.

use cc2i_shared::idea::Idea;
use cc2i_shared::Me;
use gloo_net::http::Method;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::route_link::RouteLink;
use crate::discussion::IdeaDiscussion;
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{use_session, SessionHandle};
use crate::title::use_title;
use crate::viewer::load_viewer;

#[derive(Clone, PartialEq)]
struct Loaded {
    idea: Idea,
    viewer: Option<Me>,
}

async fn load(id: &str, session: &SessionHandle) -> Result<Loaded, ClientError> {
    let idea = request::<Idea>(Method::GET, &format!("/ideas/{}", segment(id)), NO_BODY).await?;
    Ok(Loaded {
        idea,
        viewer: load_viewer(session).await,
    })
}

/// Props for [`IdeaDiscussionPage`].
#[derive(Properties, PartialEq)]
pub struct IdeaDiscussionPageProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The idea's questions and answers and its updates, as tabs.
#[function_component]
pub fn IdeaDiscussionPage(props: &IdeaDiscussionPageProps) -> Html {
    let session = use_session();
    let loaded = use_loaded(props.id.clone(), move |id: String| {
        let session = session.clone();
        async move { load(&id, &session).await }
    });
    let title = match &*loaded {
        Some(Ok(l)) => crate::discussion::page_title(&l.idea),
        Some(Err(error)) if error.code() == Some("not_found") => "Page not found".to_owned(),
        _ => "Questions and updates".to_owned(),
    };
    // The same title the discussion sets, which adds "Error: " while its forms show errors.
    use_title(&title, false);
    let l = match loaded_or_page(&loaded, "Questions and updates", "Loading the idea…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let idea = &l.idea;
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">{ &idea.organisation.name }</span>
                <h1 class="govuk-heading-l">{ &idea.title }</h1>
                <p class="govuk-body">
                    <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "Back to the idea" }</RouteLink>
                </p>
                if idea.status.is_public() {
                    <IdeaDiscussion idea={idea.clone()} viewer={l.viewer.clone()} />
                } else {
                    <p class="govuk-body">
                        { "This idea has not been published, so it has no questions or updates yet." }
                    </p>
                }
            </div>
        </div>
    }
}
