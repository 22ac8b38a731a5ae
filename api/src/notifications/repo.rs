//! Writing and reading notifications. Events are written in the same transaction as the
//! change they announce, so nobody is told about something that did not happen.

use diesel::prelude::*;

use crate::db::schema::{memberships, notifications};
use crate::db::{new_id, now, utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::notification::{Notification, NotificationFeed};
use cc2i_shared::OrgRole;

/// One message to several people.
pub struct Message<'a> {
    /// What happened, like `pledge_approved`.
    pub kind: &'a str,
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// Where to look in the app.
    pub link: String,
}

/// A row of `notifications` as written.
#[derive(Insertable)]
#[diesel(table_name = notifications)]
struct NewNotification<'a> {
    id: String,
    user_id: &'a str,
    kind: &'a str,
    title: &'a str,
    body: &'a str,
    link: &'a str,
    created_at: chrono::NaiveDateTime,
}

/// Tells each of `user_ids`, and queues their email (immediate, or for their digest) in
/// the same transaction.
pub fn notify(
    conn: &mut AnyConnection,
    user_ids: &[String],
    message: &Message,
) -> Result<(), ApiError> {
    notify_many(conn, &[(user_ids, message)])
}

/// Tells each group of people its message, in a few multi-row statements however many
/// people there are (publishing an idea tells thousands), and queues their email.
pub fn notify_many(
    conn: &mut AnyConnection,
    batches: &[(&[String], &Message)],
) -> Result<(), ApiError> {
    let at = now();
    let rows: Vec<NewNotification> = batches
        .iter()
        .flat_map(|(users, message)| {
            users.iter().map(move |user_id| NewNotification {
                id: new_id(),
                user_id,
                kind: message.kind,
                title: &message.title,
                body: &message.body,
                link: &message.link,
                created_at: at,
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    crate::insert_batch!(conn, notifications::table, &rows)?;
    let messages = batches
        .iter()
        .flat_map(|(users, message)| users.iter().map(move |_| *message));
    let written: Vec<(&str, &str, &Message)> = rows
        .iter()
        .zip(messages)
        .map(|(row, message)| (row.user_id, row.id.as_str(), message))
        .collect();
    crate::email::outbox::after_notify(conn, &written, at)
}

/// The members of an organisation (only its owners and admins if `managers`), less `except`.
pub fn members(
    conn: &mut AnyConnection,
    org_id: &str,
    managers: bool,
    except: Option<&str>,
) -> Result<Vec<String>, ApiError> {
    let rows: Vec<(String, String)> = memberships::table
        .filter(memberships::organisation_id.eq(org_id))
        .select((memberships::user_id, memberships::role))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, role)| !managers || OrgRole::from_code(role).is_some_and(OrgRole::can_manage))
        .map(|(id, _)| id)
        .filter(|id| Some(id.as_str()) != except)
        .collect())
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
);

/// A page of a user's feed, newest first (ids are time-ordered).
pub fn feed(
    conn: &mut AnyConnection,
    user_id: &str,
    after: Option<String>,
    limit: i64,
) -> Result<NotificationFeed, ApiError> {
    let mut query = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .select((
            notifications::id,
            notifications::kind,
            notifications::title,
            notifications::body,
            notifications::link,
            notifications::created_at,
            notifications::read_at,
        ))
        .order(notifications::id.desc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(notifications::id.lt(after));
    }
    let mut rows: Vec<Row> = query.load(conn)?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.0.clone())
    } else {
        None
    };
    let unread_count = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(NotificationFeed {
        items: rows
            .into_iter()
            .map(
                |(id, kind, title, body, link, created_at, read_at)| Notification {
                    id,
                    kind,
                    title,
                    body,
                    link,
                    created_at: utc(created_at),
                    read_at: read_at.map(utc),
                },
            )
            .collect(),
        next_cursor,
        unread_count,
    })
}

/// Marks one of the user's notifications read (others' look missing).
pub fn mark_read(conn: &mut AnyConnection, user_id: &str, id: &str) -> Result<(), ApiError> {
    let found: i64 = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    if found == 0 {
        return Err(ApiError::NotFound);
    }
    diesel::update(
        notifications::table
            .find(id)
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(now())))
    .execute(conn)?;
    Ok(())
}

/// Marks all of the user's notifications read.
pub fn mark_all_read(conn: &mut AnyConnection, user_id: &str) -> Result<usize, ApiError> {
    Ok(diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(now())))
    .execute(conn)?)
}
