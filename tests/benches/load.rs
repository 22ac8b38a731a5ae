//! `just bench-load`: the public list on the large data set against a bare actix-web
//! baseline, measured with `oha` on loopback (release builds; each load figure is the median
//! of 5 runs, baseline and API runs interleaved so both see the same machine). On SQLite and,
//! when `BENCH_DATABASE_URL` is set, PostgreSQL:
//! - `GET /api/v1/ideas?limit=20` at 100,000 ideas vs the baseline (goal: ≥ 60% of its
//!   requests/s, p99 within 3×);
//! - the same list at 1,000 ideas vs 100,000 (goal: p50 within 1.5×);
//! - 16 concurrent logins for 30 s while the list is under load (goal: list p99 within 2× idle);
//! - cold start to `/readyz` on the existing database (goal < 200 ms);
//! - resident memory idle and holding 1,000 keep-alive connections (beside the baseline's).
//!
//! Data sets are seeded once with `cc2i seed-demo --scale` (timed) and reused: SQLite files
//! under `target/bench-data/`, PostgreSQL databases `cc2i_bench_large` and `cc2i_bench_1k`.
//! `BENCH_RESEED=1` recreates them. `BENCH_SECONDS` (default 5) is the length of a load run,
//! `BENCH_CONNECTIONS` (default 32) the clients; `OHA` the oha binary (default `oha`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cc2i_tests::process::{binary, free_port};
use serde_json::Value;

const JWT: &str = "bench-secret-bench-secret-bench-secret-0123";
const LIST: &str = "/api/v1/ideas?limit=20";
const RUNS: usize = 5;

fn seconds() -> u64 {
    std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
}

