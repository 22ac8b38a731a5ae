//! The financial case: the cost breakdown and how it is paid for.

use cc2i_shared::business_case::FinancialCase;
use yew::prelude::*;

use super::cost_table::cost_table;
use super::{row, text};
use crate::components::summary_list::summary_list;

/// The cost tables, then funding sources and affordability.
pub fn financial_view(case: &FinancialCase) -> Html {
    let rows = vec![
        row("Funding sources", text(&case.funding_sources)),
        row("Affordability", text(&case.affordability)),
    ];
    html! {
        <>
            { cost_table(&case.cost_lines) }
            { summary_list(&rows) }
        </>
    }
}
