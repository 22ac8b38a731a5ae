//! `just bench-radar`: matching at sector scale. Seeds 10,000 verified organisations and
//! 10,000 open ideas (with ~20,000 pledges) straight into the database, then measures on
//! the release build, on SQLite and (when `BENCH_DATABASE_URL` is set) PostgreSQL:
//! (a) computing one idea's audience over every organisation, in-process, as publishing
//! does; (b) one organisation's recommendations over every open idea (ranking all, with
//! reasons for the first 20), in-process and through HTTP
//! (`GET /api/v1/organisations/{id}/recommendations`, a page of 20, with sign-in check).

use std::time::Instant;

use cc2i_api::config::DatabaseUrl;
use cc2i_api::db::Db;
use cc2i_shared::{AccessToken, OrgKind, Region, ServiceArea, User};
use cc2i_tests::process::{free_port, ServerProcess};
use diesel::connection::SimpleConnection;
use reqwest::Client;
use serde_json::json;

const ORGS: usize = 10_000;
const IDEAS: usize = 10_000;
const WARMUP: usize = 3;
const RUNS: usize = 30;
const PUBLISH_RUNS: usize = 10;
const TARGET_MS: f64 = 200.0;
const PASSWORD: &str = "benchmark password 2026";
const BATCH: usize = 500;

/// xorshift64*: deterministic data without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }
    fn areas(&mut self, min: usize, max: usize) -> Vec<&'static str> {
        let n = min + self.below(max - min + 1);
        let mut out: Vec<&'static str> = Vec::new();
        while out.len() < n {
            let a = self.pick(ServiceArea::ALL).code();
            if !out.contains(&a) {
                out.push(a);
            }
        }
        out
    }
}

fn org_id(i: usize) -> String {
    format!("bench-org-{i:05}")
}

fn idea_id(i: usize) -> String {
    format!("bench-idea-{i:05}")
}

/// Runs `rows` as multi-row INSERTs of [`BATCH`] rows each.
fn insert(sql: &mut String, table: &str, columns: &str, rows: &[String]) {
    for chunk in rows.chunks(BATCH) {
        sql.push_str(&format!(
            "INSERT INTO {table} ({columns}) VALUES {};\n",
            chunk.join(",")
        ));
    }
}

