//! Browsing ideas: a GET filter form beside a cursor-paged list of idea summaries. The query
//! lives in the address, so filtered lists can be bookmarked and shared.

use crate::router::*;
use cc2i_shared::idea::{Idea, IdeaQuery, IdeaSort};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::{OrgKind, Page, Region, ServiceArea};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::error_summary::ErrorSummary;
use super::idea_summary::IdeaSummary;
use super::load_failure::load_failure;
use super::pagination::{next_page, NextPageProps};
use super::route_link::RouteLink;
use super::select::SelectProps;
use super::text_input::{text_input, TextInputProps};
use crate::api::{request, ClientError, NO_BODY};
use crate::app::Route;
use crate::form_errors::{FormErrors, FormSpec};
use crate::vocabulary::{kinds, public_statuses, regions, service_areas, sorts, Choice};

const FILTER_SPEC: FormSpec = FormSpec {
    fields: &[
        ("q", "Words"),
        ("status", "Status"),
        ("service_area", "Service area"),
        ("organisation_kind", "Proposed by"),
        ("region", "Region"),
        ("sort", "Order"),
    ],
    codes: &[],
};

/// The filter form's fields as typed, empty meaning "any".
#[derive(Clone, Default, PartialEq)]
struct Filters {
    q: String,
    status: String,
    service_area: String,
    organisation_kind: String,
    region: String,
    sort: String,
}

fn code<T>(value: Option<T>, code: fn(T) -> &'static str) -> String {
    value.map(code).unwrap_or_default().to_owned()
}

impl Filters {
    fn from_query(query: &IdeaQuery) -> Self {
        Filters {
            q: query.q.clone().unwrap_or_default(),
            status: code(query.status, IdeaStatus::code),
            service_area: code(query.service_area, ServiceArea::code),
            organisation_kind: code(query.organisation_kind, OrgKind::code),
            region: code(query.region, Region::code),
            sort: code(query.sort, IdeaSort::code),
        }
    }

    fn to_query(&self) -> IdeaQuery {
        let q = self.q.trim();
        IdeaQuery {
            status: IdeaStatus::from_code(&self.status),
            service_area: ServiceArea::from_code(&self.service_area),
            organisation_kind: OrgKind::from_code(&self.organisation_kind),
            region: Region::from_code(&self.region),
            q: (!q.is_empty()).then(|| q.to_owned()),
            sort: [
                IdeaSort::Newest,
                IdeaSort::ClosingSoon,
                IdeaSort::MostFunded,
            ]
            .into_iter()
            .find(|s| s.code() == self.sort),
            cursor: None,
            limit: None,
        }
    }
}

fn query_string(query: &IdeaQuery) -> String {
    serde_urlencoded::to_string(query).unwrap_or_default()
}

/// Props for [`IdeaBrowser`].
#[derive(Properties, PartialEq)]
pub struct IdeaBrowserProps {
    /// The page the list is on; filtering navigates to it with the query.
    pub route: Route,
    /// Only ideas in this status, with no status filter; all public statuses when absent.
    #[prop_or_default]
    pub status: Option<IdeaStatus>,
    /// The heading over the results.
    pub heading: AttrValue,
}

