//! Things that happen once in an idea's life, each recorded in `idea_milestones` under the
//! idea's lock so its funders are told exactly once: the counting total first reaching the
//! target, and the reminder 48 hours before the deadline.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::repo;
use crate::db::schema::idea_milestones;
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::ideas::repo::find_row;
use crate::ideas::rows::IdeaRow;
use crate::notifications::repo::{members, notify, Message};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::money::format_bp;
use cc2i_shared::pledge::PledgeStatus;

/// The counting total first reached 10000 bp.
pub const TARGET_REACHED: &str = "target_reached";
/// The funders were reminded that the deadline is near.
pub const DEADLINE_REMINDER: &str = "deadline_reminder";
/// How long before the deadline the reminder goes.
pub const REMINDER_HOURS: i64 = 48;

/// Records `milestone` for the idea unless it already is; true if this call recorded it.
/// Call under the idea's lock.
pub fn record_once(
    conn: &mut AnyConnection,
    idea_id: &str,
    milestone: &str,
    at: NaiveDateTime,
) -> Result<bool, ApiError> {
    let seen: i64 = idea_milestones::table
        .find((idea_id, milestone))
        .count()
        .get_result(conn)?;
    if seen > 0 {
        return Ok(false);
    }
    diesel::insert_into(idea_milestones::table)
        .values((
            idea_milestones::idea_id.eq(idea_id),
            idea_milestones::milestone.eq(milestone),
            idea_milestones::reached_at.eq(at),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Everyone in the organisations with a live pledge on the idea.
fn funders(conn: &mut AnyConnection, idea_id: &str) -> Result<Vec<String>, ApiError> {
    let live = repo::of_idea(
        conn,
        idea_id,
        &[
            PledgeStatus::PendingApproval,
            PledgeStatus::Active,
            PledgeStatus::NeedsReconsent,
        ],
    )?;
    let mut to = Vec::new();
    for pledge in live {
        to.extend(members(conn, &pledge.organisation_id, false, None)?);
    }
    to.sort();
    to.dedup();
    Ok(to)
}

/// After the counting total went up (in `settle`, under the idea's lock): the first time it
/// reaches the target, tell the funders. `pledged` is the counting total just stored.
pub fn check_target(conn: &mut AnyConnection, idea_id: &str, pledged: i64) -> Result<(), ApiError> {
    if pledged < 10_000 || !record_once(conn, idea_id, TARGET_REACHED, now())? {
        return Ok(());
    }
    let idea = find_row(conn, idea_id)?.ok_or(ApiError::NotFound)?;
    let to = funders(conn, idea_id)?;
    notify(
        conn,
        &to,
        &Message {
            kind: "idea_reached_target",
            title: format!("“{}” has reached its target", idea.title),
            body: format!(
                "Pledges now cover {} of its cost. It is funded at its deadline if they still do then, and every funder's share falls as more organisations join.",
                format_bp(idea.pledged_bp)
            ),
            link: format!("/ideas/{}", idea.id),
        },
    )
}

/// Whether the reminder is due for an open idea at `now`.
pub fn reminder_due(idea: &IdeaRow, now: NaiveDateTime) -> bool {
    idea.status() == IdeaStatus::Open
        && idea.deadline > now
        && idea.deadline - TimeDelta::hours(REMINDER_HOURS) <= now
}

/// Sends the 48-hour reminder for the idea if it is due at `now` and was not sent; true if
/// this call sent it. Takes the idea's lock.
pub fn remind(
    conn: &mut AnyConnection,
    idea_id: &str,
    now: NaiveDateTime,
) -> Result<bool, ApiError> {
    let idea = super::engine::lock_idea(conn, idea_id)?;
    if !reminder_due(&idea, now) || !record_once(conn, idea_id, DEADLINE_REMINDER, now)? {
        return Ok(false);
    }
    let to = funders(conn, idea_id)?;
    let progress = if idea.pledged_bp >= 10_000 {
        format!(
            "Pledges cover {} of its cost, so it is on course to be funded.",
            format_bp(idea.pledged_bp)
        )
    } else {
        format!(
            "Pledges cover {} of its cost: it needs {} more to be funded.",
            format_bp(idea.pledged_bp),
            format_bp(10_000 - idea.pledged_bp)
        )
    };
    notify(
        conn,
        &to,
        &Message {
            kind: "deadline_reminder",
            title: format!("48 hours left: “{}” closes soon", idea.title),
            body: format!(
                "It closes on {}. {progress} In the last 48 hours a pledge cannot be withdrawn if that would drop the total below 100%.",
                idea.deadline.format("%-d %B %Y at %H:%M UTC")
            ),
            link: format!("/ideas/{}", idea.id),
        },
    )?;
    Ok(true)
}