/// Seeds the sector; returns the number of pledges.
fn seed(db: &Db, user_id: &str) -> usize {
    let mut rng = Rng(0x5EED_CC21);
    let at = "'2026-11-01 09:00:00'";
    let deadline = "'2027-06-30 17:00:00'";
    let (mut orgs, mut own, mut interests) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..ORGS {
        let kind = rng.pick(OrgKind::ALL).code();
        let region = rng.pick(Region::ALL).code();
        orgs.push(format!(
            "('{}', 'Bench organisation {i}', '{kind}', '{region}', 'GB-COH-{:08}', TRUE, {at}, {at})",
            org_id(i),
            20_000_000 + i
        ));
        let areas = rng.areas(1, 3);
        for a in &areas {
            own.push(format!("('{}', '{a}')", org_id(i)));
        }
        for a in rng.areas(0, 2) {
            if !areas.contains(&a) {
                interests.push(format!("('{}', '{a}')", org_id(i)));
            }
        }
    }
    let (mut ideas, mut idea_areas, mut pledges) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..IDEAS {
        let proposer = rng.below(ORGS);
        let funders: Vec<usize> = (0..rng.below(5))
            .map(|_| rng.below(ORGS))
            .filter(|f| *f != proposer)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let pledged = 1000 * funders.len();
        ideas.push(format!(
            "('{}', '{}', 'Bench idea {i}', 'A shared service for the sector.', 'Benchmark data.', 'open', {deadline}, 2, 500, 15000, 1, 15000000, {pledged}, {}, '{user_id}', {at}, {at}, {at}, {pledged})",
            idea_id(i),
            org_id(proposer),
            funders.len()
        ));
        for a in rng.areas(1, 3) {
            idea_areas.push(format!("('{}', '{a}')", idea_id(i)));
        }
        for f in funders {
            pledges.push(format!(
                "('bench-pledge-{}', '{}', '{}', 1000, 'active', 1, TRUE, '{user_id}', {at}, {at})",
                pledges.len(),
                idea_id(i),
                org_id(f)
            ));
        }
    }
    let mut sql = String::from("BEGIN;\n");
    insert(
        &mut sql,
        "organisations",
        "id, name, kind, region, identifier, verified, created_at, updated_at",
        &orgs,
    );
    insert(
        &mut sql,
        "organisation_service_areas",
        "organisation_id, service_area",
        &own,
    );
    insert(
        &mut sql,
        "organisation_interests",
        "organisation_id, service_area",
        &interests,
    );
    insert(&mut sql, "ideas", "id, organisation_id, title, summary, description, status, deadline, min_pledgers, min_pledge_bp, max_total_bp, business_case_version, target_cost_pence, pledged_bp, pledger_count, created_by, created_at, updated_at, published_at, active_bp", &ideas);
    insert(
        &mut sql,
        "idea_service_areas",
        "idea_id, service_area",
        &idea_areas,
    );
    insert(&mut sql, "pledges", "id, idea_id, organisation_id, share_bp, status, business_case_version, condition_met, created_by, created_at, updated_at", &pledges);
    sql.push_str(&format!(
        "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES ('{}', '{user_id}', 'owner', {at});\n",
        org_id(0)
    ));
    sql.push_str("COMMIT;\n");
    let mut conn = db.blocking_writer().expect("connection");
    conn.batch_execute(&sql).expect("seed");
    if let cc2i_api::db::Backend::Postgres = db.backend() {
        conn.batch_execute("ANALYZE;").expect("analyze");
    }
    pledges.len()
}

struct Timing {
    p50: f64,
    p99: f64,
}

fn timing(mut ms: Vec<f64>) -> Timing {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).clamp(1, ms.len()) - 1];
    Timing {
        p50: at(0.50),
        p99: at(0.99),
    }
}

fn line(name: &str, t: &Timing, extra: &str) -> String {
    format!(
        "{name:<58} p50 {:>7.1} ms   p99 {:>7.1} ms   {}{extra}",
        t.p50,
        t.p99,
        if t.p99 < TARGET_MS {
            "under 200 ms"
        } else {
            "OVER 200 ms"
        }
    )
}

