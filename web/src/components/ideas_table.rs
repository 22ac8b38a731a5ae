//! A table of ideas with their status, cost and closing date, such as an organisation's ideas
//! or the review queue.

use cc2i_shared::idea::Idea;
use cc2i_shared::money::format_pence;
use yew::prelude::*;

use super::route_link::RouteLink;
use super::scroll_region::scroll_region;
use super::tag::idea_status_tag;
use crate::app::Route;
use crate::dates::long_date;

/// Props for [`ideas_table`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct IdeasTableProps {
    /// The ideas.
    pub ideas: Vec<Idea>,
    /// The table's caption, read out first.
    pub caption: AttrValue,
    /// Show the proposing organisation (not needed on its own page).
    #[prop_or_default]
    pub show_proposer: bool,
}

/// Title (linked), proposer, status, target cost and closing date.
pub fn ideas_table(props: &IdeasTableProps) -> Html {
    let row = |idea: &Idea| {
        html! {
            <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                    <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ &idea.title }</RouteLink>
                </td>
                if props.show_proposer {
                    <td class="govuk-table__cell">{ &idea.organisation.name }</td>
                }
                <td class="govuk-table__cell">{ idea_status_tag(idea.status) }</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(idea.target_cost_pence) }</td>
                <td class="govuk-table__cell">{ long_date(&idea.deadline) }</td>
            </tr>
        }
    };
    scroll_region(
        &props.caption,
        html! {
            <table class="govuk-table">
                <caption class="govuk-table__caption govuk-visually-hidden">{ props.caption.clone() }</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">{ "Idea" }</th>
                        if props.show_proposer {
                            <th scope="col" class="govuk-table__header">{ "Proposed by" }</th>
                        }
                        <th scope="col" class="govuk-table__header">{ "Status" }</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Target cost" }</th>
                        <th scope="col" class="govuk-table__header">{ "Closes" }</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    { for props.ideas.iter().map(row) }
                </tbody>
            </table>
        },
    )
}
