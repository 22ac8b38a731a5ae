//! An idea's business case on a page of its own: the current version in full, section by
//! section, then every version with what changed. The idea's page links here; a long document
//! reads, prints and links better alone, and the idea's bundle stays small.

use cc2i_shared::business_case::{BusinessCaseVersion, BusinessCaseVersionSummary};
use cc2i_shared::idea::Idea;
use gloo_net::http::Method;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::business_case_view::business_case_view;
use crate::components::route_link::RouteLink;
use crate::components::version_history::version_history;
use crate::loading::{loaded_or_page, use_loaded};
use crate::title::use_title;

#[derive(Clone, PartialEq)]
struct Loaded {
    idea: Idea,
    /// The current version and every version's summary, or `None` before the first is saved.
    case: Option<(BusinessCaseVersion, Vec<BusinessCaseVersionSummary>)>,
}

async fn load(id: &str) -> Result<Loaded, ClientError> {
    let path = format!("/ideas/{}", segment(id));
    let idea = request::<Idea>(Method::GET, &path, NO_BODY).await?;
    let case_path = format!("{path}/business-case");
    let case = match crate::business_case_json::get(&case_path).await {
        Ok(case) => {
            let versions = request(Method::GET, &format!("{case_path}/versions"), NO_BODY).await?;
            Some((case, versions))
        }
        Err(error) if error.code() == Some("business_case_not_found") => None,
        Err(error) => return Err(error),
    };
    Ok(Loaded { idea, case })
}

/// Props for [`BusinessCasePage`].
#[derive(Properties, PartialEq)]
pub struct BusinessCasePageProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The idea's current business case and its version history.
#[function_component]
pub fn BusinessCasePage(props: &BusinessCasePageProps) -> Html {
    let loaded = use_loaded(
        props.id.clone(),
        |id: String| async move { load(&id).await },
    );
    let title = match &*loaded {
        Some(Ok(l)) => format!("Business case: {}", l.idea.title),
        Some(Err(error)) if error.code() == Some("not_found") => "Page not found".to_owned(),
        _ => "Business case".to_owned(),
    };
    use_title(&title, false);
    let l = match loaded_or_page(&loaded, "Business case", "Loading the business case…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">{ &l.idea.title }</span>
                <h1 class="govuk-heading-l">{ "Business case" }</h1>
                <p class="govuk-body">
                    <RouteLink to={Route::Idea { id: l.idea.id.clone() }}>{ "Back to the idea" }</RouteLink>
                </p>
                if let Some((case, versions)) = &l.case {
                    { business_case_view(case) }
                    <h2 class="govuk-heading-m">{ "Version history" }</h2>
                    { version_history(versions) }
                } else {
                    <p class="govuk-body">{ "There is no business case yet." }</p>
                }
            </div>
        </div>
    }
}
