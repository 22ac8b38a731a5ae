//! `just bench-scale`: pledges per second through one replica and through three on the same
//! PostgreSQL (same workload: clients pledging and withdrawing over many ideas), median of
//! three short runs each, with where the time goes: CPU of the replicas, of PostgreSQL and
//! of this client (from /proc), pool connections in use (sampled from `/metrics`) and
//! sessions waiting on a lock (sampled from `pg_stat_activity`).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::PgConnection;

use super::cluster::{Cluster, METRICS_TOKEN};
use super::load::{Load, Seen};
use super::seed::{seed, Plan};
use super::{http, scenario};

/// One measured run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    /// Pledges created per second.
    pub per_sec: f64,
    /// Cores used by the replicas, PostgreSQL and the client.
    pub cpu: [f64; 3],
    /// Cores the machine had idle.
    pub idle: f64,
    /// Mean share of pool connections in use, over the replicas.
    pub pool_busy: f64,
    /// Mean sessions waiting on a lock.
    pub lock_waits: f64,
}

fn ticks_of(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let num = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    num(11) + num(12)
}

fn postgres_pids() -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "postgres")
        })
        .collect()
}

fn idle_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    stat.lines()
        .next()
        .map(|l| {
            l.split_whitespace()
                .skip(1)
                .enumerate()
                .filter(|(i, _)| *i == 3 || *i == 4)
                .filter_map(|(_, v)| v.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0)
}

struct Ticks {
    replicas: u64,
    postgres: u64,
    client: u64,
    idle: u64,
}

fn ticks(replicas: &[u32]) -> Ticks {
    Ticks {
        replicas: replicas.iter().map(|p| ticks_of(*p)).sum(),
        postgres: postgres_pids().into_iter().map(ticks_of).sum(),
        client: ticks_of(std::process::id()),
        idle: idle_ticks(),
    }
}

async fn pool_busy(client: &reqwest::Client, bases: &[String]) -> Option<f64> {
    let mut shares = Vec::new();
    for base in bases {
        let res = client
            .get(format!("{base}/metrics"))
            .bearer_auth(METRICS_TOKEN)
            .send()
            .await
            .ok()?;
        let text = res.text().await.ok()?;
        let value = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|v| v.parse::<f64>().ok())
        };
        let (all, idle, max) = (
            value("cc2i_db_pool_connections{")?,
            value("cc2i_db_pool_idle_connections{")?,
            value("cc2i_db_pool_max_connections{")?,
        );
        shares.push((all - idle) / max.max(1.0));
    }
    Some(shares.iter().sum::<f64>() / shares.len().max(1) as f64)
}

#[derive(QueryableByName)]
struct Waiting {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn lock_waits(conn: &mut PgConnection) -> f64 {
    diesel::sql_query(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
    .get_result::<Waiting>(conn)
    .map(|w| w.n as f64)
    .unwrap_or(0.0)
}

async fn measure(load: &Arc<Load>, cluster: &Cluster, clients: usize, secs: u64) -> Run {
    let pids: Vec<u32> = cluster.replicas.iter().filter_map(|r| r.pid()).collect();
    let mut conn = PgConnection::establish(&cluster.database_url).expect("database");
    load.stop.store(false, Ordering::Relaxed);
    let before_created = load.seen.created.load(Ordering::Relaxed);
    let before = ticks(&pids);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|n| tokio::spawn(load.clone().worker(n, n % load.bases.len())))
        .collect();
    let (mut pool, mut waits, mut samples) = (0.0_f64, 0.0_f64, 0.0_f64);
    while started.elapsed() < Duration::from_secs(secs) {
        tokio::time::sleep(Duration::from_millis(250)).await;
        pool += pool_busy(&load.client, &load.bases).await.unwrap_or(0.0);
        waits += lock_waits(&mut conn);
        samples += 1.0;
    }
    load.stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.await;
    }
    let wall = started.elapsed().as_secs_f64();
    let after = ticks(&pids);
    let created = load.seen.created.load(Ordering::Relaxed) - before_created;
    let cores = |a: u64, b: u64| a.saturating_sub(b) as f64 / 100.0 / wall;
    Run {
        per_sec: created as f64 / wall,
        cpu: [
            cores(after.replicas, before.replicas),
            cores(after.postgres, before.postgres),
            cores(after.client, before.client),
        ],
        idle: cores(after.idle, before.idle),
        pool_busy: pool / samples.max(1.0),
        lock_waits: waits / samples.max(1.0),
    }
}

