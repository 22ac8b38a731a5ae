//! One delivered service in the re-use catalogue: what was built, its terms, who funded it
//! (with the dividend each has received), who adopted it and what the next adopter pays.

use cc2i_shared::money::{format_bp, format_pence};
use cc2i_shared::reuse::CatalogueEntry;
use yew::prelude::*;

use super::route_link::RouteLink;
use super::scroll_region::scroll_region;
use super::summary_list::summary_list;
use crate::app::Route;
use crate::dates::long_date;

/// Props for [`CatalogueCard`].
#[derive(Properties, PartialEq)]
pub struct CatalogueCardProps {
    /// The entry.
    pub entry: CatalogueEntry,
    /// Whether to offer "Adopt this service".
    pub can_adopt: bool,
}

/// A summary card with the entry's details, its funders and adopters.
#[function_component]
pub fn CatalogueCard(props: &CatalogueCardProps) -> Html {
    let e = &props.entry;
    let sla = match &e.sla {
        Some(sla) => format!(
            "{} availability; support {}; P1 response within {} minutes",
            format_bp(i64::from(sla.availability_bp)),
            sla.support_hours,
            sla.response_minutes.p1
        ),
        None => "Not given".to_owned(),
    };
    let licence = if e.licence.is_empty() {
        "Not given".to_owned()
    } else {
        e.licence.clone()
    };
    let rows: Vec<(AttrValue, Html)> = vec![
        ("Built by".into(), html! { &e.organisation.name }),
        ("Delivered".into(), html! { long_date(&e.delivered_at) }),
        ("Licence".into(), html! { licence }),
        ("Service level".into(), html! { sla }),
        (
            "Build cost".into(),
            html! { format_pence(e.build_cost_pence) },
        ),
        (
            "Fee to adopt now".into(),
            html! { format!("{} ({} of it goes back to the original funders)", format_pence(e.next_fee_pence), format_bp(i64::from(e.rebate_bp))) },
        ),
    ];
    let heading = format!("catalogue-{}", e.idea_id);
    let funders = html! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">{ "Original funders and their re-use dividend so far" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Funder" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Share" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Committed" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Dividend received" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for e.funders.iter().map(|f| html! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{ &f.organisation_name }</th>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ format_bp(f.final_share_bp) }</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(f.committed_pence) }</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(f.dividend_pence) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    };
    html! {
        <section class="govuk-summary-card" id={e.idea_id.clone()} aria-labelledby={heading.clone()}>
            <div class="govuk-summary-card__title-wrapper">
                <h2 class="govuk-summary-card__title" id={heading}>{ &e.title }</h2>
            </div>
            <div class="govuk-summary-card__content">
                <p class="govuk-body">{ &e.summary }</p>
                { summary_list(&rows) }
                { scroll_region(&format!("Funders of {}", e.title), funders) }
                if e.adopters.is_empty() {
                    <p class="govuk-body">{ "No organisation has adopted it yet." }</p>
                } else {
                    <h3 class="govuk-heading-s">{ "Adopted by" }</h3>
                    <ul class="govuk-list govuk-list--bullet">
                        { for e.adopters.iter().map(|a| html! {
                            <li>{ format!("{}, {} on {}", a.organisation_name, format_pence(a.fee_pence), long_date(&a.adopted_at)) }</li>
                        }) }
                    </ul>
                }
                <p class="govuk-body">
                    <RouteLink to={Route::Idea { id: e.idea_id.clone() }}>{ format!("About {}", e.title) }</RouteLink>
                </p>
                if props.can_adopt {
                    <RouteLink to={Route::Adopt { id: e.idea_id.clone() }} classes={classes!("govuk-button")} button=true>
                        { "Adopt this service" }<span class="govuk-visually-hidden">{ format!(": {}", e.title) }</span>
                    </RouteLink>
                }
            </div>
        </section>
    }
}
