//! An idea's funding history: its ledger entries in plain words.

use std::collections::HashMap;

use cc2i_shared::idea::Idea;
use cc2i_shared::money::format_bp;
use cc2i_shared::pledge::{LedgerEntry, PublicPledge};
use cc2i_shared::Page;
use gloo_net::http::Method;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::route_link::RouteLink;
use crate::components::scroll_region::scroll_region;
use crate::dates::long_date;
use crate::loading::{loaded_or_page, use_loaded};
use crate::title::use_title;

#[derive(Clone, PartialEq)]
struct Loaded {
    idea: Idea,
    entries: Vec<LedgerEntry>,
    names: HashMap<String, String>,
}

async fn load(id: &str) -> Result<Loaded, ClientError> {
    let path = format!("/ideas/{}", segment(id));
    let idea = request::<Idea>(Method::GET, &path, NO_BODY).await?;
    let pledges: Vec<PublicPledge> =
        request(Method::GET, &format!("{path}/pledges"), NO_BODY).await?;
    let mut entries = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(cursor) => format!("?limit=100&cursor={}", segment(cursor)),
            None => "?limit=100".to_owned(),
        };
        let page: Page<LedgerEntry> =
            request(Method::GET, &format!("{path}/ledger{query}"), NO_BODY).await?;
        entries.extend(page.items);
        match page.next_cursor {
            Some(next) if entries.len() < 1000 => cursor = Some(next),
            _ => break,
        }
    }
    let names = pledges
        .into_iter()
        .map(|p| (p.organisation_id, p.organisation_name))
        .collect();
    Ok(Loaded {
        idea,
        entries,
        names,
    })
}

/// What a ledger entry's kind means, in words.
fn what_happened(entry: &LedgerEntry) -> String {
    let bp = |key: &str| entry.data.get(key).and_then(|v| v.as_i64()).map(format_bp);
    match entry.kind.as_str() {
        "pledge_created" => "Pledged".to_owned(),
        "pledge_approved" => "Pledge approved".to_owned(),
        "pledge_rejected" => "Pledge rejected".to_owned(),
        "pledge_changed" => match (bp("from_bp"), bp("to_bp")) {
            (Some(from), Some(to)) => format!("Share changed from {from} to {to}"),
            _ => "Share changed".to_owned(),
        },
        "pledge_change_requested" => "Asked to increase the share".to_owned(),
        "pledge_change_rejected" => "Share increase rejected".to_owned(),
        "pledge_withdrawn" => "Pledge withdrawn".to_owned(),
        "pledge_needs_reconsent" => "Terms changed: pledge paused until re-consent".to_owned(),
        "pledge_reconsented" => "Accepted the new terms".to_owned(),
        "pledge_condition_met" => "Pledge condition met".to_owned(),
        "pledge_condition_unmet" => "Pledge condition no longer met".to_owned(),
        "pledge_committed" => match bp("final_share_bp") {
            Some(share) => format!("Committed at a final share of {share}"),
            None => "Committed".to_owned(),
        },
        "pledge_released" => "Pledge released: nothing is due".to_owned(),
        "pledge_lapsed" => "Pledge lapsed".to_owned(),
        "idea_closed" => "Campaign closed".to_owned(),
        "idea_funded" => "Idea funded".to_owned(),
        "idea_not_funded" => "Idea not funded".to_owned(),
        "idea_withdrawn" => "Idea withdrawn".to_owned(),
        other => other.replace('_', " "),
    }
}

/// The change to the counting total, signed: "+60%", "−10%", or "No change".
fn change(bp_delta: i64) -> String {
    match bp_delta {
        0 => "No change".to_owned(),
        d if d > 0 => format!("+{}", format_bp(d)),
        d => format!("−{}", format_bp(-d)),
    }
}

/// Props for [`FundingHistory`].
#[derive(Properties, PartialEq)]
pub struct FundingHistoryProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// A table of the idea's ledger, oldest first.
#[function_component]
pub fn FundingHistory(props: &FundingHistoryProps) -> Html {
    let loaded = use_loaded(
        props.id.clone(),
        |id: String| async move { load(&id).await },
    );
    let title = match &*loaded {
        Some(Ok(l)) => format!("Funding history: {}", l.idea.title),
        _ => "Funding history".to_owned(),
    };
    use_title(&title, false);
    let l = match loaded_or_page(&loaded, "Funding history", "Loading the funding history…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let who = |entry: &LedgerEntry| match &entry.organisation_id {
        Some(id) => l
            .names
            .get(id)
            .cloned()
            .unwrap_or_else(|| "An organisation".to_owned()),
        None => "—".to_owned(),
    };
    let table = html! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">{ "Everything that changed the pledges, oldest first" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Date" }</th>
                    <th scope="col" class="govuk-table__header">{ "Organisation" }</th>
                    <th scope="col" class="govuk-table__header">{ "What happened" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Change to the total" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for l.entries.iter().map(|entry| html! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{ long_date(&entry.at) }</td>
                        <td class="govuk-table__cell">{ who(entry) }</td>
                        <td class="govuk-table__cell">{ what_happened(entry) }</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ change(entry.bp_delta) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    };
    html! {
        <>
            <span class="govuk-caption-l">{ &l.idea.title }</span>
            <h1 class="govuk-heading-l">{ "Funding history" }</h1>
            <p class="govuk-body">
                <RouteLink to={Route::Idea { id: l.idea.id.clone() }}>{ "Back to the idea" }</RouteLink>
            </p>
            if l.entries.is_empty() {
                <p class="govuk-body">{ "Nothing has happened yet." }</p>
            } else {
                { scroll_region("Funding history", table) }
            }
        </>
    }
}
