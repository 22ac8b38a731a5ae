use cc2i_shared::pledge::Pledge;
use cc2i_tests::{ok, problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_retry_with_the_same_key_replays_the_first_answer_byte_for_byte() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let who = app.user().await;
    let org = app.funder(&who, 100_000_000_000).await;
    let body = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 1});
    let first = app
        .pledge_with_key(&who, &idea.id, body.clone(), "retry-key-0000000001")
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first_body = first.text().await.unwrap();
    let second = app
        .pledge_with_key(&who, &idea.id, body.clone(), "retry-key-0000000001")
        .await;
    assert_eq!(second.status(), StatusCode::CREATED);
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    assert_eq!(second.text().await.unwrap(), first_body);
    let mine: Vec<Pledge> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/pledges", org.id),
            Some(&who.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine.len(), 1, "no second pledge");
    let p = problem(
        app.pledge_with_key(
            &who,
            &idea.id,
            json!({"organisation_id": org.id, "share_bp": 3000, "business_case_version": 1}),
            "retry-key-0000000001",
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    assert!(p.detail.contains("different request"));
}

#[tokio::test]
async fn refusals_are_replayed_too_and_keys_belong_to_one_user() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let who = app.user().await;
    let org = app.funder(&who, 100_000_000_000).await;
    let body = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 7});
    let first = problem(
        app.pledge_with_key(&who, &idea.id, body.clone(), "stale-key-000000001")
            .await,
        StatusCode::CONFLICT,
        "stale_business_case",
    )
    .await;
    let again = app
        .pledge_with_key(&who, &idea.id, body, "stale-key-000000001")
        .await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(
        problem(again, StatusCode::CONFLICT, "stale_business_case").await,
        first
    );
    let other = app.user().await;
    let other_org = app.funder(&other, 100_000_000_000).await;
    let body =
        json!({"organisation_id": other_org.id, "share_bp": 2000, "business_case_version": 1});
    ok::<Pledge>(
        app.pledge_with_key(&other, &idea.id, body, "stale-key-000000001")
            .await,
        StatusCode::CREATED,
    )
    .await;
}

#[tokio::test]
async fn missing_or_malformed_keys_are_400() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let who = app.user().await;
    let org = app.funder(&who, 100_000_000_000).await;
    let body = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 1});
    let res = app
        .post(
            &format!("/api/v1/ideas/{}/pledges", idea.id),
            Some(&who.token),
            body.clone(),
        )
        .await;
    problem(res, StatusCode::BAD_REQUEST, "idempotency_key_missing").await;
    for key in [
        "short",
        "has spaces in it here",
        &"x".repeat(129),
        "semi;colons;are;bad;",
    ] {
        problem(
            app.pledge_with_key(&who, &idea.id, body.clone(), key).await,
            StatusCode::BAD_REQUEST,
            "idempotency_key_invalid",
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_duplicates_get_the_same_pledge_or_409_request_in_progress() {
    let app = TestApp::spawn_with(&[("CC2I_WORKERS", "2")]).await;
    let idea = app.open_idea(&app.user().await).await;
    let who = app.user().await;
    let org = app.funder(&who, 100_000_000_000).await;
    let body = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 1});
    let sends =
        (0..6).map(|_| app.pledge_with_key(&who, &idea.id, body.clone(), "duplicate-key-000001"));
    let responses = futures_util::future::join_all(sends).await;
    let mut ids = std::collections::HashSet::new();
    for res in responses {
        match res.status() {
            StatusCode::CREATED => {
                ids.insert(res.json::<Pledge>().await.unwrap().id);
            }
            _ => {
                problem(res, StatusCode::CONFLICT, "request_in_progress").await;
            }
        }
    }
    assert_eq!(ids.len(), 1, "every acknowledgement names the same pledge");
    let mine: Vec<Pledge> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/pledges", org.id),
            Some(&who.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine.len(), 1);
    let again = app
        .pledge_with_key(&who, &idea.id, body, "duplicate-key-000001")
        .await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert!(ids.contains(&again.json::<Pledge>().await.unwrap().id));
}

fn leases(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM idempotency_leases")
}

