//! The commercial case: how it is bought and who owns what.

use cc2i_shared::business_case::CommercialCase;
use yew::prelude::*;

use super::{row, text};
use crate::components::summary_list::summary_list;
use crate::vocabulary::{label_of, DATA_PROTECTION_ROLES};

/// Procurement route, contract length, licence, IP and data protection role.
pub fn commercial_view(case: &CommercialCase) -> Html {
    let months = match case.contract_length_months {
        1 => "1 month".to_owned(),
        n => format!("{n} months"),
    };
    let rows = vec![
        row("Procurement route", html! { &case.procurement_route }),
        row("Contract length", html! { months }),
        row("Licence of what is built", html! { &case.licence }),
        row("Intellectual property", text(&case.ip_ownership)),
        row(
            "Supplier’s data protection role",
            html! { label_of(&DATA_PROTECTION_ROLES, &case.data_protection_role) },
        ),
    ];
    summary_list(&rows)
}
