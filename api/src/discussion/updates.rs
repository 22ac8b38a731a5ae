//! Posting and listing updates. Funders-only updates are left out for people who may not
//! read them, as if they did not exist.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audience::update_recipients;
use super::{excerpt, paged};
use crate::db::schema::{idea_updates as updates, organisations};
use crate::db::{new_id, utc, AnyConnection};
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::moderation::state;
use crate::notifications::repo::{notify, Message};
use cc2i_shared::discussion::{IdeaUpdate, PostUpdate, Speaker, UpdateAudience};
use cc2i_shared::moderation::TargetType;
use cc2i_shared::Page;

/// id, title, body, audience, posted.
type Row = (String, String, String, String, NaiveDateTime);

fn proposer(conn: &mut AnyConnection, idea: &IdeaRow) -> Result<Speaker, ApiError> {
    Ok(Speaker {
        id: idea.organisation_id.clone(),
        name: organisations::table
            .find(&idea.organisation_id)
            .select(organisations::name)
            .first(conn)?,
    })
}

fn to_updates(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    rows: Vec<Row>,
) -> Result<Vec<IdeaUpdate>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let removed = state::removed(conn, TargetType::Update, &ids)?;
    let organisation = proposer(conn, idea)?;
    Ok(rows
        .into_iter()
        .map(|(id, title, body, audience, posted_at)| {
            let reason = removed.get(&id).cloned();
            let hidden = reason.is_some();
            IdeaUpdate {
                idea_id: idea.id.clone(),
                organisation: organisation.clone(),
                title: (!hidden).then_some(title),
                body: (!hidden).then_some(body),
                audience: UpdateAudience::from_code(&audience).unwrap_or(UpdateAudience::Funders),
                posted_at: utc(posted_at),
                hidden,
                removed_reason: reason,
                id,
            }
        })
        .collect())
}

/// A page of the idea's updates, newest first; funders-only ones only when `funders_too`.
pub fn list(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    funders_too: bool,
    cursor: Option<String>,
    limit: i64,
) -> Result<Page<IdeaUpdate>, ApiError> {
    let mut query = updates::table
        .filter(updates::idea_id.eq(&idea.id))
        .order(updates::id.desc())
        .limit(limit + 1)
        .select((
            updates::id,
            updates::title,
            updates::body,
            updates::audience,
            updates::created_at,
        ))
        .into_boxed();
    if !funders_too {
        query = query.filter(updates::audience.eq(UpdateAudience::Public.code()));
    }
    if let Some(cursor) = cursor {
        query = query.filter(updates::id.lt(cursor));
    }
    let rows: Vec<Row> = query.load(conn)?;
    let (rows, next_cursor) = paged(rows, limit, |r| &r.0);
    Ok(Page {
        items: to_updates(conn, idea, rows)?,
        next_cursor,
    })
}

/// Whether an update exists and is for funders only, with its idea.
pub fn find(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<(String, UpdateAudience)>, ApiError> {
    let row: Option<(String, String)> = updates::table
        .find(id)
        .select((updates::idea_id, updates::audience))
        .first(conn)
        .optional()?;
    Ok(row.map(|(idea, audience)| {
        (
            idea,
            UpdateAudience::from_code(&audience).unwrap_or(UpdateAudience::Funders),
        )
    }))
}

/// Posts an update as `user` and tells the funders' members (and, for a public update, the
/// idea's followers).
pub fn post(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    user_id: &str,
    new: &PostUpdate,
    at: NaiveDateTime,
) -> Result<IdeaUpdate, ApiError> {
    if !idea.status().is_public() {
        return Err(ApiError::conflict(
            "idea_not_public",
            "Updates can be posted once the idea is published.",
        ));
    }
    let id = new_id();
    let (title, body) = (new.title.trim(), new.body.trim());
    diesel::insert_into(updates::table)
        .values((
            updates::id.eq(&id),
            updates::idea_id.eq(&idea.id),
            updates::title.eq(title),
            updates::body.eq(body),
            updates::audience.eq(new.audience.code()),
            updates::posted_by.eq(user_id),
            updates::created_at.eq(at),
        ))
        .execute(conn)?;
    state::track(conn, TargetType::Update, &id, &idea.id, at)?;
    let public = new.audience == UpdateAudience::Public;
    let to = update_recipients(conn, &idea.id, public, user_id)?;
    let organisation = proposer(conn, idea)?;
    notify(
        conn,
        &to,
        &Message {
            kind: if public {
                "idea_update"
            } else {
                "idea_update_funders"
            },
            title: format!(
                "{}{} posted an update on “{}”: {title}",
                if public { "" } else { "For funders: " },
                organisation.name,
                idea.title
            ),
            body: excerpt(body, 280),
            link: super::discussion_link(&idea.id),
        },
    )?;
    let row: Row = (
        id,
        title.to_string(),
        body.to_string(),
        new.audience.code().to_string(),
        at,
    );
    to_updates(conn, idea, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::Internal("update not written".into()))
}
