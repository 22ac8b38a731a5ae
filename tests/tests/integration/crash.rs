//! Kills the server with SIGKILL during pledge load, again and again, restarts it, retries
//! every unacknowledged request with its Idempotency-Key, and checks that no acknowledged
//! pledge was lost or duplicated and that the totals still equal the ledger.

use std::collections::HashMap;
use std::time::Duration;

use cc2i_shared::idea::Idea;
use cc2i_shared::pledge::{LedgerEntry, Pledge, PledgeStatus};
use cc2i_shared::{Organisation, Page};
use cc2i_tests::factors::Accounts;
use cc2i_tests::fixtures::{business_case, new_idea};
use cc2i_tests::process::{free_port, ServerProcess};
use cc2i_tests::{fresh_database_url, ADMIN_EMAIL, JWT_SECRET, PASSWORD};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const ROUNDS: usize = 20;
const PER_ROUND: usize = 8;
const ORGS: usize = 20;
const IDEAS: usize = 8;

struct Funder {
    token: String,
    org: Organisation,
}

async fn call(
    client: &Client,
    base: &str,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> Value {
    let res = client
        .request(method, format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.json().await.unwrap()
}

/// A token that stepped up just now (the first time, the account's app is added).
async fn sign_in(accounts: &Accounts, email: &str) -> String {
    let token = accounts.sign_in(email, PASSWORD).await;
    accounts.stepped_up(email, &token).await
}

async fn setup(
    client: &Client,
    base: &str,
    dirs: &[std::path::PathBuf],
    accounts: &Accounts,
) -> (Vec<Funder>, Vec<Idea>) {
    let admin = sign_in(accounts, ADMIN_EMAIL).await;
    let mut funders = Vec::new();
    for i in 0..ORGS {
        let email = format!("crash{i}@council.example");
        client
            .post(format!("{base}/api/v1/auth/register"))
            .json(&json!({"email": email, "password": PASSWORD, "display_name": "Crash"}))
            .send()
            .await
            .unwrap();
        cc2i_tests::accounts::confirm_email(client, base, dirs, &email).await;
        let token = sign_in(accounts, &email).await;
        let body = json!({"name": format!("Crash Council {i}"), "kind": "local_authority", "region": "london", "identifier": format!("GB-COH-{:08}", 70000 + i)});
        let org: Organisation = serde_json::from_value(
            call(
                client,
                base,
                &token,
                reqwest::Method::POST,
                "/api/v1/organisations",
                body,
            )
            .await,
        )
        .unwrap();
        call(
            client,
            base,
            &admin,
            reqwest::Method::POST,
            &format!("/api/v1/organisations/{}/verify", org.id),
            json!({}),
        )
        .await;
        call(
            client,
            base,
            &token,
            reqwest::Method::PATCH,
            &format!("/api/v1/organisations/{}", org.id),
            json!({"self_approval_limit_pence": 100_000_000_000_i64}),
        )
        .await;
        funders.push(Funder { token, org });
    }
    let proposer = &funders[0];
    let mut ideas = Vec::new();
    for i in 0..IDEAS {
        let idea: Idea = serde_json::from_value(
            call(
                client,
                base,
                &proposer.token,
                reqwest::Method::POST,
                "/api/v1/ideas",
                new_idea(&proposer.org.id, &format!("Crash idea {i}")),
            )
            .await,
        )
        .unwrap();
        call(
            client,
            base,
            &proposer.token,
            reqwest::Method::PUT,
            &format!("/api/v1/ideas/{}/business-case", idea.id),
            business_case(),
        )
        .await;
        call(
            client,
            base,
            &proposer.token,
            reqwest::Method::POST,
            &format!("/api/v1/ideas/{}/submit", idea.id),
            json!({}),
        )
        .await;
        let open: Idea = serde_json::from_value(
            call(
                client,
                base,
                &admin,
                reqwest::Method::POST,
                &format!("/api/v1/ideas/{}/publish", idea.id),
                json!({}),
            )
            .await,
        )
        .unwrap();
        ideas.push(open);
    }
    (funders, ideas)
}

struct Attempt {
    funder: usize,
    idea: usize,
    key: String,
    acknowledged: Option<String>,
}

async fn send(
    client: &Client,
    base: &str,
    funders: &[Funder],
    ideas: &[Idea],
    a: &Attempt,
) -> Result<(StatusCode, String, bool), reqwest::Error> {
    let f = &funders[a.funder];
    let body = json!({"organisation_id": f.org.id, "share_bp": 500, "business_case_version": 1});
    let res = client
        .post(format!("{base}/api/v1/ideas/{}/pledges", ideas[a.idea].id))
        .bearer_auth(&f.token)
        .header("idempotency-key", &a.key)
        .json(&body)
        .send()
        .await?;
    let status = res.status();
    let replayed = res.headers().contains_key("idempotent-replayed");
    Ok((status, res.text().await?, replayed))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_acknowledged_pledge_is_lost_or_duplicated_across_twenty_kill_9s() {
    let dir = tempfile::tempdir().unwrap();
    let env = vec![
        ("DATABASE_URL", fresh_database_url(dir.path())),
        ("CC2I_DATA_DIR", dir.path().display().to_string()),
        ("CC2I_JWT_SECRET", JWT_SECRET.to_string()),
        ("CC2I_PUBLIC_URL", cc2i_tests::PUBLIC_URL.to_string()),
        ("CC2I_ADMIN_EMAIL", ADMIN_EMAIL.to_string()),
        ("CC2I_ADMIN_PASSWORD", PASSWORD.to_string()),
        ("CC2I_WORKERS", "2".to_string()),
        ("CC2I_WEB_DIST", dir.path().display().to_string()),
    ];
    let client = Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let server = ServerProcess::start(free_port(), &env).await;
    let accounts = Accounts::new(&client, &server.base);
    let (funders, ideas) = setup(
        &client,
        &server.base,
        &cc2i_tests::accounts::one(dir.path()),
        &accounts,
    )
    .await;
    server.kill();

    let mut attempts = Vec::new();
    let mut kills = 0;
    for round in 0..ROUNDS {
        let server = ServerProcess::start(free_port(), &env).await;
        let base = server.base.clone();
        let first = attempts.len();
        for i in 0..PER_ROUND {
            let n = round * PER_ROUND + i;
            attempts.push(Attempt {
                funder: n % ORGS,
                idea: n / ORGS,
                key: format!("crash-key-{round:02}-{i:02}-xxxx"),
                acknowledged: None,
            });
        }
        // Fire the round's requests together and kill the server part-way through.
        let sends = attempts[first..]
            .iter()
            .map(|a| send(&client, &base, &funders, &ideas, a));
        let killer = async {
            tokio::time::sleep(Duration::from_millis(15 + (round as u64 * 13) % 90)).await;
            server.kill();
        };
        let (results, ()) = tokio::join!(futures_util::future::join_all(sends), killer);
        kills += 1;
        for (a, result) in attempts[first..].iter_mut().zip(results) {
            if let Ok((StatusCode::CREATED, body, _)) = result {
                a.acknowledged = Some(serde_json::from_str::<Pledge>(&body).unwrap().id);
            }
        }
    }

    let server = ServerProcess::start(free_port(), &env).await;
    let acknowledged_before = attempts.iter().filter(|a| a.acknowledged.is_some()).count();
    let mut retried = 0;
    let mut committed_unacknowledged = 0;
    for a in attempts.iter_mut() {
        retried += usize::from(a.acknowledged.is_none());
        // Every request is retried with its key; acknowledged ones must replay the same pledge.
        let mut tries = 0;
        let (status, body) = loop {
            let (status, body, replayed) = send(&client, &server.base, &funders, &ideas, a)
                .await
                .unwrap();
            committed_unacknowledged += usize::from(replayed && a.acknowledged.is_none());
            if status == StatusCode::CONFLICT && body.contains("request_in_progress") && tries < 40
            {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
            break (status, body);
        };
        assert_eq!(status, StatusCode::CREATED, "retry of {}: {body}", a.key);
        let id = serde_json::from_str::<Pledge>(&body).unwrap().id;
        if let Some(before) = &a.acknowledged {
            assert_eq!(&id, before, "an acknowledged pledge replays as itself");
        }
        a.acknowledged = Some(id);
    }

    let admin = accounts
        .at(&server.base)
        .sign_in(ADMIN_EMAIL, PASSWORD)
        .await;
    let mut per_pair: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, idea) in ideas.iter().enumerate() {
        let pledges: Vec<cc2i_shared::pledge::PublicPledge> = client
            .get(format!("{}/api/v1/ideas/{}/pledges", server.base, idea.id))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for p in &pledges {
            assert_eq!(p.status, PledgeStatus::Active);
            let funder = funders
                .iter()
                .position(|f| f.org.id == p.organisation_id)
                .unwrap();
            *per_pair.entry((funder, i)).or_default() += 1;
        }
        let ledger: Page<LedgerEntry> = client
            .get(format!(
                "{}/api/v1/ideas/{}/ledger?limit=100",
                server.base, idea.id
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let now: Idea = client
            .get(format!("{}/api/v1/ideas/{}", server.base, idea.id))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            ledger.items.iter().map(|e| e.bp_delta).sum::<i64>(),
            now.funding.pledged_bp,
            "totals equal the ledger"
        );
        assert_eq!(
            ledger.items.len(),
            pledges.len(),
            "one ledger entry per pledge"
        );
        assert_eq!(now.funding.pledged_bp, 500 * pledges.len() as i64);
    }
    for a in &attempts {
        assert_eq!(
            per_pair.get(&(a.funder, a.idea)),
            Some(&1),
            "exactly one pledge for {}",
            a.key
        );
    }
    assert_eq!(per_pair.len(), attempts.len());
    eprintln!(
        "crash: {kills} kill -9s, {} requests, {acknowledged_before} acknowledged before a kill, {retried} retried after ({committed_unacknowledged} had committed without an answer), 0 lost, 0 duplicated",
        attempts.len()
    );
}
