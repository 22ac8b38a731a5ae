//! Threads of their own for password hashing, at a lower scheduling priority.
//!
//! argon2id at OWASP's parameters takes a core and 19 MiB for tens of milliseconds. Run on
//! the shared blocking pool, a burst of sign-ins took every core from other requests, and
//! each pool thread that had hashed kept its 19 MiB in its own allocator arena. Here a few
//! long-lived threads (half the CPUs, at least one) take the work in turn, at nice 10, so
//! the request workers pre-empt them and memory stays at a few arenas.

use std::sync::mpsc::{channel, Sender};
use std::sync::Mutex;

use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// How far below normal priority the hashing threads run (Linux `nice`).
const NICENESS: i32 = 10;

/// A fixed set of hashing threads fed from one queue.
pub struct HashingPool {
    jobs: Mutex<Sender<Job>>,
}

impl HashingPool {
    /// Starts `threads` hashing threads.
    pub fn new(threads: usize) -> std::io::Result<Self> {
        let (tx, rx) = channel::<Job>();
        let rx = std::sync::Arc::new(Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("cc2i-hash-{i}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        let job = match rx.lock().unwrap_or_else(|e| e.into_inner()).recv() {
                            Ok(job) => job,
                            Err(_) => return,
                        };
                        job();
                    }
                })?;
        }
        Ok(HashingPool {
            jobs: Mutex::new(tx),
        })
    }

    /// Runs `work` on a hashing thread and waits for its answer.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, String> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(work());
        });
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(job)
            .map_err(|_| "the hashing threads have stopped".to_string())?;
        rx.await
            .map_err(|_| "a hashing thread stopped mid-job".to_string())
    }
}

/// Lowers the calling thread's priority (Linux sets `nice` per thread); if that fails the
/// thread keeps normal priority, which is only slower for other requests, never wrong.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), NICENESS);
}

/// The calling thread's niceness.
#[cfg(all(test, target_os = "linux"))]
fn niceness() -> i32 {
    rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn jobs_run_on_the_hashing_threads_at_lower_priority() {
        let pool = HashingPool::new(2).unwrap();
        let name = pool
            .run(|| std::thread::current().name().unwrap_or("").to_string())
            .await
            .unwrap();
        assert!(name.starts_with("cc2i-hash-"), "{name}");
        #[cfg(target_os = "linux")]
        {
            let nice = pool.run(niceness).await.unwrap();
            assert!(nice >= NICENESS, "niceness {nice}");
        }
        for i in 0..8 {
            assert_eq!(pool.run(move || i * 2).await.unwrap(), i * 2);
        }
    }
}
