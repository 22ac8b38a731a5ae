//! Pledging on an open idea, on a page of its own (one thing per page, as GOV.UK forms are):
//! the form for the viewer's organisations that have not pledged, and each live pledge of theirs
//! with its actions. The idea's page links here.

use cc2i_shared::lifecycle::IdeaStatus;
use yew::prelude::*;

use super::idea::load;
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::funding_progress::funding_progress;
use crate::components::notification_banner::notification_banner;
use crate::components::pledge_panel::PledgePanel;
use crate::components::route_link::RouteLink;
use crate::form_errors::FormErrors;
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::use_session;
use crate::title::use_title;

/// Props for [`PledgePage`].
#[derive(Properties, PartialEq)]
pub struct PledgePageProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The pledge form and the viewer's organisations' pledges to one idea.
#[function_component]
pub fn PledgePage(props: &PledgePageProps) -> Html {
    let session = use_session();
    // Bumped after each change, to load the pledges and the funding again.
    let version = use_state(|| 0_u32);
    let loaded = use_loaded(
        (props.id.clone(), *version),
        move |(id, _): (String, u32)| {
            let session = session.clone();
            async move { load(&id, &session).await }
        },
    );
    let banner = use_state(|| None::<AttrValue>);
    let errors = use_state(FormErrors::default);
    let title = match &*loaded {
        Some(Ok(l)) => format!("Pledge: {}", l.idea.title),
        Some(Err(error)) if error.code() == Some("not_found") => "Page not found".to_owned(),
        _ => "Pledge".to_owned(),
    };
    use_title(&title, !errors.is_empty());
    let onresult = {
        let (banner, errors, version) = (banner.clone(), errors.clone(), version.clone());
        Callback::from(move |result: Result<String, FormErrors>| match result {
            Ok(message) => {
                errors.set(FormErrors::default());
                banner.set(Some(message.into()));
                version.set(*version + 1);
            }
            Err(list) => {
                banner.set(None);
                errors.set(list);
            }
        })
    };
    let l = match loaded_or_page(&loaded, "Pledge", "Loading the idea…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let idea = &l.idea;
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <span class="govuk-caption-l">{ &idea.title }</span>
                <h1 class="govuk-heading-l">{ "Pledge" }</h1>
                <p class="govuk-body">
                    <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "Back to the idea" }</RouteLink>
                </p>
                { funding_progress(&idea.funding, "idea", &idea.title) }
                if idea.status == IdeaStatus::Open {
                    <PledgePanel
                        idea={idea.clone()}
                        viewer={l.viewer.clone()}
                        pledges={l.pledges.clone()}
                        errors={(*errors).clone()}
                        {onresult}
                    />
                } else {
                    <p class="govuk-body">{ "This idea is not open for pledges." }</p>
                }
            </div>
        </div>
    }
}
