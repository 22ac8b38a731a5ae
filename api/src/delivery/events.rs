//! What delivery tells people, written in the same transaction as the change.

use super::funders::Funder;
use super::repo::MilestoneRow;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::notifications::repo::{members, notify, Message};
use cc2i_shared::money::format_pence;

fn link(idea: &IdeaRow) -> String {
    format!("/ideas/{}/delivery", idea.id)
}

/// Everyone in the funding organisations.
fn funders_people(conn: &mut AnyConnection, funders: &[Funder]) -> Result<Vec<String>, ApiError> {
    let mut to = Vec::new();
    for f in funders {
        to.extend(members(conn, &f.organisation_id, false, None)?);
    }
    to.sort();
    to.dedup();
    Ok(to)
}

/// Delivery started: tell the funders.
pub fn started(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    funders: &[Funder],
) -> Result<(), ApiError> {
    let to = funders_people(conn, funders)?;
    notify(
        conn,
        &to,
        &Message {
            kind: "delivery_started",
            title: format!("Delivery has started on “{}”", idea.title),
            body: "Follow its milestones; your organisation's owners and admins accept each one."
                .into(),
            link: link(idea),
        },
    )
}

/// A milestone was submitted: tell the funders, who decide.
pub fn submitted(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    milestone: &MilestoneRow,
    funders: &[Funder],
) -> Result<(), ApiError> {
    let to = funders_people(conn, funders)?;
    notify(
        conn,
        &to,
        &Message {
            kind: "milestone_submitted",
            title: format!("“{}” is ready for your decision", milestone.title),
            body: format!(
                "The proposer of “{}” says this milestone is delivered. Owners and admins of funding organisations accept or reject it.",
                idea.title
            ),
            link: link(idea),
        },
    )
}

/// A milestone was accepted or rejected: tell the proposing organisation.
pub fn decided(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    milestone: &MilestoneRow,
    accepted: bool,
    paid_pence: i64,
) -> Result<(), ApiError> {
    let to = members(conn, &idea.organisation_id, false, None)?;
    let (kind, title, body) = if accepted {
        (
            "milestone_accepted",
            format!("“{}” was accepted", milestone.title),
            format!(
                "Funders holding more than half of the shares accepted it; {} is released.",
                format_pence(paid_pence)
            ),
        )
    } else {
        (
            "milestone_rejected",
            format!("“{}” was rejected", milestone.title),
            "Funders holding at least half of the shares rejected it. Read their notes and submit it again.".into(),
        )
    };
    notify(
        conn,
        &to,
        &Message {
            kind,
            title,
            body,
            link: link(idea),
        },
    )
}

/// Every milestone was accepted: tell the funders and the proposer.
pub fn delivered(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    funders: &[Funder],
) -> Result<(), ApiError> {
    let mut to = funders_people(conn, funders)?;
    to.extend(members(conn, &idea.organisation_id, false, None)?);
    to.sort();
    to.dedup();
    notify(
        conn,
        &to,
        &Message {
            kind: "idea_delivered",
            title: format!("“{}” is delivered", idea.title),
            body: "Every milestone was accepted. It is now in the re-use catalogue, where others can adopt it; a share of each adoption fee comes back to the funders.".into(),
            link: link(idea),
        },
    )
}
