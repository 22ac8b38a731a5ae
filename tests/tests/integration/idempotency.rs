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
