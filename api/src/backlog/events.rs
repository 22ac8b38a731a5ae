//! Who is told about backlog changes, in the same transaction as the change.

use super::repo::voter_organisations;
use super::rows::RequirementRow;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::notifications::repo::{members, notify, Message};
use cc2i_shared::backlog::RequirementStatus;

/// Where the backlog is in the app.
pub fn link(idea_id: &str) -> String {
    format!("/ideas/{idea_id}/backlog")
}

/// Tells the proposing organisation's owners and admins (less the author) about a new
/// requirement.
pub fn added(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    row: &RequirementRow,
    organisation_name: &str,
    actor: &str,
) -> Result<(), ApiError> {
    let users = members(conn, &idea.organisation_id, true, Some(actor))?;
    notify(
        conn,
        &users,
        &Message {
            kind: "requirement_added",
            title: format!("New requirement for {}", idea.title),
            body: format!(
                "{organisation_name} added \u{201c}{}\u{201d} to the backlog. Set its status when you have considered it.",
                row.title
            ),
            link: link(&idea.id),
        },
    )
}

/// Tells the requirement's author and every member of the organisations that voted for it
/// (less whoever made the change) its new status.
pub fn status_changed(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    row: &RequirementRow,
    status: RequirementStatus,
    note: Option<&str>,
    actor: &str,
) -> Result<(), ApiError> {
    let mut users = vec![row.created_by.clone()];
    for org in voter_organisations(conn, &row.id)? {
        users.extend(members(conn, &org, false, None)?);
    }
    users.sort();
    users.dedup();
    users.retain(|u| u != actor);
    let note = note
        .map(|n| format!(" Note: {}", n.trim()))
        .unwrap_or_default();
    notify(
        conn,
        &users,
        &Message {
            kind: "requirement_status_changed",
            title: format!(
                "Requirement {}: {}",
                status.label().to_lowercase(),
                row.title
            ),
            body: format!(
                "The proposer of {} set \u{201c}{}\u{201d} to {}.{note}",
                idea.title,
                row.title,
                status.label().to_lowercase()
            ),
            link: link(&idea.id),
        },
    )
}