#[tokio::test]
async fn a_key_leased_on_another_replica_is_409_at_once_until_its_lease_expires() {
    let app = TestApp::spawn().await;
    let other = app.replica().await;
    let idea = app.open_idea(&app.user().await).await;
    let who = app.user().await;
    let org = app.funder(&who, 100_000_000_000).await;
    let body = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 1});
    let key = "leased-key-00000001";
    // A replica is working on this key right now (or died doing so a moment ago).
    app.sql(&format!(
        "INSERT INTO idempotency_leases (user_id, idem_key, holder, locked_until) \
         VALUES ('{}', '{key}', 'replica-that-died', '2999-01-01 00:00:00')",
        who.user.id
    ));
    for server in [&app, &other] {
        let started = std::time::Instant::now();
        let res = server
            .pledge_with_key(&who, &idea.id, body.clone(), key)
            .await;
        problem(res, StatusCode::CONFLICT, "request_in_progress").await;
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "refused at once"
        );
    }
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM pledges WHERE organisation_id = '{}'",
            org.id
        )),
        0
    );
    // The lease expires: the next attempt, on either replica, takes it over and pledges.
    app.sql("UPDATE idempotency_leases SET locked_until = '2000-01-01 00:00:00'");
    let created: Pledge = ok(
        other
            .pledge_with_key(&who, &idea.id, body.clone(), key)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        leases(&app),
        0,
        "the pledge's transaction released the lease"
    );
    let again = app.pledge_with_key(&who, &idea.id, body, key).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Pledge>().await.unwrap().id, created.id);

    // A refusal releases its lease as well, and is replayed on the other replica.
    let stale = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 9});
    let first = problem(
        app.pledge_with_key(&who, &idea.id, stale.clone(), "stale-lease-key-0001")
            .await,
        StatusCode::CONFLICT,
        "stale_business_case",
    )
    .await;
    assert_eq!(leases(&app), 0);
    let again = other
        .pledge_with_key(&who, &idea.id, stale, "stale-lease-key-0001")
        .await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(
        problem(again, StatusCode::CONFLICT, "stale_business_case").await,
        first
    );
}

/// On PostgreSQL: the first request is held inside its transaction (a lock on the idea's
/// row) on one replica; its duplicate on another replica is refused at once, not queued.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_duplicate_on_another_replica_while_the_first_runs_is_409_at_once() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        // One SQLite file has one writer at a time: holding it would hold the lease too.
        // The held-lease test above covers SQLite.
        return;
    }
    let other = app.replica().await;
    let idea = app.open_idea(&app.user().await).await;
    let who = app.user().await;
    let org = app.funder(&who, 100_000_000_000).await;
    let body = json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": 1});
    let key = "held-first-key-00001";

    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let url = app.database_url.clone();
    let idea_id = idea.id.clone();
    let holder = std::thread::spawn(move || {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let mut conn = diesel::PgConnection::establish(&url).unwrap();
        conn.batch_execute(&format!(
            "BEGIN; SELECT id FROM ideas WHERE id = '{idea_id}' FOR UPDATE;"
        ))
        .unwrap();
        locked_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        conn.batch_execute("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    let first = tokio::spawn({
        let (base, token, idea_id, body) = (
            app.base.clone(),
            who.token.clone(),
            idea.id.clone(),
            body.clone(),
        );
        async move {
            reqwest::Client::new()
                .post(format!("{base}/api/v1/ideas/{idea_id}/pledges"))
                .bearer_auth(token)
                .header("idempotency-key", key)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    });
    // The first request has leased the key and now waits for the idea's lock.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while leases(&app) == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the first request never leased its key"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let started = std::time::Instant::now();
    let res = other
        .pledge_with_key(&who, &idea.id, body.clone(), key)
        .await;
    problem(res, StatusCode::CONFLICT, "request_in_progress").await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "refused at once"
    );
    assert!(!first.is_finished(), "the first request was still running");

    release_tx.send(()).unwrap();
    holder.join().unwrap();
    let first = first.await.unwrap();
    let created: Pledge = ok(first, StatusCode::CREATED).await;
    let again = other.pledge_with_key(&who, &idea.id, body, key).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Pledge>().await.unwrap().id, created.id);
    assert_eq!(leases(&app), 0);
}
