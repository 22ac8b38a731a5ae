//! The table of an organisation's members.

use cc2i_shared::Member;
use yew::prelude::*;

use crate::dates::long_date;

/// Props for [`members_table`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct MembersTableProps {
    /// The members.
    pub members: Vec<Member>,
    /// Whether to offer a remove button on each row.
    pub can_manage: bool,
    /// Called with the user id of the member to remove.
    pub onremove: Callback<String>,
}

/// Name, email, role and joining date of each member.
pub fn members_table(props: &MembersTableProps) -> Html {
    let row = |member: &Member| {
        let onclick = {
            let user_id = member.user_id.clone();
            props.onremove.reform(move |_: MouseEvent| user_id.clone())
        };
        html! {
            <tr class="govuk-table__row">
                <td class="govuk-table__cell">{ &member.display_name }</td>
                <td class="govuk-table__cell app-table__cell--break">{ &member.email }</td>
                <td class="govuk-table__cell">{ member.role.label() }</td>
                <td class="govuk-table__cell">{ long_date(&member.joined_at) }</td>
                if props.can_manage {
                    <td class="govuk-table__cell">
                        <button
                            type="button"
                            class="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                            data-module="govuk-button"

                            {onclick}
                        >
                            { "Remove" }
                            <span class="govuk-visually-hidden">{ format!(" {}", member.display_name) }</span>
                        </button>
                    </td>
                }
            </tr>
        }
    };
    html! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">{ "Members" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Name" }</th>
                    <th scope="col" class="govuk-table__header">{ "Email address" }</th>
                    <th scope="col" class="govuk-table__header">{ "Role" }</th>
                    <th scope="col" class="govuk-table__header">{ "Joined" }</th>
                    if props.can_manage {
                        <th scope="col" class="govuk-table__header">
                            <span class="govuk-visually-hidden">{ "Action" }</span>
                        </th>
                    }
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for props.members.iter().map(row) }
            </tbody>
        </table>
    }
}
