//! Readiness for load balancers: `/readyz` fails while the database is unreachable and
//! recovers with it, and from `SIGTERM` on while requests in progress finish.

use std::time::{Duration, Instant};

use cc2i_tests::forwarder::Forwarder;
use cc2i_tests::process::{free_port, ServerProcess};
use cc2i_tests::{fresh_database_url, problem, TestApp, ADMIN_EMAIL, JWT_SECRET, PASSWORD};
use reqwest::StatusCode;

async fn readyz_until(app: &TestApp, want: StatusCode) -> reqwest::Response {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let res = app.get("/readyz", None).await;
        if res.status() == want {
            return res;
        }
        assert!(Instant::now() < deadline, "/readyz never answered {want}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// On PostgreSQL, through a forwarder the test cuts and restores. (An embedded SQLite file
/// cannot become unreachable.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_fails_while_the_database_is_unreachable_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path());
    if !url.starts_with("postgres") {
        return;
    }
    let forwarder = Forwarder::start("127.0.0.1:5432".parse().unwrap()).await;
    let forwarded = url.replacen(
        "127.0.0.1:5432",
        &format!("127.0.0.1:{}", forwarder.port),
        1,
    );
    assert_ne!(forwarded, url, "the test database is on 127.0.0.1:5432");
    let app = TestApp::spawn_with(&[
        ("DATABASE_URL", &forwarded),
        ("CC2I_DB_CONNECT_TIMEOUT_MS", "1000"),
    ])
    .await;
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);

    forwarder.stop();
    let res = readyz_until(&app, StatusCode::SERVICE_UNAVAILABLE).await;
    problem(res, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    // Liveness does not depend on the database.
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
    // It stays unready while the database is away.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        app.get("/readyz", None).await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );

    forwarder.resume();
    let res = readyz_until(&app, StatusCode::OK).await;
    assert_eq!(res.text().await.unwrap(), "ready");
    // And serves requests again.
    app.login(ADMIN_EMAIL, PASSWORD).await;
}

/// The real binary gets SIGTERM with a sign-in still sending its body: `/readyz` answers
/// 503 `draining` at once while new requests are still served for `CC2I_DRAIN_S`; then the
/// listener closes, the slow sign-in still completes, and the process exits 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_fails_readyz_at_once_and_lets_requests_in_progress_finish() {
    let dir = tempfile::tempdir().unwrap();
    let env = vec![
        ("DATABASE_URL", fresh_database_url(dir.path())),
        ("CC2I_DATA_DIR", dir.path().display().to_string()),
        ("CC2I_JWT_SECRET", JWT_SECRET.to_string()),
        ("CC2I_ADMIN_EMAIL", ADMIN_EMAIL.to_string()),
        ("CC2I_ADMIN_PASSWORD", PASSWORD.to_string()),
        ("CC2I_WEB_DIST", dir.path().display().to_string()),
        ("CC2I_WORKERS", "2".to_string()),
        ("CC2I_DRAIN_S", "2".to_string()),
        ("CC2I_SHUTDOWN_TIMEOUT_S", "20".to_string()),
    ];
    let mut server = ServerProcess::start(free_port(), &env).await;
    let base = server.base.clone();

    // A sign-in whose body arrives in two parts, the second after the drain.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(2);
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let slow = tokio::spawn({
        let base = base.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{base}/api/v1/auth/login"))
                .header("content-type", "application/json")
                .body(reqwest::Body::wrap_stream(body))
                .send()
                .await
        }
    });
    let first = format!("{{\"email\": \"{ADMIN_EMAIL}\", ");
    tx.send(Ok(first.into_bytes())).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    server.terminate();
    let signalled = Instant::now();
    let fresh = || {
        reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap()
    };
    // Within the drain: unready at once, but still serving.
    let mut answered = None;
    while signalled.elapsed() < Duration::from_millis(1500) {
        let res = fresh().get(format!("{base}/readyz")).send().await.unwrap();
        if res.status() == StatusCode::SERVICE_UNAVAILABLE {
            answered = Some(res);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let res = answered.expect("/readyz failed within the drain");
    assert!(signalled.elapsed() < Duration::from_secs(1), "at once");
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: cc2i_shared::Problem = res.json().await.unwrap();
    assert_eq!(p.code, "draining");
    let res = fresh().get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // After the drain the listener is closed, while the slow sign-in is still in progress.
    tokio::time::sleep(Duration::from_millis(2600).saturating_sub(signalled.elapsed())).await;
    assert!(
        fresh().get(format!("{base}/healthz")).send().await.is_err(),
        "listener closed"
    );
    assert!(!slow.is_finished());
    assert!(
        server.wait_exit(Duration::from_millis(200)).await.is_none(),
        "still finishing"
    );

    let rest = format!("\"password\": \"{PASSWORD}\"}}");
    tx.send(Ok(rest.into_bytes())).await.unwrap();
    drop(tx);
    let res = slow.await.unwrap().expect("the slow sign-in was answered");
    assert_eq!(res.status(), StatusCode::OK);
    let token: cc2i_shared::AccessToken = res.json().await.unwrap();
    assert!(!token.access_token.is_empty());
    let status = server
        .wait_exit(Duration::from_secs(10))
        .await
        .expect("exited");
    assert!(status.success(), "{status:?}");
}
