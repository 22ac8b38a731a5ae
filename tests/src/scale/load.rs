//! The load: workers spread round-robin over the replicas, each looping until told to stop
//! over pledges (with an Idempotency-Key, some retried on another replica, some sent to two
//! replicas at once), approvals, withdrawals and reads. Every answer is counted by kind and
//! label; every acknowledged pledge is remembered with its key; every pledge whose answer
//! was lost is kept to be resolved by retrying its key.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::{Client, Method};
use serde_json::{json, Value};

use super::http::{send, Outcome};
use super::seed::World;

/// A pledge request, kept so it can be sent again with the same key.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The Idempotency-Key.
    pub key: String,
    /// Who sent it.
    pub token: String,
    /// The idea's pledges path.
    pub path: String,
    /// The body.
    pub body: Value,
    /// Which funder.
    pub funder: usize,
}

/// Everything the workers saw.
#[derive(Default)]
pub struct Seen {
    /// Answers by (operation, label).
    pub counts: Mutex<BTreeMap<(String, String), u64>>,
    /// Acknowledged pledges: key to pledge id.
    pub acked: Mutex<HashMap<String, String>>,
    /// Pledges waiting for approval: (pledge id, funder).
    pub pending: Mutex<Vec<(String, usize)>>,
    /// Live pledges: (pledge id, funder).
    pub active: Mutex<Vec<(String, usize)>>,
    /// Pledges whose answer was lost.
    pub unknown: Mutex<Vec<Attempt>>,
    /// Broken promises, described.
    pub violations: Mutex<Vec<String>>,
    /// Answers >= 500, by replica.
    pub server_errors: Mutex<Vec<String>>,
    /// Pledges acknowledged with 201 (not replays).
    pub created: AtomicU64,
}

impl Seen {
    fn count(&self, op: &str, outcome: &Outcome) {
        self.bump(op, &outcome.label());
    }

    fn bump(&self, op: &str, label: &str) {
        let mut counts = self.counts.lock().expect("lock");
        *counts
            .entry((op.to_string(), label.to_string()))
            .or_default() += 1;
    }

    /// Records a violation.
    pub fn violation(&self, what: String) {
        self.violations.lock().expect("lock").push(what);
    }

    fn check_5xx(&self, replica: usize, op: &str, outcome: &Outcome) {
        if let Outcome::Answer { status, raw, .. } = outcome {
            if *status >= 500 {
                let mut errors = self.server_errors.lock().expect("lock");
                errors.push(format!(
                    "replica {replica} {op}: {status} {}",
                    raw.chars().take(200).collect::<String>()
                ));
            }
        }
    }
}

/// What every worker shares.
pub struct Load {
    /// The replicas' base URLs.
    pub bases: Vec<String>,
    /// The seeded world.
    pub world: World,
    /// What was seen.
    pub seen: Arc<Seen>,
    /// Set to stop the workers.
    pub stop: AtomicBool,
    /// The client.
    pub client: Client,
    /// Only pledges and withdrawals (for the benchmark).
    pub pledges_only: bool,
}

/// A tiny deterministic generator per worker.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn take_random(pool: &Mutex<Vec<(String, usize)>>, rng: &mut Rng) -> Option<(String, usize)> {
    let mut pool = pool.lock().expect("lock");
    if pool.is_empty() {
        return None;
    }
    let i = rng.below(pool.len());
    Some(pool.swap_remove(i))
}

impl Load {
    fn other(&self, replica: usize, step: usize) -> usize {
        (replica + step) % self.bases.len()
    }

