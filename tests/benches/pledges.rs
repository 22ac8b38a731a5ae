//! `just bench-pledges`: successful pledges per second and latency percentiles at 32
//! concurrent clients through HTTP against the release build, spread over 100 ideas and
//! into one hot idea at a time, on SQLite and (when `BENCH_DATABASE_URL` is set) PostgreSQL.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cc2i_shared::idea::Idea;
use cc2i_shared::Organisation;
use cc2i_tests::fixtures::{business_case, new_idea};
use cc2i_tests::process::{free_port, ServerProcess};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

/// Concurrent clients (`BENCH_CLIENTS`, default 32).
fn clients() -> usize {
    std::env::var("BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}
const IDEAS: usize = 100;
const SPREAD_ORGS: usize = 100;
const HOT_ORGS: usize = 300;
const HOT_ROUNDS: usize = 3;
const PASSWORD: &str = "benchmark password 2026";

struct Funder {
    token: String,
    org: Organisation,
}

async fn call(
    client: &Client,
    base: &str,
    token: &str,
    method: Method,
    path: &str,
    body: Value,
) -> Value {
    let res = client
        .request(method, format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = res.status();
    let text = res.text().await.expect("body");
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Signs in once and steps up (adding an authenticator app): owners of verified
/// organisations and platform staff need a second factor, as people run the service.
async fn sign_in(client: &Client, base: &str, email: &str) -> String {
    let accounts = cc2i_tests::factors::Accounts::new(client, base);
    let token = accounts.sign_in(email, PASSWORD).await;
    accounts.stepped_up(email, &token).await
}

async fn funders(
    client: &Client,
    base: &str,
    dirs: &[std::path::PathBuf],
    admin: &str,
    n: usize,
) -> Vec<Funder> {
    // Sixteen at a time: registration and sign-in hash passwords on purpose slowly.
    let mut out = Vec::new();
    for chunk in (0..n).collect::<Vec<_>>().chunks(16) {
        out.extend(
            futures_util::future::join_all(
                chunk.iter().map(|&i| funder(client, base, dirs, admin, i)),
            )
            .await,
        );
    }
    out
}

async fn funder(
    client: &Client,
    base: &str,
    dirs: &[std::path::PathBuf],
    admin: &str,
    i: usize,
) -> Funder {
    {
        let email = format!("bench{i}@council.example");
        client
            .post(format!("{base}/api/v1/auth/register"))
            .json(&json!({"email": email, "password": PASSWORD, "display_name": "Bench"}))
            .send()
            .await
            .expect("register");
        cc2i_tests::accounts::confirm_email(client, base, dirs, &email).await;
        let token = sign_in(client, base, &email).await;
        let body = json!({"name": format!("Bench Council {i}"), "kind": "local_authority", "region": "london", "identifier": format!("GB-COH-{:08}", 10_000_000 + i)});
        let org: Organisation = serde_json::from_value(
            call(
                client,
                base,
                &token,
                Method::POST,
                "/api/v1/organisations",
                body,
            )
            .await,
        )
        .expect("org");
        call(
            client,
            base,
            admin,
            Method::POST,
            &format!("/api/v1/organisations/{}/verify", org.id),
            json!({}),
        )
        .await;
        call(
            client,
            base,
            &token,
            Method::PATCH,
            &format!("/api/v1/organisations/{}", org.id),
            json!({"self_approval_limit_pence": 100_000_000_000_i64}),
        )
        .await;
        Funder { token, org }
    }
}

async fn open_idea(client: &Client, base: &str, admin: &str, proposer: &Funder, n: usize) -> Idea {
    let mut body = new_idea(&proposer.org.id, &format!("Benchmark idea {n}"));
    body["min_pledge_bp"] = json!(100);
    body["max_total_bp"] = json!(30000);
    let idea: Idea = serde_json::from_value(
        call(
            client,
            base,
            &proposer.token,
            Method::POST,
            "/api/v1/ideas",
            body,
        )
        .await,
    )
    .expect("idea");
    call(
        client,
        base,
        &proposer.token,
        Method::PUT,
        &format!("/api/v1/ideas/{}/business-case", idea.id),
        business_case(),
    )
    .await;
    call(
        client,
        base,
        &proposer.token,
        Method::POST,
        &format!("/api/v1/ideas/{}/submit", idea.id),
        json!({}),
    )
    .await;
    serde_json::from_value(
        call(
            client,
            base,
            admin,
            Method::POST,
            &format!("/api/v1/ideas/{}/publish", idea.id),
            json!({}),
        )
        .await,
    )
    .expect("open")
}

struct Report {
    ok: usize,
    failed: usize,
    seconds: f64,
    latencies_ms: Vec<f64>,
}

impl Report {
    fn line(&self, name: &str) -> String {
        let mut l = self.latencies_ms.clone();
        l.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| {
            l.get(((l.len() as f64 * p) as usize).min(l.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0.0)
        };
        format!(
            "{name:<34} {:>7} ok {:>5} refused {:>9.0}/s   p50 {:>6.1} ms   p99 {:>6.1} ms",
            self.ok,
            self.failed,
            self.ok as f64 / self.seconds,
            pct(0.50),
            pct(0.99)
        )
    }
}

/// Sends every (funder, idea) pledge with 32 clients and measures each request.
async fn drive(client: &Client, base: &str, jobs: Vec<(Arc<Funder>, String)>) -> Report {
    let jobs = Arc::new(jobs);
    let next = Arc::new(AtomicUsize::new(0));
    let results = Arc::new(Mutex::new((0usize, 0usize, Vec::with_capacity(jobs.len()))));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients() {
        let (client, base, jobs, next, results) = (
            client.clone(),
            base.to_string(),
            jobs.clone(),
            next.clone(),
            results.clone(),
        );
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((funder, idea_id)) = jobs.get(i) else { break };
                let body = json!({"organisation_id": funder.org.id, "share_bp": 100, "business_case_version": 1});
                let t = Instant::now();
                let res = client
                    .post(format!("{base}/api/v1/ideas/{idea_id}/pledges"))
                    .bearer_auth(&funder.token)
                    .header("idempotency-key", format!("bench-{i:010}-{idea_id}"))
                    .json(&body)
                    .send()
                    .await;
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                let created = matches!(&res, Ok(r) if r.status() == StatusCode::CREATED);
                if let Ok(r) = res {
                    let _ = r.bytes().await;
                }
                let mut g = results.lock().expect("results");
                if created {
                    g.0 += 1;
                } else {
                    g.1 += 1;
                }
                g.2.push(ms);
            }
        }));
    }
    for t in tasks {
        t.await.expect("client");
    }
    let seconds = started.elapsed().as_secs_f64();
    let (ok, failed, latencies_ms) = std::mem::take(&mut *results.lock().expect("results"));
    Report {
        ok,
        failed,
        seconds,
        latencies_ms,
    }
}

async fn backend(name: &str, database_url: String) -> Vec<String> {
    let dir = tempfile::tempdir().expect("dir");
    let env = vec![
        ("DATABASE_URL", database_url),
        ("CC2I_DATA_DIR", dir.path().display().to_string()),
        (
            "CC2I_JWT_SECRET",
            "benchmark-secret-benchmark-secret-0123456789".to_string(),
        ),
        ("CC2I_PUBLIC_URL", "http://cc2i.bench".to_string()),
        ("CC2I_ADMIN_EMAIL", "bench-admin@cc2i.test".to_string()),
        ("CC2I_ADMIN_PASSWORD", PASSWORD.to_string()),
        (
            "CC2I_DB_POOL_SIZE",
            std::env::var("BENCH_POOL").unwrap_or_else(|_| "16".into()),
        ),
        ("CC2I_WEB_DIST", dir.path().display().to_string()),
    ];
    let server = ServerProcess::start(free_port(), &env).await;
    let client = Client::builder()
        .pool_max_idle_per_host(clients())
        .build()
        .expect("client");
    let base = server.base.clone();
    let admin = sign_in(&client, &base, "bench-admin@cc2i.test").await;
    eprintln!("[{name}] registering {HOT_ORGS} funding organisations...");
    let all: Vec<Arc<Funder>> = funders(
        &client,
        &base,
        &cc2i_tests::accounts::one(dir.path()),
        &admin,
        HOT_ORGS,
    )
    .await
    .into_iter()
    .map(Arc::new)
    .collect();
    eprintln!("[{name}] publishing {IDEAS} ideas...");
    let mut ideas = Vec::new();
    for n in 0..IDEAS {
        ideas.push(open_idea(&client, &base, &admin, &all[0], n).await);
    }
    let mut jobs = Vec::new();
    for f in all.iter().take(SPREAD_ORGS) {
        for idea in &ideas {
            jobs.push((f.clone(), idea.id.clone()));
        }
    }
    // Interleave so concurrent clients hit different ideas, as real traffic would.
    jobs.sort_by_key(|(f, idea)| (idea.clone(), f.org.id.clone()));
    let n = jobs.len();
    let stride: Vec<_> = (0..n)
        .map(|i| jobs[(i % IDEAS) * (n / IDEAS) + i / IDEAS].clone())
        .collect();
    eprintln!("[{name}] spread: {n} pledges over {IDEAS} ideas...");
    let spread = drive(&client, &base, stride).await;

    let mut hot = Report {
        ok: 0,
        failed: 0,
        seconds: 0.0,
        latencies_ms: Vec::new(),
    };
    let mut at_cap = true;
    for round in 0..HOT_ROUNDS {
        let idea = open_idea(&client, &base, &admin, &all[0], IDEAS + round).await;
        let jobs: Vec<_> = all.iter().map(|f| (f.clone(), idea.id.clone())).collect();
        eprintln!(
            "[{name}] hot round {}: {} pledges into one idea...",
            round + 1,
            jobs.len()
        );
        let r = drive(&client, &base, jobs).await;
        hot.ok += r.ok;
        hot.failed += r.failed;
        hot.seconds += r.seconds;
        hot.latencies_ms.extend(r.latencies_ms);
        let funding = call(
            &client,
            &base,
            &admin,
            Method::GET,
            &format!("/api/v1/ideas/{}/funding", idea.id),
            json!(null),
        )
        .await;
        at_cap &= funding["pledged_bp"] == json!(30000);
    }
    server.kill();
    vec![
        spread.line(&format!("{name}: spread over {IDEAS} ideas")),
        format!(
            "{}   ends exactly at cap: {}",
            hot.line(&format!("{name}: hot idea ({HOT_ROUNDS} rounds)")),
            if at_cap { "yes" } else { "NO" }
        ),
    ]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut lines = Vec::new();
        let dir = tempfile::tempdir().expect("dir");
        let only = std::env::var("BENCH_BACKENDS").unwrap_or_default();
        if only.is_empty() || only.contains("sqlite") {
            let url = format!("sqlite://{}", dir.path().join("bench.sqlite").display());
            lines.extend(backend("SQLite", url).await);
        }
        let postgres = std::env::var("BENCH_DATABASE_URL").ok();
        if let Some(admin_url) = postgres.filter(|_| only.is_empty() || only.contains("postgres")) {
            std::env::set_var("TEST_DATABASE_URL", &admin_url);
            lines.extend(backend("PostgreSQL", cc2i_tests::fresh_database_url(dir.path())).await);
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        println!(
            "\npledges, {} concurrent clients, release build, through HTTP:",
            clients()
        );
        for l in lines {
            println!("{l}");
        }
    });
}
