//! "Recommended for your organisation": open ideas that fit one of the viewer's organisations,
//! best first, each with how well it fits and why.

use cc2i_shared::radar::Recommendation;
use cc2i_shared::{Membership, Page};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::load_failure::load_failure;
use super::match_reasons::match_reasons;
use super::route_link::RouteLink;
use super::select::{select, SelectProps};
use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::session::{end_if_signed_out, use_session};

/// How many recommendations each "Show more" adds.
const PAGE_SIZE: u32 = 5;

/// The recommendations loaded so far for one organisation.
#[derive(Clone, PartialEq, Default)]
struct Shown {
    items: Vec<Recommendation>,
    next_cursor: Option<String>,
}

/// Props for [`RecommendedIdeas`].
#[derive(Properties, PartialEq)]
pub struct RecommendedIdeasProps {
    /// The viewer's organisations; a choice is offered when there are several.
    pub memberships: Vec<Membership>,
}

/// A section with its own heading: the list, an empty state, or why there is none.
#[function_component]
pub fn RecommendedIdeas(props: &RecommendedIdeasProps) -> Html {
    let session = use_session();
    let first = props
        .memberships
        .first()
        .map(|m| m.organisation_id.clone())
        .unwrap_or_default();
    // `chosen` drives the list; `picked` is the select's value until "Show" is pressed.
    let chosen = use_state(|| first.clone());
    let picked = use_state(|| first);
    let shown = use_state(|| None::<Result<Shown, ClientError>>);
    let more = use_state(|| None::<String>);

    // A new organisation starts a new list; `more` asks for the page after `cursor`.
    use_effect_with(((*chosen).clone(), (*more).clone()), {
        let (shown, session) = (shown.clone(), session.clone());
        move |(org, cursor): &(String, Option<String>)| {
            if org.is_empty() {
                return;
            }
            let mut path = format!(
                "/organisations/{}/recommendations?limit={PAGE_SIZE}",
                segment(org)
            );
            if let Some(cursor) = cursor {
                path.push_str(&format!("&cursor={}", segment(cursor)));
            } else {
                shown.set(None);
            }
            let before = match (&*shown, cursor) {
                (Some(Ok(before)), Some(_)) => before.items.clone(),
                _ => Vec::new(),
            };
            spawn_local(async move {
                let page = request::<Page<Recommendation>>(Method::GET, &path, NO_BODY).await;
                if let Err(error) = &page {
                    end_if_signed_out(&session, error);
                }
                shown.set(Some(page.map(|page| Shown {
                    items: before.into_iter().chain(page.items).collect(),
                    next_cursor: page.next_cursor,
                })));
            });
        }
    });

    let heading = html! {
        <h2 class="govuk-heading-l" id="recommended">{ "Recommended for your organisation" }</h2>
    };
    let Some(membership) = props
        .memberships
        .iter()
        .find(|m| m.organisation_id == *chosen)
    else {
        return html! {
            <section class="app-recommended" aria-labelledby="recommended">
                { heading }
                <p class="govuk-body">
                    { "You are not a member of an organisation yet, so there is nothing to recommend. \
                       Ask a colleague to add you to your organisation, or " }
                    <RouteLink to={Route::NewOrganisation}>{ "register your organisation" }</RouteLink>
                    { "." }
                </p>
            </section>
        };
    };

    let chooser = (props.memberships.len() > 1).then(|| {
        let onsubmit = {
            let (chosen, picked, more) = (chosen.clone(), picked.clone(), more.clone());
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                more.set(None);
                chosen.set((*picked).clone());
            })
        };
        let onchange = {
            let picked = picked.clone();
            Callback::from(move |id: String| picked.set(id))
        };
        let options = props
            .memberships
            .iter()
            .map(|m| {
                (
                    AttrValue::from(m.organisation_id.clone()),
                    AttrValue::from(m.organisation_name.clone()),
                )
            })
            .collect::<Vec<_>>();
        html! {
            <form class="app-inline-form" novalidate=true {onsubmit}>
                { select(&yew::props!(SelectProps {
                    id: "recommended_for",
                    label: "Show recommendations for",
                    options: options,
                    value: AttrValue::from((*picked).clone()),
                    onchange: onchange,
                })) }
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                    { "Show" }
                </button>
            </form>
        }
    });

    let name = &membership.organisation_name;
    let body = match &*shown {
        _ if !membership.organisation_verified => html! {
            <p class="govuk-body">
                { format!("CC2i staff have not verified {name} yet. Recommendations start once they have.") }
            </p>
        },
        None => html! { <p class="govuk-body">{ "Loading recommendations…" }</p> },
        Some(Err(error)) => load_failure(error),
        Some(Ok(list)) if list.items.is_empty() => html! {
            <p class="govuk-body">
                { format!("No open idea fits {name} yet. CC2i will tell you when one is published.") }
            </p>
        },
        Some(Ok(list)) => {
            let onmore = {
                let (more, next) = (more.clone(), list.next_cursor.clone());
                Callback::from(move |_: MouseEvent| more.set(next.clone()))
            };
            html! {
                <>
                    <p class="govuk-body">
                        { format!("Open ideas that fit {name}, best first, and why.") }
                    </p>
                    <ul class="govuk-list app-results">
                        { for list.items.iter().map(recommendation) }
                    </ul>
                    if list.next_cursor.is_some() {
                        <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onclick={onmore}>
                            { "Show more recommendations" }
                        </button>
                    }
                </>
            }
        }
    };
    html! {
        <section class="app-recommended" aria-labelledby="recommended">
            { heading }
            { for chooser }
            { body }
        </section>
    }
}

/// One recommended idea: its title (linked), its proposer, the strength and the reasons.
fn recommendation(r: &Recommendation) -> Html {
    let org = &r.idea.organisation;
    html! {
        <li class="app-results__item" key={r.idea.id.clone()}>
            <h3 class="govuk-heading-m govuk-!-margin-bottom-1">
                <RouteLink to={Route::Idea { id: r.idea.id.clone() }}>{ &r.idea.title }</RouteLink>
            </h3>
            <p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-2">
                { format!("Proposed by {} ({}, {})", org.name, org.kind.label(), org.region.label()) }
            </p>
            { match_reasons(i64::from(r.score), &r.reasons) }
        </li>
    }
}
