//! The re-use catalogue: delivered services others can adopt.

use cc2i_shared::reuse::CatalogueEntry;
use cc2i_shared::Page;
use gloo_net::http::Method;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::components::catalogue_entry::CatalogueCard;
use crate::components::pagination::{next_page, NextPageProps};
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::use_session;
use crate::title::use_title;

async fn load(cursor: Option<String>) -> Result<Page<CatalogueEntry>, ClientError> {
    let query = match cursor {
        Some(c) => format!("?limit=10&cursor={}", segment(&c)),
        None => "?limit=10".to_owned(),
    };
    request(Method::GET, &format!("/catalogue{query}"), NO_BODY).await
}

/// Delivered ideas with their terms, funders, adopters and the fee to adopt.
#[function_component]
pub fn Catalogue() -> Html {
    use_title("Re-use catalogue", false);
    let session = use_session();
    let cursor = use_state(|| None::<String>);
    let loaded = use_loaded((*cursor).clone(), load);
    let page = match loaded_or_page(&loaded, "Re-use catalogue", "Loading the catalogue…") {
        Ok(page) => page,
        Err(page) => return page,
    };
    let next = page.next_cursor.clone().map(|c| {
        let href = format!("/catalogue?cursor={}", segment(&c));
        let onclick = {
            let cursor = cursor.clone();
            Callback::from(move |()| cursor.set(Some(c.clone())))
        };
        next_page(&yew::props!(NextPageProps {
            href: href,
            onclick: onclick,
        }))
    });
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{ "Re-use catalogue" }</h1>
                <p class="govuk-body">
                    { "Services co-funded through CC2i and delivered. Any verified organisation can adopt one: the fee is the build cost shared by everyone who then has it, and part of it goes back to the organisations that funded it." }
                </p>
                if page.items.is_empty() {
                    <p class="govuk-body">{ "Nothing has been delivered yet." }</p>
                }
                { for page.items.iter().map(|entry| html! {
                    <CatalogueCard key={entry.idea_id.clone()} entry={entry.clone()} can_adopt={session.signed_in()} />
                }) }
                { next }
            </div>
        </div>
    }
}
