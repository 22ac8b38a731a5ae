//! The cost breakdown: every cost line with capital and revenue columns and their totals, then
//! the totals by financial year.

use std::collections::BTreeMap;

use crate::components::scroll_region::scroll_region;
use cc2i_shared::business_case::{CostCategory, CostLine};
use cc2i_shared::money::format_pence;
use yew::prelude::*;

/// A UK financial year from its first calendar year: 2027 is "2027/28".
pub fn financial_year(year: i32) -> String {
    format!("{year}/{:02}", (year + 1).rem_euclid(100))
}

/// Capital and revenue totals.
#[derive(Clone, Copy, Default)]
struct Split {
    capital: i64,
    revenue: i64,
}

impl Split {
    fn add(&mut self, line: &CostLine) {
        match line.category {
            CostCategory::Capital => self.capital += line.amount_pence,
            CostCategory::Revenue => self.revenue += line.amount_pence,
        }
    }
    fn total(self) -> i64 {
        self.capital + self.revenue
    }
}

fn money(pence: i64) -> Html {
    html! { <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(pence) }</td> }
}

fn amount_in(line: &CostLine, category: CostCategory) -> Html {
    if line.category == category {
        money(line.amount_pence)
    } else {
        html! { <td class="govuk-table__cell govuk-table__cell--numeric"></td> }
    }
}

/// Two tables: the cost lines with totals by category and overall, and the totals by year.
pub fn cost_table(lines: &[CostLine]) -> Html {
    let mut all = Split::default();
    let mut by_year: BTreeMap<i32, Split> = BTreeMap::new();
    for line in lines {
        all.add(line);
        by_year.entry(line.year).or_default().add(line);
    }
    let line = |line: &CostLine| {
        html! {
            <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header app-table__header--plain">{ &line.description }</th>
                <td class="govuk-table__cell">{ financial_year(line.year) }</td>
                { amount_in(line, CostCategory::Capital) }
                { amount_in(line, CostCategory::Revenue) }
            </tr>
        }
    };
    let year = |(year, split): (&i32, &Split)| {
        html! {
            <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header app-table__header--plain">{ financial_year(*year) }</th>
                { money(split.capital) }
                { money(split.revenue) }
                { money(split.total()) }
            </tr>
        }
    };
    html! {
        <>
            { scroll_region("Cost breakdown", html! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">{ "Cost breakdown" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "Cost" }</th>
                            <th scope="col" class="govuk-table__header">{ "Financial year" }</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Capital" }</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Revenue" }</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for lines.iter().map(line) }
                        <tr class="govuk-table__row app-table__row--total">
                            <th scope="row" class="govuk-table__header" colspan="2">{ "Total by category" }</th>
                            { money(all.capital) }
                            { money(all.revenue) }
                        </tr>
                        <tr class="govuk-table__row app-table__row--total">
                            <th scope="row" class="govuk-table__header" colspan="3">{ "Total cost" }</th>
                            <td class="govuk-table__cell govuk-table__cell--numeric" id="total-cost">
                                { format_pence(all.total()) }
                            </td>
                        </tr>
                    </tbody>
                </table>
            }) }
            { scroll_region("Costs by financial year", html! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">{ "Costs by financial year" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "Financial year" }</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Capital" }</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Revenue" }</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Total" }</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for by_year.iter().map(year) }
                        <tr class="govuk-table__row app-table__row--total">
                            <th scope="row" class="govuk-table__header">{ "All years" }</th>
                            { money(all.capital) }
                            { money(all.revenue) }
                            { money(all.total()) }
                        </tr>
                    </tbody>
                </table>
            }) }
        </>
    }
}
