//! The database: one code path over SQLite and PostgreSQL through `diesel::MultiConnection`.
//!
//! Blocking diesel work always runs on the blocking thread pool (`web::block`), never on
//! an async worker. On SQLite every write goes through one writer connection inside
//! `BEGIN IMMEDIATE`, and reads use a pool of read-only connections; on PostgreSQL both
//! use one pool and writes run in a transaction.

pub mod batch;
mod changes;
mod migrate;
pub mod schema;
mod writer;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};

use crate::config::DatabaseUrl;
use crate::error::ApiError;

pub use migrate::{check_schema, migrate, pending_migrations, revert_all};

/// A connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    /// PostgreSQL, for production with many replicas. Listed first: SQLite accepts any string.
    Postgresql(diesel::PgConnection),
    /// Embedded SQLite, for one machine.
    Sqlite(diesel::SqliteConnection),
}

type AnyPool = Pool<ConnectionManager<AnyConnection>>;

/// One pool's use, for `/metrics`.
#[derive(Clone, Debug)]
pub struct PoolState {
    /// `reader`, `writer` (SQLite) or `pool` (PostgreSQL, shared by reads and writes).
    pub name: &'static str,
    /// Open connections.
    pub connections: u32,
    /// Of which idle.
    pub idle: u32,
    /// The pool's maximum.
    pub max: u32,
}

/// Which backend a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The connection pools.
#[derive(Clone)]
pub struct Db {
    writer: AnyPool,
    /// SQLite's group-committing writer thread (PostgreSQL writes use the pool directly).
    queue: Option<writer::Writer>,
    reader: AnyPool,
    backend: Backend,
    /// Moves on with every write transaction of this process and every commit the change
    /// watcher notices from others, so per-process caches of public reads can tell they
    /// are stale.
    generation: Arc<AtomicU64>,
    /// True while the change watcher is connected: only then may caches be trusted.
    watching: Arc<AtomicBool>,
}

/// How a [`Db`]'s pools behave (from `CC2I_DB_*`).
#[derive(Clone, Debug)]
pub struct PoolOptions {
    /// Most connections (PostgreSQL) or readers (SQLite); below 2 counts as 2.
    pub size: u32,
    /// How long to wait for a connection; `None`: 5 s on PostgreSQL, 10 s on SQLite.
    pub connect_timeout: Option<Duration>,
    /// PostgreSQL `statement_timeout` in milliseconds on every connection; 0: none.
    pub statement_timeout_ms: u64,
}

impl PoolOptions {
    /// `size` connections and the defaults.
    pub fn sized(size: u32) -> Self {
        PoolOptions {
            size,
            connect_timeout: None,
            statement_timeout_ms: 0,
        }
    }
}

/// Sets the statement timeout on each new PostgreSQL connection.
#[derive(Debug)]
struct PgSession {
    statement_timeout_ms: u64,
}

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for PgSession {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(&format!(
            "SET statement_timeout = {}",
            self.statement_timeout_ms
        ))
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

#[derive(Debug)]
struct SqlitePragmas {
    read_only: bool,
}

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        let mut sql = String::from(
            "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
        );
        if self.read_only {
            sql.push_str(" PRAGMA query_only = ON;");
        }
        conn.batch_execute(&sql)
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// One connection outside any pool, for migrating or checking the schema (creating the SQLite
/// file and its folder if needed); PostgreSQL gives up connecting after `timeout`. A pool tops
/// itself up from background threads, and a process that exits (as it does when it refuses
/// the database) while one of them is still opening a PostgreSQL connection crashed on its way
/// out with a segmentation fault, instead of exiting with status 1.
pub fn connect_single(url: &DatabaseUrl, timeout: Duration) -> Result<AnyConnection, String> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            let (mut conn, _) = open_sqlite(path)?;
            SqlitePragmas { read_only: false }
                .on_acquire(&mut conn)
                .map_err(|e| format!("cannot set up SQLite: {e}"))?;
            Ok(conn)
        }
        DatabaseUrl::Postgres(target) => {
            let with_timeout = if target.contains("connect_timeout=") {
                target.clone()
            } else {
                let separator = if target.contains('?') { '&' } else { '?' };
                // libpq counts whole seconds, at least 2.
                let seconds = timeout.as_secs().max(2);
                format!("{target}{separator}connect_timeout={seconds}")
            };
            AnyConnection::establish(&with_timeout)
                .map_err(|e| format!("cannot connect to PostgreSQL: {e}"))
        }
    }
}

