//! Who CC2i told about an idea when it was published, and who has pledged since: for the
//! proposing organisation's members and platform staff.

use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::radar::AudienceMember;
use cc2i_shared::{Me, OrgRole};
use gloo_net::http::Method;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::audience_table::audience_table;
use crate::components::progress_bar::{progress_bar, Bar};
use crate::components::route_link::RouteLink;
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::use_session;
use crate::title::use_title;
use crate::viewer::{load_viewer, role_in};

#[derive(Clone, PartialEq)]
struct Loaded {
    idea: Idea,
    audience: Vec<AudienceMember>,
    viewer: Option<Me>,
}

/// "Told 23 organisations; 4 have pledged".
fn audience_sentence(told: usize, pledged: usize) -> String {
    let organisations = if told == 1 {
        "organisation"
    } else {
        "organisations"
    };
    let verb = if pledged == 1 { "has" } else { "have" };
    format!("Told {told} {organisations}; {pledged} {verb} pledged")
}

/// Props for [`Audience`].
#[derive(Properties, PartialEq)]
pub struct AudienceProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The sentence and bar of told against pledged, then the table of organisations.
#[function_component]
pub fn Audience(props: &AudienceProps) -> Html {
    let session = use_session();
    let loaded = use_loaded(props.id.clone(), move |id: String| {
        let session = session.clone();
        async move {
            let path = format!("/ideas/{}", segment(&id));
            let idea = request::<Idea>(Method::GET, &path, NO_BODY).await?;
            let audience = request(Method::GET, &format!("{path}/audience"), NO_BODY).await?;
            Ok::<_, ClientError>(Loaded {
                idea,
                audience,
                viewer: load_viewer(&session).await,
            })
        }
    });
    let title = match &*loaded {
        Some(Ok(l)) => format!("Who has been told: {}", l.idea.title),
        Some(Err(error)) if error.code() == Some("not_found") => "Page not found".to_owned(),
        _ => "Who has been told".to_owned(),
    };
    use_title(&title, false);
    let l = match loaded_or_page(&loaded, "Who has been told", "Loading the audience…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let idea = &l.idea;
    let told = l.audience.len();
    let pledged = l.audience.iter().filter(|m| m.pledged).count();
    let can_invite = idea.status == IdeaStatus::Open
        && role_in(l.viewer.as_ref(), &idea.organisation.id).is_some_and(OrgRole::can_manage);
    html! {
        <>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <span class="govuk-caption-l">{ &idea.title }</span>
                    <h1 class="govuk-heading-l">{ "Who has been told" }</h1>
                    <p class="govuk-body">
                        { "When an idea is published, CC2i tells the members of every verified \
                           organisation it fits, and says why. This is who was told and who has \
                           pledged since." }
                    </p>
                    if told > 0 {
                        <div class="app-audience-summary">
                            { progress_bar(Bar {
                                value: pledged as i64,
                                max: told as i64,
                                label: "Organisations told that have pledged",
                                text_id: "audience-summary",
                                classes: "",
                                text_classes: "govuk-body-l govuk-!-font-weight-bold",
                            }, html! { audience_sentence(told, pledged) }) }
                        </div>
                    }
                    if can_invite {
                        <RouteLink
                            to={Route::Invitations { id: idea.id.clone() }}
                            classes="govuk-button govuk-button--secondary"
                            button=true
                        >
                            { "Invite organisations" }
                        </RouteLink>
                    }
                </div>
            </div>
            if told == 0 {
                <p class="govuk-body">
                    if idea.published_at.is_some() {
                        { "No organisation fitted this idea closely enough to be told when it was published." }
                    } else {
                        { "Nobody has been told yet: CC2i tells organisations when the idea is published." }
                    }
                </p>
            } else {
                { audience_table(&l.audience, &idea.title) }
            }
            <p class="govuk-body">
                <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "Back to the idea" }</RouteLink>
            </p>
        </>
    }
}
