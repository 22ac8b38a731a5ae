//! Notices commits made by other processes (another replica, an operator's SQL), so that a
//! per-process cache of public reads is invalidated through the database rather than by
//! this process's own writes alone.
//!
//! - PostgreSQL: triggers on the tables public lists read send `NOTIFY cc2i_changes` (only
//!   on commit); a dedicated connection `LISTEN`s and polls for them.
//! - SQLite: triggers on the same tables move a counter (`list_changes.version`) in the
//!   committing transaction; a dedicated connection polls it. (`PRAGMA data_version` would
//!   move with every commit, a sign-in's throttle rows too, and empty the cache for nothing.)
//!
//! Each change moves the database's write generation on. While the watcher is not
//! connected, [`super::Db::generation`] answers a new value every time, so nothing cached
//! is trusted. The thread ends soon after the last handle to the database is dropped.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use diesel::prelude::*;

use crate::config::DatabaseUrl;

/// The channel the PostgreSQL triggers notify.
pub const CHANNEL: &str = "cc2i_changes";

/// How often the watcher looks for changes: the most a reader may see a page cached before
/// another process's commit.
const POLL: Duration = Duration::from_millis(20);
/// How often an idle PostgreSQL listener proves its connection is alive.
const PING_EVERY: u32 = 250;
/// The pause before reconnecting after the connection fails.
const RETRY: Duration = Duration::from_secs(1);

/// Starts the watcher thread for `url`.
pub fn watch(url: &DatabaseUrl, generation: &Arc<AtomicU64>, watching: &Arc<AtomicBool>) {
    let url = url.clone();
    let generation = Arc::downgrade(generation);
    let watching = Arc::downgrade(watching);
    let spawned = std::thread::Builder::new()
        .name("cc2i-changes".into())
        .spawn(move || run(url, generation, watching));
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the change watcher; public lists are not cached");
    }
}

fn run(url: DatabaseUrl, generation: Weak<AtomicU64>, watching: Weak<AtomicBool>) {
    loop {
        let outcome = match &url {
            DatabaseUrl::Postgres(target) => listen(target, &generation, &watching),
            DatabaseUrl::Sqlite(path) => poll_sqlite(path, &generation, &watching),
        };
        match watching.upgrade() {
            Some(flag) => flag.store(false, Ordering::Release),
            None => return,
        }
        match outcome {
            Outcome::Dropped => return,
            Outcome::Failed(e) => {
                tracing::warn!(error = %e, "change watcher disconnected; retrying");
                std::thread::sleep(RETRY);
            }
        }
    }
}

enum Outcome {
    /// The database handle is gone: stop.
    Dropped,
    /// The connection failed: reconnect.
    Failed(String),
}

/// Moves the generation on; false when the database handle is gone.
fn bump(generation: &Weak<AtomicU64>) -> bool {
    match generation.upgrade() {
        Some(g) => {
            g.fetch_add(1, Ordering::AcqRel);
            true
        }
        None => false,
    }
}

/// Marks the watcher connected (after a bump, so nothing read before counts).
fn connected(generation: &Weak<AtomicU64>, watching: &Weak<AtomicBool>) -> bool {
    if !bump(generation) {
        return false;
    }
    match watching.upgrade() {
        Some(flag) => {
            flag.store(true, Ordering::Release);
            true
        }
        None => false,
    }
}

fn listen(target: &str, generation: &Weak<AtomicU64>, watching: &Weak<AtomicBool>) -> Outcome {
    let mut conn = match PgConnection::establish(target) {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    if let Err(e) = diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn) {
        return Outcome::Failed(e.to_string());
    }
    if !connected(generation, watching) {
        return Outcome::Dropped;
    }
    let mut ticks = 0u32;
    loop {
        let mut changed = false;
        for note in conn.notifications_iter() {
            match note {
                Ok(_) => changed = true,
                Err(e) => return Outcome::Failed(e.to_string()),
            }
        }
        if changed && !bump(generation) {
            return Outcome::Dropped;
        }
        if generation.strong_count() == 0 {
            return Outcome::Dropped;
        }
        ticks += 1;
        if ticks.is_multiple_of(PING_EVERY) {
            if let Err(e) = diesel::sql_query("SELECT 1").execute(&mut conn) {
                return Outcome::Failed(e.to_string());
            }
        }
        std::thread::sleep(POLL);
    }
}

#[derive(QueryableByName)]
struct ListVersion {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    version: i64,
}

/// The counter the SQLite triggers move when a table public lists read changes.
fn list_version(conn: &mut SqliteConnection) -> Result<i64, String> {
    diesel::sql_query("SELECT version FROM list_changes WHERE id = 1")
        .get_result::<ListVersion>(conn)
        .map(|v| v.version)
        .map_err(|e| e.to_string())
}

fn poll_sqlite(
    path: &std::path::Path,
    generation: &Weak<AtomicU64>,
    watching: &Weak<AtomicBool>,
) -> Outcome {
    let mut conn = match SqliteConnection::establish(&path.to_string_lossy()) {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let mut seen = match list_version(&mut conn) {
        Ok(v) => v,
        Err(e) => return Outcome::Failed(e),
    };
    if !connected(generation, watching) {
        return Outcome::Dropped;
    }
    loop {
        std::thread::sleep(POLL);
        let now = match list_version(&mut conn) {
            Ok(v) => v,
            Err(e) => return Outcome::Failed(e),
        };
        if now != seen {
            seen = now;
            if !bump(generation) {
                return Outcome::Dropped;
            }
        } else if generation.strong_count() == 0 {
            return Outcome::Dropped;
        }
    }
}