/// Filters on the left, matching ideas on the right, "Next page" under them.
#[function_component]
pub fn IdeaBrowser(props: &IdeaBrowserProps) -> Html {
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .and_then(|l| l.query::<IdeaQuery>().ok())
        .unwrap_or_default();
    let filters = use_state(|| Filters::from_query(&query));
    let results = use_state(|| None::<Result<Page<Idea>, ClientError>>);
    let errors = match &*results {
        Some(Err(error @ ClientError::Problem(problem))) if problem.status == 422 => {
            FormErrors::from_error(error, &FILTER_SPEC)
        }
        _ => FormErrors::default(),
    };

    use_effect_with((query.clone(), props.status), {
        let (filters, results) = (filters.clone(), results.clone());
        move |(query, status)| {
            filters.set(Filters::from_query(query));
            results.set(None);
            let mut sent = query.clone();
            if status.is_some() {
                sent.status = *status;
            }
            let path = format!("/ideas?{}", query_string(&sent));
            spawn_local(async move {
                results.set(Some(
                    request::<Page<Idea>>(Method::GET, &path, NO_BODY).await,
                ));
            });
        }
    });

    let go = {
        let (navigator, route) = (navigator.clone(), props.route.clone());
        move |query: IdeaQuery| {
            if let Some(navigator) = &navigator {
                // A query that cannot be encoded stays on the current page.
                let _stayed = navigator.push_with_query(&route, &query);
            }
        }
    };
    let onsubmit = {
        let (filters, go) = (filters.clone(), go.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            go(filters.to_query());
        })
    };
    let set = |field: fn(&mut Filters) -> &mut String| {
        let filters = filters.clone();
        Callback::from(move |value: String| {
            let mut next = (*filters).clone();
            *field(&mut next) = value;
            filters.set(next);
        })
    };
    let select = |id: &'static str,
                  label: &'static str,
                  placeholder: &'static str,
                  options: Vec<Choice>,
                  field: fn(&mut Filters) -> &mut String| {
        let value = field(&mut (*filters).clone()).clone();
        html! {
            { super::select::select(&yew::props!(SelectProps {
                id: id,
                label: label,
                placeholder: placeholder,
                options: options,
                value: AttrValue::from(value),
                onchange: set(field),
                classes: "govuk-!-width-full",
                error: errors.field(id),
            })) }
        }
    };
    let action = props.route.to_path();

    html! {
        <>
            <ErrorSummary errors={errors.clone()} />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-third">
                    <form method="get" {action} novalidate=true class="app-filter" {onsubmit}>
                        <h2 class="govuk-heading-m">{ "Filter ideas" }</h2>
                        { text_input(&yew::props!(TextInputProps {
                            id: "q",
                            label: "Words in the title or summary",
                            value: AttrValue::from(filters.q.clone()),
                            oninput: set(|f| &mut f.q),
                            classes: "govuk-!-width-full",
                            error: errors.field("q"),
                        })) }
                        if props.status.is_none() {
                            { select("status", "Status", "Any status", public_statuses(), |f| &mut f.status) }
                        }
                        { select("service_area", "Service area", "Any service area", service_areas(), |f| &mut f.service_area) }
                        { select("organisation_kind", "Proposed by", "Any kind of organisation", kinds(), |f| &mut f.organisation_kind) }
                        { select("region", "Region", "Any region", regions(), |f| &mut f.region) }
                        { super::select::select(&yew::props!(SelectProps {
                            id: "sort",
                            label: "Order",
                            options: sorts(),
                            value: AttrValue::from(filters.sort.clone()),
                            onchange: set(|f| &mut f.sort),
                            classes: "govuk-!-width-full",
                            error: errors.field("sort"),
                        })) }
                        <div class="govuk-button-group">
                            <button type="submit" class="govuk-button" data-module="govuk-button">
                                { "Apply filters" }
                            </button>
                            <RouteLink to={props.route.clone()}>{ "Clear filters" }</RouteLink>
                        </div>
                    </form>
                </div>
                <div class="govuk-grid-column-two-thirds">
                    <h2 class="govuk-heading-m">{ props.heading.clone() }</h2>
                    {
                        match &*results {
                            None => html! { <p class="govuk-body">{ "Loading ideas…" }</p> },
                            Some(Err(_)) if !errors.is_empty() => html! {
                                <p class="govuk-body">{ "Change the filters and try again." }</p>
                            },
                            Some(Err(error)) => load_failure(error),
                            Some(Ok(page)) => results_list(page, &query, props.status.is_none(), &props.route, go),
                        }
                    }
                </div>
            </div>
        </>
    }
}

fn results_list(
    page: &Page<Idea>,
    query: &IdeaQuery,
    show_status: bool,
    route: &Route,
    go: impl Fn(IdeaQuery) + 'static,
) -> Html {
    if page.items.is_empty() {
        return html! { <p class="govuk-body">{ "No ideas match these filters." }</p> };
    }
    let next = page.next_cursor.as_ref().map(|cursor| IdeaQuery {
        cursor: Some(cursor.clone()),
        ..query.clone()
    });
    html! {
        <>
            <ul class="govuk-list app-results">
                { for page.items.iter().map(|idea| html! {
                    <IdeaSummary key={idea.id.clone()} idea={idea.clone()} {show_status} />
                }) }
            </ul>
            if let Some(next) = next {
                { next_page(&yew::props!(NextPageProps {
                    href: format!("{}?{}", route.to_path(), query_string(&next)),
                    onclick: Callback::from(move |()| go(next.clone())),
                })) }
            }
        </>
    }
}