fn connections() -> u64 {
    std::env::var("BENCH_CONNECTIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(32)
}

/// One oha run's figures.
#[derive(Clone, Copy, Debug, Default)]
struct Load {
    rps: f64,
    p50: f64,
    p99: f64,
    errors: f64,
}

fn oha(url: &str, secs: u64, clients: u64, post: Option<&str>) -> Load {
    let program = std::env::var("OHA").unwrap_or_else(|_| "oha".into());
    let mut cmd = Command::new(program);
    cmd.args([
        "--no-tui",
        "--output-format",
        "json",
        "-z",
        &format!("{secs}s"),
        "-c",
        &clients.to_string(),
    ]);
    if let Some(body) = post {
        cmd.args([
            "-m",
            "POST",
            "-H",
            "content-type: application/json",
            "-d",
            body,
        ]);
    }
    let out = cmd.arg(url).output().expect("oha runs (cargo install oha)");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "oha output: {e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let ms = |v: &Value| v.as_f64().unwrap_or(f64::NAN) * 1000.0;
    let codes = &json["statusCodeDistribution"];
    let total: f64 = codes
        .as_object()
        .map(|m| m.values().filter_map(Value::as_f64).sum())
        .unwrap_or(0.0);
    let good: f64 = codes
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| k.starts_with('2'))
                .filter_map(|(_, v)| v.as_f64())
                .sum()
        })
        .unwrap_or(0.0);
    Load {
        rps: json["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0),
        p50: ms(&json["latencyPercentiles"]["p50"]),
        p99: ms(&json["latencyPercentiles"]["p99"]),
        errors: total - good,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn median_load(runs: &[Load]) -> Load {
    Load {
        rps: median(runs.iter().map(|l| l.rps).collect()),
        p50: median(runs.iter().map(|l| l.p50).collect()),
        p99: median(runs.iter().map(|l| l.p99).collect()),
        errors: runs.iter().map(|l| l.errors).sum(),
    }
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(program: &Path, args: &[&str], env: &[(&str, String)]) -> (Server, Duration) {
        let port = free_port();
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env("CC2I_BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let child = cmd.spawn().expect("server starts");
        let base = format!("127.0.0.1:{port}");
        let ready = if args.is_empty() { "/" } else { "/readyz" };
        loop {
            if get_ok(&base, ready) {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "not ready");
            std::thread::sleep(Duration::from_millis(2));
        }
        let took = started.elapsed();
        (
            Server {
                child,
                base: format!("http://{base}"),
            },
            took,
        )
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// Resident memory while holding `n` keep-alive connections, each after one request.
    fn rss_with_connections(&self, path: &str, n: usize) -> u64 {
        use std::io::{Read, Write};
        let addr = self.base.trim_start_matches("http://").to_string();
        let mut held = Vec::with_capacity(n);
        for _ in 0..n {
            let mut s = std::net::TcpStream::connect(&addr).expect("connect");
            s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
                .expect("write");
            let mut buf = [0u8; 512];
            let _ = s.read(&mut buf);
            held.push(s);
        }
        std::thread::sleep(Duration::from_millis(500));
        let rss = self.rss_kib();
        drop(held);
        rss
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET that answers 200.
fn get_ok(addr: &str, path: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .is_err()
    {
        return false;
    }
    let mut buf = [0u8; 16];
    matches!(s.read(&mut buf), Ok(n) if n >= 12 && &buf[9..12] == b"200")
}

/// A data set: its database URL, and how it was obtained.
struct DataSet {
    url: String,
    note: String,
}

fn seed(url: &str, scale: &str, dir: &Path) -> String {
    let out = Command::new(binary())
        .args(["seed-demo", "--scale", scale])
        .env("DATABASE_URL", url)
        .env("CC2I_DATA_DIR", dir)
        .env("CC2I_JWT_SECRET", JWT)
        .env("RUST_LOG", "warn")
        .stderr(Stdio::inherit())
        .output()
        .expect("seed runs");
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(out.status.success(), "seeding failed: {text}");
    text
}

fn sqlite_set(name: &str, scale: &str) -> DataSet {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench-data")
        .join(name);
    let file = dir.join("cc2i.sqlite");
    let url = format!("sqlite://{}", file.display());
    let reseed = std::env::var("BENCH_RESEED").is_ok_and(|v| v == "1");
    if file.exists() && !reseed {
        return DataSet {
            url,
            note: format!("reused {}", file.display()),
        };
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench dir");
    eprintln!("seeding SQLite {name} ({scale})...");
    let note = seed(&url, scale, &dir);
    DataSet { url, note }
}

fn postgres_set(admin_url: &str, name: &str, scale: &str, dir: &Path) -> DataSet {
    use diesel::{Connection, RunQueryDsl};
    let mut conn = diesel::PgConnection::establish(admin_url).expect("BENCH_DATABASE_URL");
    let db = format!("cc2i_bench_{name}");
    let (base, query) = admin_url.split_once('?').unwrap_or((admin_url, ""));
    let (prefix, _) = base.rsplit_once('/').expect("database name");
    let url = if query.is_empty() {
        format!("{prefix}/{db}")
    } else {
        format!("{prefix}/{db}?{query}")
    };
    if std::env::var("BENCH_RESEED").is_ok_and(|v| v == "1") {
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            .execute(&mut conn);
    }
    if diesel::sql_query(format!("CREATE DATABASE {db}"))
        .execute(&mut conn)
        .is_err()
    {
        return DataSet {
            url,
            note: format!("reused database {db}"),
        };
    }
    eprintln!("seeding PostgreSQL {name} ({scale})...");
    let note = seed(&url, scale, dir);
    DataSet { url, note }
}

fn api_env(url: &str, dir: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("DATABASE_URL", url.to_string()),
        ("CC2I_DATA_DIR", dir.display().to_string()),
        ("CC2I_JWT_SECRET", JWT.to_string()),
        ("CC2I_PUBLIC_URL", "http://bench.cc2i".to_string()),
        ("CC2I_WEB_DIST", dir.display().to_string()),
    ]
}

fn ratio_line(name: &str, value: f64, against: f64, unit: &str, goal: &str, met: bool) -> String {
    format!(
        "{name:<52} {value:>10.2} {unit:<5} vs {against:>10.2} {unit:<5} = {:>6.2}x   goal {goal:<18} {}",
        value / against,
        if met { "met" } else { "MISSED" }
    )
}

fn backend(name: &str, large: DataSet, small: DataSet, baseline_bin: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().expect("dir");
    let secs = seconds();
    let c = connections();
    let mut lines = vec![
        format!("--- {name}: large data set: {}", large.note),
        format!("--- {name}: 1,000-idea data set: {}", small.note),
    ];
    let (bare, _) = Server::start(baseline_bin, &[], &[]);
    let (api, _) = Server::start(&binary(), &["serve"], &api_env(&large.url, dir.path()));
    let fresh = api.rss_kib();
    // Warm up both.
    oha(&format!("{}/", bare.base), 1, c, None);
    oha(&format!("{}{LIST}", api.base), 1, c, None);
    let (mut base_runs, mut list_runs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        base_runs.push(oha(&format!("{}/", bare.base), secs, c, None));
        list_runs.push(oha(&format!("{}{LIST}", api.base), secs, c, None));
    }
    let b = median_load(&base_runs);
    let l = median_load(&list_runs);
    lines.push(format!(
        "baseline (bare actix-web JSON), {c} clients, median of {RUNS} x {secs}s: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
        b.rps, b.p50, b.p99
    ));
    lines.push(format!(
        "list limit=20 at 100,000 ideas, same:                   {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, non-2xx {}",
        l.rps, l.p50, l.p99, l.errors
    ));
    lines.push(ratio_line(
        "list req/s vs baseline",
        l.rps,
        b.rps,
        "req/s",
        ">= 0.60x",
        l.rps >= 0.6 * b.rps,
    ));
    lines.push(ratio_line(
        "list p99 vs baseline p99",
        l.p99,
        b.p99,
        "ms",
        "<= 3x",
        l.p99 <= 3.0 * b.p99,
    ));
    drop(bare);

    // Logins under list load: 16 people signing in over and over (one client each, their
    // own accounts from the scale seed), for 30 s beside a 30 s list run.
    let login = format!("{}/api/v1/auth/login", api.base);
    let list_url = format!("{}{LIST}", api.base);
    let loaded = std::thread::spawn(move || oha(&list_url, 30, c, None));
    let people: Vec<_> = (1..=16)
        .map(|i| {
            let login = login.clone();
            std::thread::spawn(move || {
                let body = format!(
                    r#"{{"email":"owner{i}@org{i}.scale.example","password":"{}"}}"#,
                    cc2i_api::seed::DEMO_PASSWORD
                );
                oha(&login, 30, 1, Some(&body))
            })
        })
        .collect();
    let people: Vec<Load> = people
        .into_iter()
        .map(|p| p.join().expect("logins"))
        .collect();
    let under = loaded.join().expect("list load");
    let logins = Load {
        rps: people.iter().map(|p| p.rps).sum(),
        p50: median(people.iter().map(|p| p.p50).collect()),
        p99: people.iter().map(|p| p.p99).fold(0.0, f64::max),
        errors: people.iter().map(|p| p.errors).sum(),
    };
    lines.push(format!(
        "16 people signing in for 30 s: {:.1} logins/s, p50 {:.0} ms (median of the 16), p99 {:.0} ms (worst of the 16), non-2xx {}",
        logins.rps, logins.p50, logins.p99, logins.errors
    ));
    lines.push(ratio_line(
        "list p99 during logins vs idle list p99",
        under.p99,
        l.p99,
        "ms",
        "<= 2x",
        under.p99 <= 2.0 * l.p99,
    ));

    // Memory: idle (fresh, and after all the load above), then holding 1,000 keep-alive
    // connections; the baseline's beside it.
    let idle = api.rss_kib();
    let held = api.rss_with_connections(LIST, 1_000);
    drop(api);
    let (bare, _) = Server::start(baseline_bin, &[], &[]);
    let bare_idle = bare.rss_kib();
    let bare_held = bare.rss_with_connections("/", 1_000);
    drop(bare);
    lines.push(format!(
        "resident memory idle: {:.1} MiB fresh, {:.1} MiB after the load above (baseline {:.1} MiB); with 1,000 keep-alive connections: {:.1} MiB (baseline {:.1} MiB)",
        fresh as f64 / 1024.0,
        idle as f64 / 1024.0,
        bare_idle as f64 / 1024.0,
        held as f64 / 1024.0,
        bare_held as f64 / 1024.0
    ));

    // Cold start to ready on the existing large database, median of 5.
    let mut starts = Vec::new();
    for _ in 0..RUNS {
        let (s, took) = Server::start(&binary(), &["serve"], &api_env(&large.url, dir.path()));
        starts.push(took.as_secs_f64() * 1000.0);
        drop(s);
    }
    let cold = median(starts);
    lines.push(format!(
        "cold start to /readyz on the large database, median of {RUNS}: {cold:.0} ms   goal < 200 ms   {}",
        if cold < 200.0 { "met" } else { "MISSED" }
    ));

    // 1,000 vs 100,000 ideas, interleaved.
    let (big, _) = Server::start(&binary(), &["serve"], &api_env(&large.url, dir.path()));
    let (few, _) = Server::start(&binary(), &["serve"], &api_env(&small.url, dir.path()));
    oha(&format!("{}{LIST}", few.base), 1, c, None);
    oha(&format!("{}{LIST}", big.base), 1, c, None);
    let (mut small_runs, mut big_runs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        small_runs.push(oha(&format!("{}{LIST}", few.base), secs, c, None));
        big_runs.push(oha(&format!("{}{LIST}", big.base), secs, c, None));
    }
    let s = median_load(&small_runs);
    let g = median_load(&big_runs);
    lines.push(format!(
        "list at 1,000 ideas: {:.0} req/s, p50 {:.2} ms; at 100,000 ideas: {:.0} req/s, p50 {:.2} ms",
        s.rps, s.p50, g.rps, g.p50
    ));
    lines.push(ratio_line(
        "list p50 at 100,000 vs 1,000 ideas",
        g.p50,
        s.p50,
        "ms",
        "<= 1.5x",
        g.p50 <= 1.5 * s.p50,
    ));
    lines
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let baseline_bin = PathBuf::from(env!("CARGO_BIN_EXE_bench-baseline"));
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let mut lines = Vec::new();
    if only.is_empty() || only.contains("sqlite") {
        let large = sqlite_set("sqlite-large", "large");
        let small = sqlite_set("sqlite-1k", "100,1000,10000");
        lines.extend(backend("SQLite", large, small, &baseline_bin));
    }
    if let Some(admin) = std::env::var("BENCH_DATABASE_URL")
        .ok()
        .filter(|_| only.is_empty() || only.contains("postgres"))
    {
        let dir = tempfile::tempdir().expect("dir");
        let large = postgres_set(&admin, "large", "large", dir.path());
        let small = postgres_set(&admin, "1k", "100,1000,10000", dir.path());
        lines.extend(backend("PostgreSQL", large, small, &baseline_bin));
    }
    println!(
        "\nscale benchmarks, release build, oha on loopback, {} clients, {} s per run:",
        connections(),
        seconds()
    );
    for l in lines {
        println!("{l}");
    }
}