fn median(runs: &mut [Run]) -> Run {
    runs.sort_by(|a, b| a.per_sec.total_cmp(&b.per_sec));
    runs[runs.len() / 2]
}

/// Measures `replicas` replicas: three runs, the median by pledges per second.
async fn bench(replicas: usize, clients: usize, secs: u64) -> (Run, Vec<f64>) {
    let mut cluster = Cluster::new(replicas, &[("CC2I_DB_POOL_SIZE", "8")]);
    cluster.start_all().await;
    let bases: Vec<String> = cluster.replicas.iter().map(|r| r.base.clone()).collect();
    let client = http::client();
    let plan = Plan {
        funders: 40,
        lasting: 40,
        due: 0,
        first_due_secs: 0,
        due_every_secs: 0,
        notify: false,
    };
    let dirs: Vec<_> = cluster
        .replicas
        .iter()
        .map(|r| r.data_dir.clone())
        .collect();
    let world = seed(&client, &bases, &dirs, plan, None).await;
    let load = Arc::new(Load {
        bases,
        world,
        seen: Arc::new(Seen::default()),
        stop: Default::default(),
        client,
        pledges_only: true,
    });
    let mut runs = Vec::new();
    for _ in 0..3 {
        runs.push(measure(&load, &cluster, clients, secs).await);
    }
    let all: Vec<f64> = runs.iter().map(|r| r.per_sec).collect();
    let errors = load.seen.server_errors.lock().expect("lock").len();
    assert_eq!(errors, 0, "answers >= 500 during the benchmark");
    cluster.stop();
    (median(&mut runs), all)
}

/// Runs the benchmark and prints the table.
pub async fn run() {
    let clients = std::env::var("CC2I_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(scenario::WORKERS / 2);
    let secs = std::env::var("CC2I_BENCH_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "pledges per second, {clients} clients pledging and withdrawing over 40 ideas and 40 organisations, {secs} s runs, median of 3; {cores} cores on this machine"
    );
    let (one, one_all) = bench(1, clients, secs).await;
    let (three, three_all) = bench(3, clients, secs).await;
    let row = |name: &str, f: &dyn Fn(&Run) -> String| {
        println!("{name:<40} {:>14} {:>14}", f(&one), f(&three));
    };
    println!("\n{:<40} {:>14} {:>14}", "", "1 replica", "3 replicas");
    row("pledges created per second (median)", &|r| {
        format!("{:.0}", r.per_sec)
    });
    println!(
        "{:<40} {:>14} {:>14}",
        "  the three runs",
        fmt_all(&one_all),
        fmt_all(&three_all)
    );
    row("CPU cores used by the replicas", &|r| {
        format!("{:.2}", r.cpu[0])
    });
    row("CPU cores used by PostgreSQL", &|r| {
        format!("{:.2}", r.cpu[1])
    });
    row("CPU cores used by this client", &|r| {
        format!("{:.2}", r.cpu[2])
    });
    row("CPU cores idle", &|r| format!("{:.2}", r.idle));
    row("pool connections in use (mean share)", &|r| {
        format!("{:.0}%", r.pool_busy * 100.0)
    });
    row("sessions waiting on a lock (mean)", &|r| {
        format!("{:.1}", r.lock_waits)
    });
    let others = |r: &Run| (cores as f64 - r.idle - r.cpu.iter().sum::<f64>()).max(0.0);
    row("CPU cores used by other processes", &|r| {
        format!("{:.2}", others(r))
    });
    let names = ["the replicas", "PostgreSQL", "this client"];
    let (top, used) =
        three.cpu.iter().enumerate().fold(
            (0, 0.0),
            |best, (i, c)| if *c > best.1 { (i, *c) } else { best },
        );
    let limit = if three.idle < 0.1 * cores as f64 {
        format!(
            "the machine's CPU (no core idle; other processes took {:.2} cores)",
            others(&three)
        )
    } else if three.pool_busy > 0.9 {
        "the replicas' connection pools (nearly every connection in use)".to_string()
    } else {
        format!("waiting, not CPU ({:.2} cores idle): the idea's row lock ({:.1} sessions waiting on average)", three.idle, three.lock_waits)
    };
    println!(
        "\nbottleneck at 3 replicas: {limit}. Of the work measured, {} used the most CPU ({used:.2} cores). Three replicas gave {:.2}x one replica's pledges per second on the same {cores} cores.",
        names[top],
        three.per_sec / one.per_sec.max(0.001),
    );
}

fn fmt_all(all: &[f64]) -> String {
    all.iter()
        .map(|v| format!("{v:.0}"))
        .collect::<Vec<_>>()
        .join("/")
}