    /// One worker, bound to `replica`, until `stop`.
    pub async fn worker(self: Arc<Self>, n: usize, replica: usize) {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (n as u64 + 1).wrapping_mul(0x2545_F491));
        while !self.stop.load(Ordering::Relaxed) {
            let roll = rng.below(100);
            if self.pledges_only {
                if roll < 60 {
                    self.pledge(&mut rng, replica).await;
                } else {
                    self.withdraw(&mut rng, replica).await;
                }
                continue;
            }
            match roll {
                0..=44 => self.pledge(&mut rng, replica).await,
                45..=59 => self.approve(&mut rng, replica).await,
                60..=69 => self.withdraw(&mut rng, replica).await,
                _ => self.read(&mut rng, replica).await,
            }
        }
    }

    fn attempt(&self, rng: &mut Rng) -> Attempt {
        let funder = rng.below(self.world.funders.len());
        let f = &self.world.funders[funder];
        let idea = &self.world.ideas[rng.below(self.world.ideas.len())];
        let token = if self.pledges_only || rng.below(10) < 7 {
            f.owner.clone()
        } else {
            f.maker.clone()
        };
        Attempt {
            key: format!("scale-{}", uuid::Uuid::now_v7().simple()),
            token,
            path: format!("/api/v1/ideas/{}/pledges", idea.id),
            body: json!({"organisation_id": f.org_id, "share_bp": 500 + 100 * rng.below(16) as i64, "business_case_version": idea.version}),
            funder,
        }
    }

    async fn post_pledge(&self, a: &Attempt, replica: usize) -> Outcome {
        send(
            &self.client,
            &self.bases[replica],
            Method::POST,
            &a.path,
            Some(&a.token),
            Some(&a.body),
            Some(&a.key),
        )
        .await
    }

    /// Remembers an acknowledged pledge; a key acknowledged twice must name one pledge.
    pub fn acknowledge(&self, a: &Attempt, body: &Value) {
        let Some(id) = body["id"].as_str() else {
            self.seen
                .violation(format!("pledge {} acknowledged without an id", a.key));
            return;
        };
        let mut acked = self.seen.acked.lock().expect("lock");
        if let Some(before) = acked.insert(a.key.clone(), id.to_string()) {
            if before != id {
                self.seen.violation(format!(
                    "key {} acknowledged as two pledges: {before} and {id}",
                    a.key
                ));
            }
            return;
        }
        drop(acked);
        let entry = (id.to_string(), a.funder);
        match body["status"].as_str() {
            Some("pending_approval") => self.seen.pending.lock().expect("lock").push(entry),
            Some("active") => self.seen.active.lock().expect("lock").push(entry),
            _ => {}
        }
    }

    async fn pledge(&self, rng: &mut Rng, replica: usize) {
        let a = self.attempt(rng);
        let concurrent = !self.pledges_only && rng.below(10) == 0;
        if concurrent {
            let twin = self.other(replica, 1);
            let (first, second) =
                tokio::join!(self.post_pledge(&a, replica), self.post_pledge(&a, twin));
            self.settle("pledge", &a, replica, &first);
            self.settle("pledge (same key, two replicas at once)", &a, twin, &second);
            if let (
                Outcome::Answer {
                    status: s1,
                    body: b1,
                    ..
                },
                Outcome::Answer {
                    status: s2,
                    body: b2,
                    ..
                },
            ) = (&first, &second)
            {
                let in_progress = |b: &Value| b["code"] == "request_in_progress";
                if !in_progress(b1) && !in_progress(b2) && (s1 != s2 || !same_answer(b1, b2)) {
                    self.seen.violation(format!(
                        "key {} answered differently by two replicas at once: {s1} {b1} / {s2} {b2}",
                        a.key
                    ));
                }
            }
            return;
        }
        let outcome = self.post_pledge(&a, replica).await;
        self.settle("pledge", &a, replica, &outcome);
        let Outcome::Answer { status, body, .. } = &outcome else {
            return;
        };
        if self.pledges_only || rng.below(4) != 0 {
            return;
        }
        // Retry the same key on another replica: it must answer the same, as a replay.
        for step in 1..self.bases.len() {
            let other = self.other(replica, step);
            let again = self.post_pledge(&a, other).await;
            self.seen.check_5xx(other, "pledge retry", &again);
            match &again {
                Outcome::Refused => continue,
                Outcome::Unknown(_) => {
                    self.seen
                        .count("pledge retry, same key, other replica", &again);
                    return;
                }
                Outcome::Answer {
                    status: s2,
                    body: b2,
                    replayed,
                    ..
                } => {
                    let same = s2 == status && same_answer(body, b2) && *replayed;
                    let label = if same {
                        "same answer, replayed".to_string()
                    } else {
                        format!("DIFFERENT: {}", again.label())
                    };
                    self.seen
                        .bump("pledge retry, same key, other replica", &label);
                    if !same {
                        self.seen.violation(format!(
                            "key {} answered {status} {body} then {s2} {b2} (replayed: {replayed})",
                            a.key
                        ));
                    }
                    return;
                }
            }
        }
    }

    fn settle(&self, op: &str, a: &Attempt, replica: usize, outcome: &Outcome) {
        self.seen.count(op, outcome);
        self.seen.check_5xx(replica, op, outcome);
        match outcome {
            Outcome::Answer {
                status,
                body,
                replayed,
                ..
            } if (200..300).contains(status) => {
                if *status == 201 && !replayed {
                    self.seen.created.fetch_add(1, Ordering::Relaxed);
                }
                self.acknowledge(a, body);
            }
            Outcome::Unknown(_) => self.seen.unknown.lock().expect("lock").push(a.clone()),
            _ => {}
        }
    }

    /// Posts `/api/v1/pledges/{id}/{action}` as the funder's owner, counting the answer.
    async fn pledge_action(
        &self,
        replica: usize,
        id: &str,
        funder: usize,
        action: &'static str,
    ) -> Outcome {
        let path = format!("/api/v1/pledges/{id}/{action}");
        let outcome = send(
            &self.client,
            &self.bases[replica],
            Method::POST,
            &path,
            Some(&self.world.funders[funder].owner),
            Some(&json!({})),
            None,
        )
        .await;
        self.seen.count(action, &outcome);
        self.seen.check_5xx(replica, action, &outcome);
        outcome
    }

    async fn approve(&self, rng: &mut Rng, replica: usize) {
        let Some((id, funder)) = take_random(&self.seen.pending, rng) else {
            return self.read(rng, replica).await;
        };
        let outcome = self.pledge_action(replica, &id, funder, "approve").await;
        match outcome.status() {
            Some(200) => self.seen.active.lock().expect("lock").push((id, funder)),
            None => self.seen.pending.lock().expect("lock").push((id, funder)),
            _ => {}
        }
    }

    async fn withdraw(&self, rng: &mut Rng, replica: usize) {
        let Some((id, funder)) = take_random(&self.seen.active, rng) else {
            return if self.pledges_only {
                self.pledge(rng, replica).await
            } else {
                self.read(rng, replica).await
            };
        };
        let outcome = self.pledge_action(replica, &id, funder, "withdraw").await;
        if outcome.status().is_none() {
            self.seen.active.lock().expect("lock").push((id, funder));
        }
    }

    async fn read(&self, rng: &mut Rng, replica: usize) {
        let idea = &self.world.ideas[rng.below(self.world.ideas.len())];
        let (op, path) = match rng.below(3) {
            0 => ("read funding", format!("/api/v1/ideas/{}/funding", idea.id)),
            1 => (
                "read ledger",
                format!("/api/v1/ideas/{}/ledger?limit=50", idea.id),
            ),
            _ => ("read idea", format!("/api/v1/ideas/{}", idea.id)),
        };
        let outcome = send(
            &self.client,
            &self.bases[replica],
            Method::GET,
            &path,
            None,
            None,
            None,
        )
        .await;
        self.seen.count(op, &outcome);
        self.seen.check_5xx(replica, op, &outcome);
        if let Outcome::Answer {
            status: 200, body, ..
        } = &outcome
        {
            if op == "read funding" {
                let total = body["pledged_bp"].as_i64().unwrap_or(-1);
                let cap = body["max_total_bp"].as_i64().unwrap_or(0);
                if !(0..=cap).contains(&total) {
                    self.seen.violation(format!(
                        "idea {} read with {total} bp pledged, cap {cap}",
                        idea.id
                    ));
                }
            }
        }
    }

    /// Sends every pledge whose answer was lost again with its key, on any replica that
    /// answers, until it gets an answer other than `request_in_progress`.
    pub async fn resolve_unknown(&self) -> usize {
        let unknown: Vec<Attempt> = std::mem::take(&mut *self.seen.unknown.lock().expect("lock"));
        for a in &unknown {
            let mut resolved = false;
            for round in 0..60 {
                let replica = round % self.bases.len();
                let outcome = self.post_pledge(a, replica).await;
                self.seen.check_5xx(replica, "resolve", &outcome);
                if let Outcome::Answer { status, body, .. } = &outcome {
                    if body["code"] != "request_in_progress" {
                        self.seen
                            .count("resolve unknown pledge by its key", &outcome);
                        if (200..300).contains(status) {
                            self.acknowledge(a, body);
                        }
                        resolved = true;
                        break;
                    }
                }
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            }
            if !resolved {
                self.seen
                    .violation(format!("pledge key {} never got an answer", a.key));
            }
        }
        unknown.len()
    }
}

/// Two answers to one key agree: the same pledge, or the same problem code.
fn same_answer(a: &Value, b: &Value) -> bool {
    match (a["id"].as_str(), b["id"].as_str()) {
        (Some(x), Some(y)) => x == y,
        _ => a["code"] == b["code"],
    }
}
