//! A PostgreSQL database of its own and several `cc2i serve` processes sharing it, each on
//! its own loopback port with its own data directory (so each writes email files apart).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::free_port;
use crate::{ADMIN_EMAIL, JWT_SECRET, PASSWORD, PUBLIC_URL};

/// The bearer token replicas expect on `GET /metrics`.
pub const METRICS_TOKEN: &str = "scale-metrics-token-0123456789";

/// The admin URL of the local PostgreSQL: `TEST_DATABASE_URL`, or whatever
/// `tests/scripts/postgres.sh` prints after starting it.
pub fn admin_url() -> String {
    if let Some(url) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    {
        return url;
    }
    let script = workspace_root().join("tests/scripts/postgres.sh");
    let out = Command::new("bash")
        .arg(&script)
        .stderr(Stdio::inherit())
        .output()
        .expect("tests/scripts/postgres.sh runs");
    assert!(out.status.success(), "tests/scripts/postgres.sh failed");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The `cc2i` binary: `CC2I_SCALE_BINARY` if set, otherwise the one of the same build
/// profile as this program (target/debug or target/release).
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("CC2I_SCALE_BINARY") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("own path");
    let mut dir = exe.parent();
    while let Some(d) = dir {
        let candidate = d.join("cc2i");
        if candidate.is_file() {
            return candidate;
        }
        dir = d
            .parent()
            .filter(|p| p.ends_with("debug") || p.ends_with("release"));
    }
    panic!(
        "the cc2i binary is missing next to {}: run `cargo build -p cc2i-api --bin cc2i` (add --release for benchmarks)",
        exe.display()
    );
}

/// One `cc2i serve`.
pub struct Replica {
    /// Its port on 127.0.0.1 (kept across restarts).
    pub port: u16,
    /// e.g. `http://127.0.0.1:41234`
    pub base: String,
    /// Its own data directory (email files go to `outbox/` in it).
    pub data_dir: PathBuf,
    child: Option<Child>,
}

impl Replica {
    /// The process id while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }
}

/// The replicas and their database.
pub struct Cluster {
    /// The database every replica uses.
    pub database_url: String,
    /// Where logs and data directories live.
    pub dir: tempfile::TempDir,
    /// The replicas, in port order of creation.
    pub replicas: Vec<Replica>,
    /// Replicas that exited before they were ready, with their last log line.
    pub startup_failures: Vec<String>,
    env: Vec<(String, String)>,
}

impl Cluster {
    /// A fresh database and `n` replicas configured (not started) with `extra` variables.
    pub fn new(n: usize, extra: &[(&str, &str)]) -> Cluster {
        let database_url = crate::create_postgres_database(&admin_url());
        let dir = tempfile::tempdir().expect("temp dir");
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).expect("dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>CC2i</title>",
        )
        .expect("index");
        let mut env: Vec<(String, String)> = [
            ("DATABASE_URL", database_url.as_str()),
            ("CC2I_PUBLIC_URL", PUBLIC_URL),
            ("CC2I_WEB_DIST", &dist.display().to_string()),
            ("CC2I_JWT_SECRET", JWT_SECRET),
            ("CC2I_ADMIN_EMAIL", ADMIN_EMAIL),
            ("CC2I_ADMIN_PASSWORD", PASSWORD),
            ("CC2I_METRICS_TOKEN", METRICS_TOKEN),
            ("CC2I_WEBHOOK_ALLOW_PRIVATE", "1"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let replicas = (0..n)
            .map(|i| {
                let port = free_port();
                let data_dir = dir.path().join(format!("replica{i}"));
                std::fs::create_dir_all(&data_dir).expect("data dir");
                Replica {
                    port,
                    base: format!("http://127.0.0.1:{port}"),
                    data_dir,
                    child: None,
                }
            })
            .collect();
        Cluster {
            database_url,
            dir,
            replicas,
            startup_failures: Vec::new(),
            env,
        }
    }

    /// Starts every replica at once (they race for the migration lock), then waits until
    /// each answers `/readyz`.
    pub async fn start_all(&mut self) {
        for i in 0..self.replicas.len() {
            self.spawn(i);
        }
        for i in 0..self.replicas.len() {
            self.wait_ready(i).await;
        }
    }

    fn spawn(&mut self, i: usize) {
        let log = self.dir.path().join(format!("replica{i}.log"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .expect("log file");
        let err = file.try_clone().expect("log file");
        let replica = &mut self.replicas[i];
        let mut command = Command::new(binary());
        command
            .arg("serve")
            .env("CC2I_BIND", format!("127.0.0.1:{}", replica.port))
            .env("CC2I_DATA_DIR", &replica.data_dir)
            .env("RUST_LOG", "warn")
            .stdout(file)
            .stderr(err);
        for (k, v) in &self.env {
            command.env(k, v);
        }
        replica.child = Some(command.spawn().expect("cc2i serve starts"));
    }

    /// Waits until replica `i` answers `/readyz` with 200 (panics after 60 s).
    pub async fn wait_ready(&mut self, i: usize) {
        let client = reqwest::Client::new();
        let started = Instant::now();
        let url = format!("{}/readyz", self.replicas[i].base);
        loop {
            if let Ok(res) = client.get(&url).send().await {
                if res.status().is_success() {
                    return;
                }
            }
            let exited = self.replicas[i]
                .child
                .as_mut()
                .and_then(|child| child.try_wait().ok().flatten());
            if let Some(status) = exited {
                // Counted as a broken promise, then started again as an orchestrator would.
                let log = std::fs::read_to_string(self.log(i)).unwrap_or_default();
                let last = log.lines().last().unwrap_or_default().to_string();
                self.startup_failures
                    .push(format!("replica {i} exited at start-up ({status}): {last}"));
                assert!(
                    self.startup_failures.len() < 6,
                    "replicas keep failing to start; see {}",
                    self.log(i).display()
                );
                self.spawn(i);
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "replica {i} was not ready within 60 s; see {}",
                self.log(i).display()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The log file of replica `i`.
    pub fn log(&self, i: usize) -> PathBuf {
        self.dir.path().join(format!("replica{i}.log"))
    }

    /// SIGKILL: no shutdown, no draining, no flushing.
    pub fn kill(&mut self, i: usize) {
        if let Some(mut child) = self.replicas[i].child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts replica `i` again on the same port and waits until it is ready.
    pub async fn restart(&mut self, i: usize) {
        self.spawn(i);
        self.wait_ready(i).await;
    }

    /// Lines of the replicas' logs that mention an error or a panic.
    pub fn log_errors(&self) -> Vec<String> {
        (0..self.replicas.len())
            .flat_map(|i| {
                std::fs::read_to_string(self.log(i))
                    .unwrap_or_default()
                    .lines()
                    .filter(|l| l.contains("ERROR") || l.contains("panicked"))
                    .map(|l| format!("replica {i}: {l}"))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Stops every replica. The database stays, like the integration suite's:
    /// `tests/scripts/postgres.sh` drops test databases over half an hour old (dropping
    /// waits for a checkpoint, which can take half a minute on a busy machine).
    pub fn stop(mut self) {
        for i in 0..self.replicas.len() {
            self.kill(i);
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for replica in &mut self.replicas {
            if let Some(mut child) = replica.child.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}