/// Opens the SQLite file at `path` (creating it and its folder if needed) in WAL mode; returns
/// the connection and the path as diesel takes it.
fn open_sqlite(path: &std::path::Path) -> Result<(AnyConnection, String), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let target = path.to_string_lossy().to_string();
    let mut conn = AnyConnection::establish(&target)
        .map_err(|e| format!("cannot open SQLite database {target}: {e}"))?;
    conn.batch_execute("PRAGMA journal_mode = WAL;")
        .map_err(|e| format!("cannot switch SQLite to WAL: {e}"))?;
    Ok((conn, target))
}

impl Db {
    /// Connects (creating the SQLite file and its folder if needed) and checks the connection.
    pub fn connect(url: &DatabaseUrl, pool_size: u32) -> Result<Self, String> {
        Self::connect_with(url, &PoolOptions::sized(pool_size))
    }

    /// [`Db::connect`] with pool options.
    pub fn connect_with(url: &DatabaseUrl, options: &PoolOptions) -> Result<Self, String> {
        let pool_size = options.size;
        match url {
            DatabaseUrl::Sqlite(path) => {
                // Held while the pools open, as before: WAL is set before any pooled connection.
                let (_first, target) = open_sqlite(path)?;
                let build = |size: u32, read_only: bool| {
                    Pool::builder()
                        .max_size(size)
                        // Open one connection up front and the rest on demand: start-up
                        // waits only for the first.
                        .min_idle(Some(1))
                        .connection_timeout(
                            options.connect_timeout.unwrap_or(Duration::from_secs(10)),
                        )
                        // A checkout ping would double the statements on the hot path; broken
                        // connections are dropped when returned instead.
                        .test_on_check_out(false)
                        .connection_customizer(Box::new(SqlitePragmas { read_only }))
                        .build(ConnectionManager::<AnyConnection>::new(target.clone()))
                        .map_err(|e| format!("cannot open SQLite pool: {e}"))
                };
                let writer = build(1, false)?;
                Ok(Db {
                    queue: Some(writer::Writer::start(writer.clone())?),
                    writer,
                    reader: build(pool_size.max(2), true)?,
                    backend: Backend::Sqlite,
                    generation: Arc::default(),
                    watching: Arc::default(),
                })
            }
            DatabaseUrl::Postgres(target) => {
                let pool = Pool::builder()
                    .max_size(pool_size.max(2))
                    .min_idle(Some(1))
                    .connection_timeout(options.connect_timeout.unwrap_or(Duration::from_secs(5)))
                    // A failover or restart kills every pooled session at once: check each
                    // connection (one `SELECT 1`) as it is taken, so a dead one is replaced
                    // instead of failing a request.
                    .test_on_check_out(true)
                    .connection_customizer(Box::new(PgSession {
                        statement_timeout_ms: options.statement_timeout_ms,
                    }))
                    .build(ConnectionManager::<AnyConnection>::new(target.clone()))
                    .map_err(|e| format!("cannot connect to PostgreSQL: {e}"))?;
                Ok(Db {
                    queue: None,
                    writer: pool.clone(),
                    reader: pool,
                    backend: Backend::Postgres,
                    generation: Arc::default(),
                    watching: Arc::default(),
                })
            }
        }
    }

