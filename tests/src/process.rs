//! The real `cc2i` binary as a child process, for tests that kill it.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `cc2i serve`.
pub struct ServerProcess {
    child: Child,
    /// e.g. `http://127.0.0.1:41234`
    pub base: String,
}

/// The `cc2i` binary next to this test binary (`just test` builds it first).
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target dir");
    let path = dir.join("cc2i");
    assert!(
        path.is_file(),
        "{} is missing: run `cargo build -p cc2i-api --bin cc2i` first",
        path.display()
    );
    path
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl ServerProcess {
    /// Starts the server on `port` with `env` and waits until it is ready.
    pub async fn start(port: u16, env: &[(&str, String)]) -> ServerProcess {
        Self::start_with_output(port, env, "error", Stdio::null(), Stdio::null()).await
    }

    /// Starts the server logging at `level` (a `RUST_LOG` filter), its standard output and
    /// error both appended to the file at `log`.
    pub async fn start_logging(
        port: u16,
        env: &[(&str, String)],
        level: &str,
        log: &std::path::Path,
    ) -> ServerProcess {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("log file");
        let err = file.try_clone().expect("log file");
        Self::start_with_output(port, env, level, file.into(), err.into()).await
    }

    async fn start_with_output(
        port: u16,
        env: &[(&str, String)],
        level: &str,
        stdout: Stdio,
        stderr: Stdio,
    ) -> ServerProcess {
        let mut command = Command::new(binary());
        command
            .arg("serve")
            .env("CC2I_BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", level)
            .stdout(stdout)
            .stderr(stderr);
        for (k, v) in env {
            command.env(k, v);
        }
        let child = command.spawn().expect("server starts");
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(res) = client.get(format!("{base}/readyz")).send().await {
                if res.status().is_success() {
                    break;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "server did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        ServerProcess { child, base }
    }

    /// SIGTERM: a graceful shutdown.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "SIGTERM sent");
    }

    /// Waits up to `limit` for the process to exit, returning its status if it did.
    pub async fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    /// SIGKILL: no graceful shutdown, no flushing.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
