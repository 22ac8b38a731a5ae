//! The scale test: three replicas started together on one fresh PostgreSQL database (racing
//! for the migration lock), with their real schedulers, email senders and webhook senders
//! running every second; 64 workers spread round-robin over them; one replica killed with
//! SIGKILL midway and restarted on its port; then every promise checked.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use diesel::{Connection, PgConnection};

use super::cluster::Cluster;
use super::load::{Load, Seen};
use super::report::{self, Check};
use super::seed::{seed, Plan};
use super::{closing, email, http, ledger, webhooks};
use crate::receiver::Receiver;

/// Replicas.
pub const REPLICAS: usize = 3;
/// Concurrent workers.
pub const WORKERS: usize = 64;
/// The replica that is killed.
const VICTIM: usize = 2;

fn secs(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs the test and returns the number of violations.
pub async fn run() -> usize {
    let load_secs = secs("CC2I_SCALE_SECS", 20);
    let kill_after = Duration::from_secs(load_secs * 2 / 5);
    let down_for = Duration::from_secs(3);
    let started = Instant::now();
    let mut cluster = Cluster::new(
        REPLICAS,
        &[
            ("CC2I_SCHEDULER_INTERVAL_SECS", "1"),
            ("CC2I_WORKERS", "2"),
            ("CC2I_DB_POOL_SIZE", "8"),
        ],
    );
    let spawned = Instant::now();
    cluster.start_all().await;
    let ready_in = spawned.elapsed().as_secs_f64();
    println!(
        "{REPLICAS} replicas started together on one fresh database, ready in {ready_in:.1} s (logs in {})",
        cluster.dir.path().display()
    );
    for failure in &cluster.startup_failures {
        println!("  {failure}");
    }
    let bases: Vec<String> = cluster.replicas.iter().map(|r| r.base.clone()).collect();
    let client = http::client();
    let receiver = Receiver::start().await;
    let plan = Plan {
        funders: 16,
        lasting: 6,
        due: 4,
        first_due_secs: (load_secs / 3) as i64,
        due_every_secs: (load_secs / 8).max(1) as i64,
        notify: true,
    };
    let dirs: Vec<_> = cluster
        .replicas
        .iter()
        .map(|r| r.data_dir.clone())
        .collect();
    let world = seed(&client, &bases, &dirs, plan, Some(&receiver)).await;
    let due: Vec<String> = world
        .ideas
        .iter()
        .filter(|i| i.due)
        .map(|i| i.id.clone())
        .collect();
    println!(
        "seeded {} funders and {} open ideas ({} closing during the run) in {:.1} s",
        world.funders.len(),
        world.ideas.len(),
        due.len(),
        started.elapsed().as_secs_f64()
    );

    let load = Arc::new(Load {
        bases: bases.clone(),
        world,
        seen: Arc::new(Seen::default()),
        stop: Default::default(),
        client,
        pledges_only: false,
    });
    let load_started = Instant::now();
    let workers: Vec<_> = (0..WORKERS)
        .map(|n| tokio::spawn(load.clone().worker(n, n % REPLICAS)))
        .collect();
    tokio::time::sleep(kill_after).await;
    cluster.kill(VICTIM);
    let killed_at = Instant::now();
    let killed_wall = SystemTime::now();
    let killed_db = chrono::Utc::now().naive_utc();
    println!(
        "replica {VICTIM} killed with SIGKILL at {:.1} s of load",
        kill_after.as_secs_f64()
    );
    tokio::time::sleep(down_for).await;
    cluster.restart(VICTIM).await;
    println!(
        "replica {VICTIM} restarted on port {} after {:.1} s down",
        cluster.replicas[VICTIM].port,
        killed_at.elapsed().as_secs_f64()
    );
    let left = Duration::from_secs(load_secs).saturating_sub(load_started.elapsed());
    tokio::time::sleep(left).await;
    load.stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.await;
    }
    let load_time = load_started.elapsed().as_secs_f64();
    let unknown = load.resolve_unknown().await;

    // Background work: wait for it to finish. Claims and leases the killed replica held
    // would expire in 10 minutes (email) and 2 minutes (webhooks): expire them now, so the
    // test proves another replica takes them over.
    let mut conn = PgConnection::establish(&cluster.database_url).expect("database");
    let mut reclaimed = (0, 0);
    let waited = Instant::now();
    loop {
        reclaimed.0 += email::expire_claims_before(&mut conn, killed_db);
        reclaimed.1 += webhooks::expire_leases_before(&mut conn, killed_db);
        let open = closing::still_open(&mut conn, &due);
        let (unsent, undelivered) = (email::unsent(&mut conn), webhooks::undelivered(&mut conn));
        if open == 0 && unsent == 0 && undelivered == 0 {
            break;
        }
        if waited.elapsed() > Duration::from_secs(45) {
            println!("gave up waiting: {open} due ideas open, {unsent} emails unsent, {undelivered} webhooks undelivered");
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    println!(
        "background work drained {:.1} s after the load ({} email claims and {} webhook leases of the killed replica expired by the test)",
        waited.elapsed().as_secs_f64(),
        reclaimed.0,
        reclaimed.1
    );

    let seen = &load.seen;
    let acked = seen.acked.lock().expect("lock").clone();
    let mut checks = vec![Check {
        name: "replicas started together",
        facts: format!("{REPLICAS} ready in {ready_in:.1} s; restart after SIGKILL ready"),
        violations: cluster.startup_failures.clone(),
    }];
    let (bad, facts) = ledger::check(&mut conn, &acked);
    checks.push(Check {
        name: "pledges, caps and ledger",
        facts,
        violations: bad,
    });
    let errors = seen.server_errors.lock().expect("lock").clone();
    checks.push(Check {
        name: "no answer >= 500",
        facts: format!("{unknown} pledges with lost answers resolved by their keys"),
        violations: errors,
    });
    checks.push(Check {
        name: "idempotent answers",
        facts: "same key, other replica: same answer".into(),
        violations: seen.violations.lock().expect("lock").clone(),
    });
    let (bad, facts) = closing::check(&mut conn, &due);
    checks.push(Check {
        name: "due ideas closed once",
        facts,
        violations: bad,
    });
    let (bad, _, facts) = webhooks::check(&mut conn, &receiver, killed_at);
    checks.push(Check {
        name: "webhook events",
        facts,
        violations: bad,
    });
    let dirs: Vec<_> = cluster
        .replicas
        .iter()
        .map(|r| r.data_dir.clone())
        .collect();
    let (bad, _, facts) = email::check(&mut conn, &dirs, VICTIM, killed_wall);
    checks.push(Check {
        name: "emails written once",
        facts,
        violations: bad,
    });
    let logged = cluster.log_errors();
    checks.push(Check {
        name: "replica logs free of errors",
        facts: format!("{} log lines at ERROR", logged.len()),
        violations: logged,
    });

    let counts = seen.counts.lock().expect("lock").clone();
    let created = seen.created.load(Ordering::Relaxed);
    println!(
        "\n{WORKERS} workers over {REPLICAS} replicas for {load_time:.1} s: {created} pledges created ({:.0}/s)",
        created as f64 / load_time
    );
    let violations = report::print(&counts, &checks);
    println!(
        "\nscale test: {violations} violations, {:.1} s in all",
        started.elapsed().as_secs_f64()
    );
    drop(conn);
    if violations == 0 {
        cluster.stop();
    } else {
        println!(
            "kept the database {} and the logs for a look",
            cluster.database_url
        );
        let keep = std::mem::replace(&mut cluster.dir, tempfile::tempdir().expect("temp dir"));
        let _ = keep.keep();
    }
    violations
}
