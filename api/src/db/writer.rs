//! Group commit for SQLite's single writer.
//!
//! Every write runs on one dedicated thread that owns the writer connection. Writes that
//! queue up while a transaction is being committed are run together in the next one, each
//! inside its own savepoint: a write that fails rolls back to its savepoint and leaves the
//! others untouched, and the batch pays for one `fsync` instead of one each. Nobody hears
//! "done" until the `COMMIT` that holds their change has returned, so an acknowledged write
//! is on disk, and a failed `COMMIT` fails every write in its batch.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, Pool};
use tokio::sync::oneshot;

use super::AnyConnection;
use crate::error::ApiError;

/// The most writes committed together.
const MAX_BATCH: usize = 64;

/// A write's outcome, delivered once its batch has committed (`None`) or failed (`Some`).
struct Done {
    ok: bool,
    deliver: Box<dyn FnOnce(Option<ApiError>) + Send>,
}

type Job = Box<dyn FnOnce(&mut AnyConnection) -> Done + Send>;

/// The queue in front of the writer thread.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread; it ends when the last `Writer` is dropped.
    pub fn start(pool: Pool<ConnectionManager<AnyConnection>>) -> Result<Self, String> {
        let (queue, jobs) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("cc2i-sqlite-writer".into())
            .spawn(move || run(&pool, &jobs))
            .map_err(|e| format!("cannot start the writer thread: {e}"))?;
        Ok(Writer { queue })
    }

    /// Runs `f` in the next write transaction and answers once it has committed.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = oneshot::channel::<Result<T, ApiError>>();
        let job: Job = Box::new(move |conn| {
            let result = f(conn);
            Done {
                ok: result.is_ok(),
                deliver: Box::new(move |failed| {
                    let _ = tx.send(match failed {
                        Some(e) => Err(e),
                        None => result,
                    });
                }),
            }
        });
        self.queue
            .send(job)
            .map_err(|_| ApiError::Internal("the writer has stopped".into()))?;
        rx.await
            .map_err(|_| ApiError::Internal("a write was abandoned (panic)".into()))?
    }
}

fn run(pool: &Pool<ConnectionManager<AnyConnection>>, jobs: &mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut conn = match pool.get() {
            Ok(conn) => conn,
            Err(e) => {
                // Dropping the jobs drops their answer channels: each caller gets an error.
                tracing::error!(error = %e, "writer connection unavailable");
                continue;
            }
        };
        commit_batch(&mut conn, batch);
    }
}

fn commit_batch(conn: &mut AnyConnection, batch: Vec<Job>) {
    if let Err(e) = conn.batch_execute("BEGIN IMMEDIATE") {
        tracing::error!(error = %e, "cannot begin a write transaction");
        return;
    }
    let mut done = Vec::with_capacity(batch.len());
    for job in batch {
        if let Err(e) = conn.batch_execute("SAVEPOINT job") {
            tracing::error!(error = %e, "cannot set a savepoint");
            let _ = conn.batch_execute("ROLLBACK");
            return;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| job(conn)));
        let keep = matches!(&outcome, Ok(d) if d.ok);
        let undo = if keep {
            conn.batch_execute("RELEASE job")
        } else {
            conn.batch_execute("ROLLBACK TO job; RELEASE job")
        };
        if let Err(e) = undo {
            tracing::error!(error = %e, "cannot close a savepoint");
            let _ = conn.batch_execute("ROLLBACK");
            fail_all(done, &e.to_string());
            return;
        }
        if let Ok(d) = outcome {
            done.push(d);
        }
    }
    match conn.batch_execute("COMMIT") {
        Ok(()) => done.into_iter().for_each(|d| (d.deliver)(None)),
        Err(e) => {
            tracing::error!(error = %e, "commit failed");
            let _ = conn.batch_execute("ROLLBACK");
            fail_all(done, &e.to_string());
        }
    }
}

fn fail_all(done: Vec<Done>, why: &str) {
    for d in done {
        let error = if d.ok {
            Some(ApiError::Internal(format!("commit failed: {why}")))
        } else {
            None
        };
        (d.deliver)(error);
    }
}
