//! 64 concurrent clients pledge, approve, change, withdraw, retry with the same key and
//! read, for a bounded time; then every invariant of the funding rules is checked.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cc2i_shared::idea::Idea;
use cc2i_shared::pledge::{LedgerEntry, Pledge, PledgeStatus};
use cc2i_shared::{Organisation, Page};
use cc2i_tests::{ok, Session, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

const CLIENTS: usize = 64;
const ORGS: usize = 32;
const RUN_FOR: Duration = Duration::from_secs(4);

#[derive(Default)]
struct Observed {
    created: Vec<String>,
    server_errors: Vec<String>,
    bad_reads: Vec<i64>,
    operations: usize,
}

/// A tiny deterministic generator so runs are repeatable without a crate.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

async fn ledger(app: &TestApp, idea_id: &str) -> Vec<LedgerEntry> {
    let mut all = Vec::new();
    let mut cursor = String::new();
    loop {
        let page: Page<LedgerEntry> = ok(
            app.get(
                &format!("/api/v1/ideas/{idea_id}/ledger?limit=100{cursor}"),
                None,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        all.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return all,
        }
    }
}

async fn client(
    app: Arc<TestApp>,
    me: Session,
    org: Organisation,
    ideas: Vec<Idea>,
    seed: u64,
    seen: Arc<Mutex<Observed>>,
) {
    let mut rng = Lcg(seed);
    let started = Instant::now();
    let mut mine: Vec<String> = Vec::new();
    while started.elapsed() < RUN_FOR {
        let idea = &ideas[rng.next(ideas.len() as u64) as usize];
        let record = |res: &reqwest::Response, what: &str| {
            let mut s = seen.lock().unwrap();
            s.operations += 1;
            if res.status().is_server_error() {
                s.server_errors.push(format!("{what}: {}", res.status()));
            }
        };
        match rng.next(10) {
            0..=3 => {
                let share = 500 + 100 * rng.next(11) as i64;
                let key = format!("load-{seed}-{}", rng.next(u64::MAX));
                let body = json!({"organisation_id": org.id, "share_bp": share, "business_case_version": idea.business_case_version});
                // Sometimes the same request twice at once, as a client retrying too eagerly.
                let twice = rng.next(4) == 0;
                let first = app.pledge_with_key(&me, &idea.id, body.clone(), &key);
                let (a, b) = if twice {
                    let (a, b) =
                        tokio::join!(first, app.pledge_with_key(&me, &idea.id, body, &key));
                    (a, Some(b))
                } else {
                    (first.await, None)
                };
                for res in std::iter::once(a).chain(b) {
                    record(&res, "pledge");
                    if res.status() == StatusCode::CREATED {
                        let pledge: Pledge = res.json().await.unwrap();
                        let mut s = seen.lock().unwrap();
                        s.created.push(pledge.id.clone());
                        mine.push(pledge.id);
                    }
                }
            }
            4..=5 if !mine.is_empty() => {
                let id = mine[rng.next(mine.len() as u64) as usize].clone();
                let action = if rng.next(2) == 0 {
                    "withdraw"
                } else {
                    "approve"
                };
                let res = app
                    .post(
                        &format!("/api/v1/pledges/{id}/{action}"),
                        Some(&me.token),
                        json!({}),
                    )
                    .await;
                record(&res, action);
            }
            6 if !mine.is_empty() => {
                let id = mine[rng.next(mine.len() as u64) as usize].clone();
                let share = 500 + 100 * rng.next(20) as i64;
                let res = app
                    .patch(
                        &format!("/api/v1/pledges/{id}"),
                        Some(&me.token),
                        json!({"share_bp": share}),
                    )
                    .await;
                record(&res, "change");
            }
            _ => {
                let res = app
                    .get(&format!("/api/v1/ideas/{}/funding", idea.id), None)
                    .await;
                record(&res, "read");
                if res.status() == StatusCode::OK {
                    let body: Value = res.json().await.unwrap();
                    let total = body["pledged_bp"].as_i64().unwrap();
                    if !(0..=body["max_total_bp"].as_i64().unwrap()).contains(&total) {
                        seen.lock().unwrap().bad_reads.push(total);
                    }
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_concurrent_clients_never_break_the_cap_the_ledger_or_a_pledge() {
    let app =
        Arc::new(TestApp::spawn_with(&[("CC2I_WORKERS", "2"), ("CC2I_DB_POOL_SIZE", "8")]).await);
    let proposer = app.user().await;
    let ideas = vec![
        app.open_idea(&proposer).await,
        app.open_idea(&proposer).await,
    ];
    let mut teams = Vec::new();
    for i in 0..ORGS {
        let owner = app.user().await;
        // Half the organisations self-approve; the others need their second person.
        let org = app
            .funder(&owner, if i % 2 == 0 { 100_000_000_000 } else { 0 })
            .await;
        let checker = app.user().await;
        app.add_member(&owner, &org, &checker, "admin").await;
        teams.push((owner, checker, org));
    }
    let seen = Arc::new(Mutex::new(Observed::default()));
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (owner, checker, org) = &teams[c % ORGS];
        let me = if c < ORGS {
            owner.clone()
        } else {
            checker.clone()
        };
        tasks.push(tokio::spawn(client(
            app.clone(),
            me,
            org.clone(),
            ideas.clone(),
            c as u64 + 1,
            seen.clone(),
        )));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    assert!(
        seen.server_errors.is_empty(),
        "5xx responses: {:?}",
        seen.server_errors
    );
    assert!(
        seen.bad_reads.is_empty(),
        "reads outside 0..=cap: {:?}",
        seen.bad_reads
    );
    assert!(
        seen.created.len() > 10,
        "the load created pledges ({})",
        seen.created.len()
    );
    let created: HashSet<&String> = seen.created.iter().collect();
    let mut in_ledger: HashMap<String, usize> = HashMap::new();
    for idea in &ideas {
        let entries = ledger(&app, &idea.id).await;
        assert_eq!(
            entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
            (1..=entries.len() as i64).collect::<Vec<_>>(),
            "gapless seq"
        );
        for e in entries.iter().filter(|e| e.kind == "pledge_created") {
            *in_ledger.entry(e.pledge_id.clone().unwrap()).or_default() += 1;
        }
        let now: Idea = ok(
            app.get(&format!("/api/v1/ideas/{}", idea.id), None).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            entries.iter().map(|e| e.bp_delta).sum::<i64>(),
            now.funding.pledged_bp,
            "totals equal the ledger"
        );
        let pledges: Vec<cc2i_shared::pledge::PublicPledge> = ok(
            app.get(
                &format!("/api/v1/ideas/{}/pledges", idea.id),
                Some(&app.admin().await),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let active: i64 = pledges
            .iter()
            .filter(|p| p.status == PledgeStatus::Active)
            .map(|p| p.share_bp)
            .sum();
        assert!(
            active <= i64::from(now.max_total_bp),
            "active {active} over the cap"
        );
        let mut live_orgs = HashSet::new();
        for p in pledges.iter().filter(|p| p.status.is_live()) {
            assert!(
                live_orgs.insert(&p.organisation_id),
                "two live pledges from one organisation"
            );
        }
    }
    for id in &created {
        assert_eq!(
            in_ledger.get(*id),
            Some(&1),
            "acknowledged pledge {id} is in the ledger exactly once"
        );
    }
    assert_eq!(
        in_ledger.len(),
        created.len(),
        "no pledge exists that was not acknowledged once"
    );
    eprintln!(
        "concurrency: {} operations, {} pledges created, 0 violations",
        seen.operations,
        created.len()
    );
}
