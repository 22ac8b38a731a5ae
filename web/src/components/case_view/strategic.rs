//! The strategic case: why change is needed.

use cc2i_shared::business_case::{Stage, StrategicCase};
use yew::prelude::*;

use super::{bullets, row, text};
use crate::components::summary_list::summary_list;

/// Stage, case for change, objectives, scope and dependencies.
pub fn strategic_view(stage: Stage, case: &StrategicCase) -> Html {
    let rows = vec![
        row("Stage", html! { stage.label() }),
        row("Case for change", text(&case.case_for_change)),
        row("Spending objectives", bullets(&case.spending_objectives)),
        row("Scope", text(&case.scope)),
        row("Dependencies", bullets(&case.dependencies)),
    ];
    summary_list(&rows)
}
