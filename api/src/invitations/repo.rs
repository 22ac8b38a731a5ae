//! Checking, storing and announcing invitations. Every check runs before the first write,
//! and everything runs in one transaction: a request is taken whole or not at all.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::{
    email_suppressions, invitations as inv, memberships, organisations, pledges, users,
};
use crate::db::{new_id, utc, AnyConnection};
use crate::email::outbox::{enqueue, Content, InvitationEmail};
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::notifications::repo::{members, notify, Message};
use cc2i_shared::invitation::{CreateInvitations, Invitation, MAX_INVITATIONS};
use cc2i_shared::lifecycle::IdeaStatus;

/// The window of the per-idea limit.
pub const WINDOW_HOURS: i64 = 24;

type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    NaiveDateTime,
);

fn org_names(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<HashMap<String, String>, ApiError> {
    Ok(organisations::table
        .filter(organisations::id.eq_any(ids))
        .select((organisations::id, organisations::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// The idea's invitations, newest first, with whether each invitee has pledged since.
pub fn list(conn: &mut AnyConnection, idea_id: &str) -> Result<Vec<Invitation>, ApiError> {
    let rows: Vec<Row> = inv::table
        .filter(inv::idea_id.eq(idea_id))
        .order((inv::created_at.desc(), inv::id.desc()))
        .select((
            inv::id,
            inv::organisation_id,
            inv::email,
            inv::message,
            inv::created_at,
        ))
        .load(conn)?;
    let org_ids: Vec<String> = rows.iter().filter_map(|r| r.1.clone()).collect();
    let names = org_names(conn, &org_ids)?;
    let pledged: HashSet<String> = pledges::table
        .filter(pledges::idea_id.eq(idea_id))
        .select(pledges::organisation_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let emails: Vec<String> = rows.iter().filter_map(|r| r.2.clone()).collect();
    let people_orgs: Vec<(String, String)> = users::table
        .inner_join(memberships::table)
        .filter(users::email.eq_any(&emails))
        .select((users::email, memberships::organisation_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, organisation_id, email, message, created_at)| {
            let has_pledged = match (&organisation_id, &email) {
                (Some(org), _) => pledged.contains(org),
                (None, Some(email)) => people_orgs
                    .iter()
                    .any(|(e, org)| e == email && pledged.contains(org)),
                (None, None) => false,
            };
            Invitation {
                id,
                idea_id: idea_id.to_string(),
                organisation_name: organisation_id.as_ref().and_then(|o| names.get(o).cloned()),
                organisation_id,
                email,
                message,
                created_at: utc(created_at),
                pledged: has_pledged,
            }
        })
        .collect())
}

/// 429 unless `adding` more invitations fit in the idea's rolling window at `now`.
fn check_rate(
    conn: &mut AnyConnection,
    idea_id: &str,
    adding: usize,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let since = now - TimeDelta::hours(WINDOW_HOURS);
    let recent: Vec<NaiveDateTime> = inv::table
        .filter(inv::idea_id.eq(idea_id))
        .filter(inv::created_at.gt(since))
        .order(inv::created_at.asc())
        .select(inv::created_at)
        .load(conn)?;
    let over = (recent.len() + adding).saturating_sub(MAX_INVITATIONS);
    if over == 0 {
        return Ok(());
    }
    // Room for this request opens when `over` of the oldest leave the window.
    let frees_at = recent
        .get(over - 1)
        .map_or(now + TimeDelta::hours(WINDOW_HOURS), |t| {
            *t + TimeDelta::hours(WINDOW_HOURS)
        });
    let wait = (frees_at - now).num_seconds().max(1) as u64;
    Err(ApiError::Throttled {
        code: "too_many_invitations",
        detail: format!(
            "An idea can send at most {MAX_INVITATIONS} invitations in any {WINDOW_HOURS} hours; {} were sent in the last {WINDOW_HOURS} hours, so {} more fit now. Try again in {} minutes.",
            recent.len(),
            MAX_INVITATIONS.saturating_sub(recent.len()),
            wait.div_ceil(60)
        ),
        retry_after_seconds: wait,
    })
}

/// 409 `already_invited` naming every target invited to this idea before.
fn check_duplicates(
    conn: &mut AnyConnection,
    idea_id: &str,
    orgs: &[String],
    emails: &[String],
    names: &HashMap<String, String>,
) -> Result<(), ApiError> {
    let existing: Vec<(Option<String>, Option<String>)> = inv::table
        .filter(inv::idea_id.eq(idea_id))
        .filter(
            inv::organisation_id
                .eq_any(orgs)
                .or(inv::email.eq_any(emails)),
        )
        .select((inv::organisation_id, inv::email))
        .load(conn)?;
    if existing.is_empty() {
        return Ok(());
    }
    let mut named: Vec<String> = existing
        .into_iter()
        .filter_map(|(org, email)| match org {
            Some(org) => names.get(&org).cloned(),
            None => email,
        })
        .collect();
    named.sort();
    Err(ApiError::conflict(
        "already_invited",
        format!(
            "Already invited to this idea: {}. Nothing was sent; remove them and try again.",
            named.join(", ")
        ),
    ))
}

fn announce(
    idea: &IdeaRow,
    proposer: &str,
    inviter: &str,
    message: Option<&str>,
    whom: &str,
) -> Message<'static> {
    let note = match message.filter(|m| !m.trim().is_empty()) {
        Some(m) => format!("{inviter} wrote: “{m}”"),
        None => format!("{inviter} thinks it is worth a look."),
    };
    Message {
        kind: "invited",
        title: format!("{proposer} invites {whom} to co-fund “{}”", idea.title),
        body: format!("{note}\n\n{}", idea.summary),
        link: format!("/ideas/{}", idea.id),
    }
}

/// Invites every target of `new` to the idea as `inviter_id`, or refuses the whole request.
pub fn create(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    inviter_id: &str,
    new: &CreateInvitations,
    now: NaiveDateTime,
) -> Result<Vec<Invitation>, ApiError> {
    if idea.status() != IdeaStatus::Open {
        return Err(ApiError::conflict(
            "idea_not_open",
            format!(
                "Invitations are sent while an idea is open; this one is {} (status {}).",
                idea.status().label().to_lowercase(),
                idea.status().code()
            ),
        ));
    }
    let orgs = new.unique_organisations();
    let emails = new.unique_emails();
    let names = org_names(conn, &orgs)?;
    let unknown: Vec<&String> = orgs.iter().filter(|o| !names.contains_key(*o)).collect();
    if !unknown.is_empty() {
        let list: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
        return Err(ApiError::field(
            "organisation_ids",
            format!("no organisation has the id {}", list.join(", ")),
        ));
    }
    if orgs.contains(&idea.organisation_id) {
        return Err(ApiError::field(
            "organisation_ids",
            "lists the proposing organisation, which cannot invite itself",
        ));
    }
    check_duplicates(conn, &idea.id, &orgs, &emails, &names)?;
    check_rate(conn, &idea.id, orgs.len() + emails.len(), now)?;

    let proposer: String = organisations::table
        .find(&idea.organisation_id)
        .select(organisations::name)
        .first(conn)?;
    let inviter: String = users::table
        .find(inviter_id)
        .select(users::display_name)
        .first(conn)?;
    let message = new
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let insert = |conn: &mut AnyConnection,
                  org: Option<&String>,
                  email: Option<&String>|
     -> Result<(), ApiError> {
        diesel::insert_into(inv::table)
            .values((
                inv::id.eq(new_id()),
                inv::idea_id.eq(&idea.id),
                inv::organisation_id.eq(org),
                inv::email.eq(email),
                inv::message.eq(message),
                inv::invited_by.eq(inviter_id),
                inv::created_at.eq(now),
            ))
            .execute(conn)
            .map_err(|e| {
                if crate::error::is_unique_violation(&e) {
                    ApiError::conflict("already_invited", "Already invited to this idea.")
                } else {
                    e.into()
                }
            })?;
        Ok(())
    };
    for org in &orgs {
        insert(conn, Some(org), None)?;
        let to = members(conn, org, false, Some(inviter_id))?;
        notify(
            conn,
            &to,
            &announce(idea, &proposer, &inviter, message, "your organisation"),
        )?;
    }
    for email in &emails {
        insert(conn, None, Some(email))?;
        let account: Option<String> = users::table
            .filter(users::email.eq(email))
            .select(users::id)
            .first(conn)
            .optional()?;
        match account {
            Some(user_id) => notify(
                conn,
                &[user_id],
                &announce(idea, &proposer, &inviter, message, "you"),
            )?,
            None => {
                let suppressed: i64 = email_suppressions::table
                    .find(email)
                    .count()
                    .get_result(conn)?;
                if suppressed == 0 {
                    enqueue(
                        conn,
                        None,
                        email,
                        &Content::Invitation(InvitationEmail {
                            idea_id: idea.id.clone(),
                            idea_title: idea.title.clone(),
                            idea_summary: idea.summary.clone(),
                            proposer: proposer.clone(),
                            inviter: inviter.clone(),
                            message: message.map(str::to_string),
                        }),
                    )?;
                }
            }
        }
    }
    let created: HashSet<(Option<String>, Option<String>)> = orgs
        .into_iter()
        .map(|o| (Some(o), None))
        .chain(emails.into_iter().map(|e| (None, Some(e))))
        .collect();
    Ok(list(conn, &idea.id)?
        .into_iter()
        .filter(|i| created.contains(&(i.organisation_id.clone(), i.email.clone())))
        .collect())
}
