//! Background work inside the API process: every interval, the timed jobs as of the real
//! time (closing ideas whose deadline has passed, 48-hour reminders, email digests) and
//! pruning old idempotency keys. Each job takes the idea's lock or claims its rows and is
//! idempotent, so with several processes on one PostgreSQL each happens exactly once.

use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::ideas;
use crate::db::Db;
use crate::error::ApiError;
use crate::pledges::{idempotency, review};
use cc2i_shared::lifecycle::IdeaStatus;

/// Closes every open idea whose deadline has passed at `now`; returns how many this call
/// closed.
pub async fn close_due(
    db: &Db,
    now: NaiveDateTime,
    ctx: &crate::audit::Ctx,
) -> Result<usize, ApiError> {
    let due: Vec<String> = db
        .read(move |conn| {
            Ok(ideas::table
                .filter(ideas::status.eq(IdeaStatus::Open.code()))
                .filter(ideas::deadline.le(now))
                .select(ideas::id)
                .limit(500)
                .load(conn)?)
        })
        .await?;
    let mut closed = 0;
    for id in due {
        let ctx = ctx.clone();
        if db
            .write(move |conn| {
                let closed = review::close(conn, &id, "deadline")?;
                crate::funding::handlers::audit_closed(conn, &ctx, &id, closed, "deadline", now)?;
                Ok(closed)
            })
            .await?
        {
            closed += 1;
        }
    }
    Ok(closed)
}

/// Runs forever, every `interval`.
pub async fn run(db: Db, interval: Duration, ctx: crate::audit::Ctx) {
    let mut ticker = tokio::time::interval(interval);
    loop {
        ticker.tick().await;
        match crate::jobs::run_timed(&db, Utc::now().naive_utc(), &ctx).await {
            Ok(r) if r.closed + r.reminders + r.digests == 0 => {}
            Ok(r) => tracing::info!(
                closed = r.closed,
                reminders = r.reminders,
                digests = r.digests,
                "scheduled jobs ran"
            ),
            Err(e) => tracing::warn!(error = %e, "scheduled jobs failed; will retry"),
        }
        if let Err(e) = db.write_unlisted(idempotency::prune).await {
            tracing::warn!(error = %e, "pruning idempotency keys failed");
        }
        if let Err(e) = db.write_unlisted(crate::audit::repo::prune).await {
            tracing::warn!(error = %e, "pruning expired audit entries failed");
        }
    }
}