async fn backend(name: &str, database_url: String) -> Vec<String> {
    let dir = tempfile::tempdir().expect("dir");
    let env = vec![
        ("DATABASE_URL", database_url.clone()),
        ("CC2I_DATA_DIR", dir.path().display().to_string()),
        (
            "CC2I_JWT_SECRET",
            "benchmark-secret-benchmark-secret-0123456789".to_string(),
        ),
        ("CC2I_PUBLIC_URL", "http://cc2i.bench".to_string()),
        ("CC2I_WEB_DIST", dir.path().display().to_string()),
        ("CC2I_TEST_CLOCK", "1".to_string()),
    ];
    let server = ServerProcess::start(free_port(), &env).await;
    let client = Client::new();
    let base = server.base.clone();
    let email = "radar-bench@council.example";
    client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD, "display_name": "Bench"}))
        .send()
        .await
        .expect("register");
    // The account is made just after the answer.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let token = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("login")
        .json::<AccessToken>()
        .await
        .expect("token")
        .access_token;
    let user: User = client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("me")
        .json::<cc2i_shared::Me>()
        .await
        .expect("me")
        .user;

    let url = DatabaseUrl::parse(&database_url).expect("url");
    let db = Db::connect(&url, 2).expect("db");
    let started = Instant::now();
    let pledges = seed(&db, &user.id);
    eprintln!(
        "[{name}] seeded {ORGS} organisations, {IDEAS} open ideas and {pledges} pledges in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let mut conn = db.blocking_writer().expect("connection");
    let mut rng = Rng(42);
    let mut audience_ms = Vec::new();
    let mut sizes = Vec::new();
    for run in 0..WARMUP + RUNS {
        let idea = idea_id(rng.below(IDEAS));
        let t = Instant::now();
        let audience = cc2i_api::radar::audience::compute(&mut conn, &idea).expect("audience");
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if run >= WARMUP {
            audience_ms.push(ms);
            sizes.push(audience.len());
        }
    }
    let mut ranked_ms = Vec::new();
    let mut ranked_len = 0;
    for run in 0..WARMUP + RUNS {
        let org = org_id(rng.below(ORGS));
        let t = Instant::now();
        let ranked = cc2i_api::radar::recommend::rank(&mut conn, &org).expect("rank");
        let explained: usize = (0..20).map(|i| ranked.reasons(i).len()).sum();
        assert!(explained > 0 || ranked.ideas.is_empty());
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if run >= WARMUP {
            ranked_ms.push(ms);
            ranked_len += ranked.ideas.len();
        }
    }
    // For scale only: what publishing adds on top (storing the audience and notifying its
    // members, who are few here), in a transaction that is rolled back.
    let mut publish_ms = Vec::new();
    for run in 0..WARMUP + PUBLISH_RUNS {
        let idea = idea_id(rng.below(IDEAS));
        let row = cc2i_api::ideas::repo::find_row(&mut conn, &idea)
            .expect("idea")
            .expect("exists");
        let t = Instant::now();
        let outcome = cc2i_api::db::write_transaction(&mut conn, |c| {
            cc2i_api::radar::audience::announce(c, &row)?;
            Err::<(), _>(cc2i_api::error::ApiError::conflict("rollback", "bench"))
        });
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        assert!(matches!(
            outcome,
            Err(cc2i_api::error::ApiError::Conflict { .. })
        ));
        if run >= WARMUP {
            publish_ms.push(ms);
        }
    }
    drop(conn);
    let mut http_ms = Vec::new();
    let path = format!("{base}/api/v1/organisations/{}/recommendations", org_id(0));
    for run in 0..WARMUP + RUNS {
        let t = Instant::now();
        let res = client
            .get(&path)
            .bearer_auth(&token)
            .send()
            .await
            .expect("recommendations");
        assert!(res.status().is_success(), "{}", res.status());
        let body: serde_json::Value = res.json().await.expect("page");
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(body["items"].as_array().map(Vec::len), Some(20));
        if run >= WARMUP {
            http_ms.push(ms);
        }
    }
    server.kill();
    let mean = |v: &[usize]| v.iter().sum::<usize>() / v.len().max(1);
    vec![
        line(
            &format!("{name}: audience of one idea over {ORGS} organisations"),
            &timing(audience_ms),
            &format!("   (audience {} organisations on average)", mean(&sizes)),
        ),
        line(
            &format!("{name}: one organisation's ranking over {IDEAS} open ideas"),
            &timing(ranked_ms),
            &format!("   ({} ideas ranked on average)", ranked_len / RUNS),
        ),
        line(
            &format!("{name}: GET recommendations through HTTP (page of 20)"),
            &timing(http_ms),
            "",
        ),
        line(
            &format!("{name}: audience computed, stored and notified (publish)"),
            &timing(publish_ms),
            &format!("   ({PUBLISH_RUNS} runs, rolled back)"),
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
            let url = format!("sqlite://{}", dir.path().join("radar.sqlite").display());
            lines.extend(backend("SQLite", url).await);
        }
        let postgres = std::env::var("BENCH_DATABASE_URL").ok();
        if let Some(admin_url) = postgres.filter(|_| only.is_empty() || only.contains("postgres")) {
            std::env::set_var("TEST_DATABASE_URL", &admin_url);
            lines.extend(backend("PostgreSQL", cc2i_tests::fresh_database_url(dir.path())).await);
        }
        println!(
            "\nradar, {ORGS} organisations and {IDEAS} open ideas, release build, {RUNS} runs each:"
        );
        for l in lines {
            println!("{l}");
        }
    });
}
