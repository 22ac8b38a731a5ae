//! What pledging tells people, written in the same transaction as the change.

use super::rows::{amount_of, PledgeRow};
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::notifications::repo::{members, notify, Message};
use cc2i_shared::money::{format_bp, format_pence};

/// The page where owners and admins approve pledges.
pub const APPROVALS_LINK: &str = "/approvals";

fn share(idea: &IdeaRow, pledge: &PledgeRow, share_bp: i64) -> String {
    let _ = pledge;
    format!(
        "{} ({})",
        format_bp(share_bp),
        format_pence(amount_of(idea.target_cost_pence, share_bp))
    )
}

/// A pledge (or a larger share) needs a second person: tell the other owners and admins.
pub fn awaiting_approval(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    pledge: &PledgeRow,
    share_bp: i64,
) -> Result<(), ApiError> {
    let to = members(
        conn,
        &pledge.organisation_id,
        true,
        Some(&pledge.created_by),
    )?;
    notify(
        conn,
        &to,
        &Message {
            kind: "pledge_awaits_approval",
            title: format!("A pledge to “{}” awaits your approval", idea.title),
            body: format!("A colleague pledged {} of its cost. Public money needs a second person's approval.", share(idea, pledge, share_bp)),
            link: APPROVALS_LINK.into(),
        },
    )
}

/// Tell the pledge's creator it was approved or rejected.
pub fn decided(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    pledge: &PledgeRow,
    approved: bool,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let (kind, title, body) = if approved {
        (
            "pledge_approved",
            format!("Your pledge to “{}” was approved", idea.title),
            format!("It now counts: {}.", share(idea, pledge, pledge.share_bp)),
        )
    } else {
        (
            "pledge_rejected",
            format!("Your pledge to “{}” was rejected", idea.title),
            format!("Reason given: {}", reason.unwrap_or("none")),
        )
    };
    notify(
        conn,
        std::slice::from_ref(&pledge.created_by),
        &Message {
            kind,
            title,
            body,
            link: format!("/ideas/{}", idea.id),
        },
    )
}

/// The business case changed materially: the organisation must accept it again.
pub fn reconsent_needed(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    pledge: &PledgeRow,
    version: i32,
) -> Result<(), ApiError> {
    let to = members(conn, &pledge.organisation_id, false, None)?;
    notify(
        conn,
        &to,
        &Message {
            kind: "reconsent_needed",
            title: format!("Terms changed on “{}”: your pledge needs re-consent", idea.title),
            body: format!(
                "Version {version} of the business case is a material change. Your pledge of {} stops counting until an owner or admin accepts the new version.",
                share(idea, pledge, pledge.share_bp)
            ),
            // The pledge page, where the new version is accepted.
            link: format!("/ideas/{}/pledge", idea.id),
        },
    )
}

/// The idea closed: tell everyone in the organisations that pledged.
pub fn closed(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    organisation_ids: &[String],
    funded: bool,
) -> Result<(), ApiError> {
    let mut to: Vec<String> = Vec::new();
    for org in organisation_ids {
        to.extend(members(conn, org, false, None)?);
    }
    to.sort();
    to.dedup();
    let (kind, title, body) = if funded {
        (
            "idea_funded",
            format!("“{}” is funded", idea.title),
            "Your pledge is now a commitment at its fair share. See the commitments on the idea."
                .to_string(),
        )
    } else {
        (
            "idea_not_funded",
            format!("“{}” was not funded", idea.title),
            "It did not reach its target in time. Your pledge is released: nothing is due."
                .to_string(),
        )
    };
    notify(
        conn,
        &to,
        &Message {
            kind,
            title,
            body,
            link: format!("/ideas/{}", idea.id),
        },
    )
}