    /// Each pool's connections, idle connections and maximum.
    pub fn pool_states(&self) -> Vec<PoolState> {
        let state = |name, pool: &AnyPool| {
            let s = pool.state();
            PoolState {
                name,
                connections: s.connections,
                idle: s.idle_connections,
                max: pool.max_size(),
            }
        };
        match self.backend {
            Backend::Sqlite => vec![state("reader", &self.reader), state("writer", &self.writer)],
            Backend::Postgres => vec![state("pool", &self.reader)],
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs read-only work on a reader connection, off the async workers.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.reader.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("blocking task: {e}")))?
    }

    /// Runs work in a write transaction, off the async workers, and answers once it has
    /// committed. The closure's error rolls back everything it did: no partial writes. On
    /// SQLite, writes queued together share one transaction (group commit), each in its own
    /// savepoint. The write generation moves on, so this process's cached public lists are
    /// not served again: a caller reads its own writes at once.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let result = self.transaction(f).await;
        // Bumped whatever the outcome: an error after a commit must not leave a stale cache.
        self.generation.fetch_add(1, Ordering::Release);
        result
    }

    /// [`Db::write`] for work that changes nothing a public list shows (sign-in throttling,
    /// read receipts, the email and webhook queues, leases): cached lists stay valid. Should
    /// one touch a listed table after all, the change watcher still notices the commit (its
    /// triggers cover every listed table), a poll later.
    pub async fn write_unlisted<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.transaction(f).await
    }

    async fn transaction<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        if let Some(queue) = &self.queue {
            queue.write(f).await
        } else {
            let pool = self.writer.clone();
            actix_web::web::block(move || {
                let mut conn = pool.get()?;
                write_transaction(&mut conn, f)
            })
            .await
            .map_err(|e| ApiError::Internal(format!("blocking task: {e}")))?
        }
    }

    /// The write generation: read it before a query whose result is cached, and the entry
    /// is stale once it moves on. Without a connected change watcher it is new every time,
    /// so nothing cached is served.
    pub fn generation(&self) -> u64 {
        if self.watching.load(Ordering::Acquire) {
            self.generation.load(Ordering::Acquire)
        } else {
            self.generation.fetch_add(1, Ordering::AcqRel) + 1
        }
    }

    /// Starts noticing commits by other processes (see [`changes`]); serving processes call
    /// this once.
    pub fn watch_changes(&self, url: &DatabaseUrl) {
        changes::watch(url, &self.generation, &self.watching);
    }

    /// Runs blocking work on the writer outside any transaction (migrations, start-up).
    pub fn blocking_writer(
        &self,
    ) -> Result<diesel::r2d2::PooledConnection<ConnectionManager<AnyConnection>>, String> {
        self.writer
            .get()
            .map_err(|e| format!("database unavailable: {e}"))
    }

    /// True when a trivial query succeeds within the pool's timeout.
    pub async fn ping(&self) -> bool {
        self.read(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await
        .is_ok()
    }
}

/// Runs `f` in a transaction that takes the write lock up front on SQLite.
pub fn write_transaction<T>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    match conn {
        AnyConnection::Postgresql(_) => conn.transaction(f),
        AnyConnection::Sqlite(_) => {
            // diesel's own SQLite immediate_transaction is not reachable through
            // MultiConnection, so the statements are issued directly on the one writer.
            conn.batch_execute("BEGIN IMMEDIATE")?;
            match f(conn) {
                Ok(value) => match conn.batch_execute("COMMIT") {
                    Ok(()) => Ok(value),
                    Err(e) => {
                        let _ = conn.batch_execute("ROLLBACK");
                        Err(e.into())
                    }
                },
                Err(e) => {
                    if let Err(rollback) = conn.batch_execute("ROLLBACK") {
                        tracing::error!(error = %rollback, "rollback failed");
                    }
                    Err(e)
                }
            }
        }
    }
}

/// A new opaque, time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current UTC time as stored in the database (microsecond precision).
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(now, chrono::TimeDelta::microseconds(1)).unwrap_or(now)
}

/// Reads a stored UTC timestamp as a wire timestamp.
pub fn utc(t: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    t.and_utc()
}
