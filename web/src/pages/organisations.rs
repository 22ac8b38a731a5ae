//! Browsing organisations: a GET filter form and a cursor-paged list of results.

use crate::router::*;
use cc2i_shared::{Organisation, OrganisationQuery, Page};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::components::organisation_filters::{
    organisation_filter_fields, query_string, OrganisationFilters, FILTER_SPEC,
};
use crate::components::pagination::{next_page, NextPageProps};
use crate::components::route_link::RouteLink;
use crate::components::tag::verification_tag;
use crate::form_errors::FormErrors;
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

/// The filters on the left, matching organisations on the right, "Next page" under them.
#[function_component]
pub fn Organisations() -> Html {
    let location = use_location();
    let navigator = use_navigator();
    let session = use_session();
    let query = location
        .and_then(|l| l.query::<OrganisationQuery>().ok())
        .unwrap_or_default();
    let filters = use_state(|| OrganisationFilters::from_query(&query));
    let results = use_state(|| None::<Result<Page<Organisation>, ClientError>>);
    let errors = match &*results {
        Some(Err(error @ ClientError::Problem(problem))) if problem.status == 422 => {
            FormErrors::from_error(error, &FILTER_SPEC)
        }
        _ => FormErrors::default(),
    };
    use_title("Organisations", !errors.is_empty());

    use_effect_with(query.clone(), {
        let (filters, results, session) = (filters.clone(), results.clone(), session.clone());
        move |query| {
            filters.set(OrganisationFilters::from_query(query));
            results.set(None);
            let path = format!("/organisations?{}", query_string(query));
            spawn_local(async move {
                let page = request::<Page<Organisation>>(Method::GET, &path, NO_BODY).await;
                if let Err(error) = &page {
                    end_if_signed_out(&session, error);
                }
                results.set(Some(page));
            });
        }
    });

    let go = {
        let navigator = navigator.clone();
        move |query: OrganisationQuery| {
            if let Some(navigator) = &navigator {
                // A query that cannot be encoded stays on the current page.
                let _stayed = navigator.push_with_query(&Route::Organisations, &query);
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
    let onchange = {
        let filters = filters.clone();
        Callback::from(move |next: OrganisationFilters| filters.set(next))
    };

    html! {
        <>
            <ErrorSummary errors={errors.clone()} />
            <h1 class="govuk-heading-l">{ "Organisations" }</h1>
            if session.signed_in() {
                <RouteLink
                    to={Route::NewOrganisation}
                    classes="govuk-button govuk-button--secondary"
                    button=true
                >
                    { "Register an organisation" }
                </RouteLink>
            }
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-third">
                    <form method="get" action="/organisations" novalidate=true class="app-filter" {onsubmit}>
                        <h2 class="govuk-heading-m">{ "Filter" }</h2>
                        { organisation_filter_fields(&filters, &onchange, &errors, true) }
                        <div class="govuk-button-group">
                            <button type="submit" class="govuk-button" data-module="govuk-button">
                                { "Apply filters" }
                            </button>
                            <RouteLink to={Route::Organisations}>{ "Clear filters" }</RouteLink>
                        </div>
                    </form>
                </div>
                <div class="govuk-grid-column-two-thirds">
                    <h2 class="govuk-heading-m">{ "Results" }</h2>
                    {
                        match &*results {
                            None => html! { <p class="govuk-body">{ "Loading organisations…" }</p> },
                            Some(Err(_)) if !errors.is_empty() => html! {
                                <p class="govuk-body">{ "Change the filters and try again." }</p>
                            },
                            Some(Err(error)) => load_failure(error),
                            Some(Ok(page)) => results_list(page, &query, go),
                        }
                    }
                </div>
            </div>
        </>
    }
}

fn results_list(
    page: &Page<Organisation>,
    query: &OrganisationQuery,
    go: impl Fn(OrganisationQuery) + 'static,
) -> Html {
    if page.items.is_empty() {
        return html! {
            <p class="govuk-body">{ "No organisations match these filters." }</p>
        };
    }
    let item = |org: &Organisation| {
        html! {
            <li class="app-results__item">
                <h3 class="govuk-heading-s govuk-!-margin-bottom-1">
                    <RouteLink to={Route::Organisation { id: org.id.clone() }}>{ &org.name }</RouteLink>
                </h3>
                <p class="govuk-body-s govuk-!-margin-bottom-2">
                    { format!("{} in {} · {}", org.kind.label(), org.region.label(), org.identifier) }
                </p>
                { verification_tag(org.verified) }
            </li>
        }
    };
    let next = page.next_cursor.as_ref().map(|cursor| OrganisationQuery {
        cursor: Some(cursor.clone()),
        ..query.clone()
    });
    html! {
        <>
            <ul class="govuk-list app-results">
                { for page.items.iter().map(item) }
            </ul>
            if let Some(next) = next {
                { next_page(&yew::props!(NextPageProps {
                    href: format!("/organisations?{}", query_string(&next)),
                    onclick: Callback::from(move |()| go(next.clone())),
                })) }
            }
        </>
    }
}
