//! Production settings from the environment: pool wait, statement timeout, keep-alive, and
//! clear start-up errors for bad values.

use std::process::Command;
use std::time::{Duration, Instant};

use cc2i_tests::process::binary;
use cc2i_tests::{problem, TestApp, JWT_SECRET};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn bad_settings_stop_the_process_with_a_message_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    for (name, value) in [
        ("CC2I_DB_POOL_SIZE", "0"),
        ("CC2I_DB_CONNECT_TIMEOUT_MS", "soon"),
        ("CC2I_DB_STATEMENT_TIMEOUT_MS", "-5"),
        ("CC2I_SHUTDOWN_TIMEOUT_S", "99999"),
        ("CC2I_KEEP_ALIVE_S", "1.5"),
    ] {
        let out = Command::new(binary())
            .arg("serve")
            .env("CC2I_DATA_DIR", dir.path())
            .env("CC2I_JWT_SECRET", JWT_SECRET)
            .env("CC2I_BIND", "127.0.0.1:0")
            .env(name, value)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}={value}: {stderr}");
        assert!(
            stderr.contains(&format!("cc2i: {name} must be a whole number from")),
            "{name}={value}: {stderr}"
        );
    }
}

#[tokio::test]
async fn keep_alive_is_configurable_and_zero_turns_it_off() {
    let on = TestApp::spawn_with(&[("CC2I_KEEP_ALIVE_S", "75")]).await;
    let res = on.get("/healthz", None).await;
    assert!(res.headers().get("connection").is_none_or(|v| v != "close"));
    let off = TestApp::spawn_with(&[("CC2I_KEEP_ALIVE_S", "0")]).await;
    let res = off.get("/healthz", None).await;
    assert_eq!(res.headers()["connection"], "close");
}

/// A statement that waits past `CC2I_DB_STATEMENT_TIMEOUT_MS` is cut short and answered 503,
/// not left holding a connection. On SQLite the setting is accepted and ignored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_past_the_statement_timeout_is_503_on_postgresql() {
    let app = TestApp::spawn_with(&[("CC2I_DB_STATEMENT_TIMEOUT_MS", "400")]).await;
    let idea = app.open_idea(&app.user().await).await;
    let who = app.user().await;
    let org = app.funder(&who, 100_000_000_000).await;
    let body = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 1});
    if !app.is_postgres() {
        let res = app
            .pledge_with_key(&who, &idea.id, body, "sqlite-timeout-key-01")
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        return;
    }
    // Another session holds the idea's row lock for 3 seconds.
    let holder = hold_idea_lock(&app, &idea.id, Duration::from_secs(3));
    let started = Instant::now();
    let res = app
        .pledge_with_key(&who, &idea.id, body.clone(), "pg-timeout-key-00001")
        .await;
    problem(res, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "cut short at 400 ms"
    );
    holder.join().unwrap();
    // Nothing was written, and the same key now pledges.
    let res = app
        .pledge_with_key(&who, &idea.id, body, "pg-timeout-key-00001")
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

fn hold_idea_lock(app: &TestApp, idea_id: &str, hold: Duration) -> std::thread::JoinHandle<()> {
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (url, idea_id) = (app.database_url.clone(), idea_id.to_string());
    let holder = std::thread::spawn(move || {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let mut conn = diesel::PgConnection::establish(&url).unwrap();
        conn.batch_execute(&format!(
            "BEGIN; SELECT id FROM ideas WHERE id = '{idea_id}' FOR UPDATE;"
        ))
        .unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(hold);
        conn.batch_execute("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    holder
}

/// On PostgreSQL, with both pooled connections busy (two pledges waiting on a locked idea),
/// a third request gives up after `CC2I_DB_CONNECT_TIMEOUT_MS` with 503, then all recover.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_request_waits_for_a_connection_no_longer_than_the_pool_timeout() {
    let app = TestApp::spawn_with(&[
        ("CC2I_DB_POOL_SIZE", "2"),
        ("CC2I_DB_CONNECT_TIMEOUT_MS", "300"),
        ("CC2I_WORKERS", "4"),
    ])
    .await;
    if !app.is_postgres() {
        // SQLite readers never wait on another session's lock; the setting is accepted.
        assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
        return;
    }
    let idea = app.open_idea(&app.user().await).await;
    let mut waiting = Vec::new();
    let mut funders = Vec::new();
    for _ in 0..2 {
        let who = app.user().await;
        let org = app.funder(&who, 100_000_000_000).await;
        funders.push((who, org));
    }
    let holder = hold_idea_lock(&app, &idea.id, Duration::from_secs(3));
    for (i, (who, org)) in funders.iter().enumerate() {
        let body = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 1});
        let req = app
            .client
            .post(format!("{}/api/v1/ideas/{}/pledges", app.base, idea.id))
            .bearer_auth(&who.token)
            .header("idempotency-key", format!("pool-wait-key-0000{i}"))
            .json(&body)
            .send();
        waiting.push(tokio::spawn(req));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    problem(
        app.get("/readyz", None).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
    )
    .await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(2),
        "{waited:?}"
    );
    holder.join().unwrap();
    for req in waiting {
        assert_eq!(req.await.unwrap().unwrap().status(), StatusCode::CREATED);
    }
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
}
