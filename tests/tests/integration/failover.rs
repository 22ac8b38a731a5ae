//! A database failover or restart kills every pooled connection; the next requests must
//! still succeed (PostgreSQL: connections are checked when taken from the pool).

use cc2i_tests::{ok, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_after_every_connection_was_killed_succeed() {
    let app = TestApp::spawn_with(&[("CC2I_DB_POOL_SIZE", "4"), ("CC2I_WORKERS", "4")]).await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let who = app.user().await;
    let org = app.funder(&who, 100_000_000_000).await;
    let path = format!("/api/v1/ideas/{}", idea.id);
    // Open every pooled connection.
    let warm = (0..12).map(|_| app.get(&path, None));
    for res in futures_util::future::join_all(warm).await {
        assert_eq!(res.status(), StatusCode::OK);
    }
    if app.is_postgres() {
        // What a failover or restart does to the replica's sessions.
        let killed = app.count(
            "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        );
        assert!(killed >= 2, "killed {killed} sessions");
    }
    let reads = (0..12).map(|_| app.get(&path, None));
    for res in futures_util::future::join_all(reads).await {
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
    }
    let body = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 1});
    ok::<cc2i_shared::pledge::Pledge>(
        app.pledge_with_key(&who, &idea.id, body, "after-failover-key-01")
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
}
