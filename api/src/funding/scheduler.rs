//! Background work inside the API process: closing ideas whose deadline has passed and
//! pruning old idempotency keys. Closing takes the idea's lock and is idempotent, so with
//! several processes on one PostgreSQL each idea is still closed exactly once.

use std::time::Duration;

use chrono::Utc;
use diesel::prelude::*;

use crate::db::schema::ideas;
use crate::db::Db;
use crate::error::ApiError;
use crate::pledges::{idempotency, review};
use cc2i_shared::lifecycle::IdeaStatus;

/// Closes every open idea whose deadline has passed; returns how many this call closed.
pub async fn close_due(db: &Db) -> Result<usize, ApiError> {
    let due: Vec<String> = db
        .read(|conn| {
            Ok(ideas::table
                .filter(ideas::status.eq(IdeaStatus::Open.code()))
                .filter(ideas::deadline.le(Utc::now().naive_utc()))
                .select(ideas::id)
                .limit(500)
                .load(conn)?)
        })
        .await?;
    let mut closed = 0;
    for id in due {
        if db
            .write(move |conn| review::close(conn, &id, "deadline"))
            .await?
        {
            closed += 1;
        }
    }
    Ok(closed)
}

/// Runs forever, every `interval`.
pub async fn run(db: Db, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    loop {
        ticker.tick().await;
        match close_due(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(closed = n, "closed ideas past their deadline"),
            Err(e) => tracing::warn!(error = %e, "closing due ideas failed; will retry"),
        }
        if let Err(e) = db.write(idempotency::prune).await {
            tracing::warn!(error = %e, "pruning idempotency keys failed");
        }
    }
}
