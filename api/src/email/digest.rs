//! Daily and weekly digests: everything queued for a person since their last digest, in
//! one email. A digest is due one period after the later of the last digest and the
//! oldest thing waiting, so nobody gets more than one per period and nothing waits longer.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::outbox::{enqueue, Content, Item};
use super::preferences;
use crate::db::schema::{email_digest_queue as queue, notifications, users};
use crate::db::{AnyConnection, Db};
use crate::error::ApiError;
use cc2i_shared::notification::EmailCadence;

/// People with something waiting at `now`, with the oldest waiting item's time.
fn waiting(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
) -> Result<Vec<(String, Option<NaiveDateTime>)>, ApiError> {
    Ok(queue::table
        .filter(queue::created_at.le(now))
        .group_by(queue::user_id)
        .select((queue::user_id, diesel::dsl::min(queue::created_at)))
        .load(conn)?)
}

/// When a digest for someone on `cadence` is due, given their last digest and their
/// oldest waiting item; `None` for cadences without digests.
pub fn due_at(
    cadence: EmailCadence,
    last: Option<NaiveDateTime>,
    oldest: NaiveDateTime,
) -> Option<NaiveDateTime> {
    let hours = cadence.digest_hours()?;
    let anchor = last.map_or(oldest, |l| l.max(oldest));
    Some(anchor + TimeDelta::hours(hours))
}

/// Queues one person's digest if it is due at `now`; true if it did. Runs in a write
/// transaction: the items are taken off the queue as the digest is queued, and a
/// concurrent run that took them first makes this one roll back.
pub fn digest_one(
    conn: &mut AnyConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<bool, ApiError> {
    let items: Vec<(String, String, String, String, NaiveDateTime)> = queue::table
        .inner_join(notifications::table)
        .filter(queue::user_id.eq(user_id))
        .filter(queue::created_at.le(now))
        .order(notifications::id.asc())
        .select((
            notifications::id,
            notifications::title,
            notifications::body,
            notifications::link,
            notifications::created_at,
        ))
        .load(conn)?;
    let Some(oldest) = items.iter().map(|i| i.4).min() else {
        return Ok(false);
    };
    let (cadence, last) = preferences::get(conn, user_id)?;
    let due = match cadence {
        EmailCadence::Off => false,
        // Left over from before a change to immediate: send it now.
        EmailCadence::Immediate => true,
        EmailCadence::Daily | EmailCadence::Weekly => {
            due_at(cadence, last, oldest).is_some_and(|at| at <= now)
        }
    };
    if !due && cadence != EmailCadence::Off {
        return Ok(false);
    }
    let ids: Vec<&String> = items.iter().map(|i| &i.0).collect();
    let taken =
        diesel::delete(queue::table.filter(queue::notification_id.eq_any(&ids))).execute(conn)?;
    if taken != ids.len() {
        return Err(ApiError::conflict(
            "digest_raced",
            "another sender took these items first",
        ));
    }
    if cadence == EmailCadence::Off {
        return Ok(false);
    }
    let to: String = users::table
        .find(user_id)
        .select(users::email)
        .first(conn)?;
    let content = Content::Notifications {
        digest: Some(cadence),
        items: items
            .into_iter()
            .map(|(_, title, body, link, created_at)| Item {
                title,
                body,
                link,
                created_at,
            })
            .collect(),
    };
    enqueue(conn, Some(user_id), &to, &content)?;
    preferences::mark_digest(conn, user_id, cadence, now)?;
    Ok(true)
}

/// Queues every digest due at `now`; returns how many.
pub async fn run(db: &Db, now: NaiveDateTime) -> Result<u32, ApiError> {
    let candidates = db.read(move |conn| waiting(conn, now)).await?;
    let mut queued = 0;
    for (user_id, _) in candidates {
        match db
            .write_unlisted(move |conn| digest_one(conn, &user_id, now))
            .await
        {
            Ok(true) => queued += 1,
            Ok(false) => {}
            Err(ApiError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + hours * 3600, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn a_digest_waits_one_period_after_the_later_of_the_last_digest_and_the_oldest_item() {
        use EmailCadence::*;
        assert_eq!(due_at(Daily, None, at(0)), Some(at(24)));
        assert_eq!(due_at(Weekly, None, at(0)), Some(at(168)));
        assert_eq!(due_at(Daily, Some(at(10)), at(5)), Some(at(34)));
        assert_eq!(due_at(Daily, Some(at(0)), at(100)), Some(at(124)));
        assert_eq!(due_at(Immediate, None, at(0)), None);
        assert_eq!(due_at(Off, None, at(0)), None);
    }
}
