//! What re-use tells people, written in the same transaction as the change.

use super::repo::AdoptionRow;
use crate::db::AnyConnection;
use crate::delivery::funders::Funder;
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::notifications::repo::{members, notify, notify_many, Message};
use cc2i_shared::money::format_pence;

/// The page where an organisation sees what it funded and approves adoptions.
pub fn funded_link(org_id: &str) -> String {
    format!("/organisations/{org_id}/funded")
}

/// An adoption needs a second person: tell the other owners and admins.
pub fn awaiting_approval(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    row: &AdoptionRow,
    fee_pence: i64,
) -> Result<(), ApiError> {
    let to = members(conn, &row.organisation_id, true, Some(&row.created_by))?;
    notify(
        conn,
        &to,
        &Message {
            kind: "adoption_awaits_approval",
            title: format!("Adopting “{}” awaits your approval", idea.title),
            body: format!(
                "A colleague asked to adopt it for a fee of {}. Public money needs a second person's approval.",
                format_pence(fee_pence)
            ),
            link: funded_link(&row.organisation_id),
        },
    )
}

/// An adoption was approved: tell each funder its dividend, the proposer its share, and
/// the requester (when someone else approved it).
pub fn approved(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    row: &AdoptionRow,
    funders: &[Funder],
    rebates: &[i64],
    fee_pence: i64,
    approver: &str,
) -> Result<(), ApiError> {
    let mut groups: Vec<(Vec<String>, Message)> = Vec::new();
    for (f, amount) in funders.iter().zip(rebates) {
        groups.push((
            members(conn, &f.organisation_id, false, None)?,
            Message {
                kind: "reuse_dividend",
                title: format!("“{}” was adopted: you received {}", idea.title, format_pence(*amount)),
                body: format!(
                    "Another organisation adopted what you funded for {}. Your re-use dividend is {}.",
                    format_pence(fee_pence),
                    format_pence(*amount)
                ),
                link: funded_link(&f.organisation_id),
            },
        ));
    }
    groups.push((
        members(conn, &idea.organisation_id, false, None)?,
        Message {
            kind: "idea_adopted",
            title: format!("“{}” was adopted", idea.title),
            body: format!(
                "A new organisation adopted it for {}.",
                format_pence(fee_pence)
            ),
            link: format!("/catalogue#{}", idea.id),
        },
    ));
    if row.created_by != approver {
        groups.push((
            vec![row.created_by.clone()],
            Message {
                kind: "adoption_approved",
                title: format!("Your adoption of “{}” was approved", idea.title),
                body: format!("The fee is {}.", format_pence(fee_pence)),
                link: funded_link(&row.organisation_id),
            },
        ));
    }
    let batches: Vec<(&[String], &Message)> =
        groups.iter().map(|(to, m)| (to.as_slice(), m)).collect();
    notify_many(conn, &batches)
}

/// Tell the requester their adoption was rejected.
pub fn rejected(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    row: &AdoptionRow,
    reason: &str,
) -> Result<(), ApiError> {
    notify(
        conn,
        std::slice::from_ref(&row.created_by),
        &Message {
            kind: "adoption_rejected",
            title: format!("Your adoption of “{}” was rejected", idea.title),
            body: format!("Reason given: {reason}"),
            link: funded_link(&row.organisation_id),
        },
    )
}
