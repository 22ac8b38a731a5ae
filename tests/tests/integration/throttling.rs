use cc2i_tests::{problem, TestApp, PASSWORD};
use reqwest::StatusCode;
use serde_json::json;

async fn fail_login(app: &TestApp, email: &str) -> reqwest::Response {
    app.post(
        "/api/v1/auth/login",
        None,
        json!({"email": email, "password": "definitely not it"}),
    )
    .await
}

#[tokio::test]
async fn an_account_is_locked_for_a_while_after_ten_failures() {
    let app = TestApp::spawn_with(&[("CC2I_TRUSTED_PROXIES", "127.0.0.1")]).await;
    app.register("target@council.example").await;
    for i in 0..10 {
        // Each attempt from a different client address: the account limit alone must bite.
        let res = app
            .client
            .post(format!("{}/api/v1/auth/login", app.base))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .json(&json!({"email": "target@council.example", "password": "definitely not it"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("x-forwarded-for", "198.51.100.99")
        .json(&json!({"email": "target@council.example", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&retry_after), "{retry_after}");
    problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
}

#[tokio::test]
async fn one_address_is_throttled_across_accounts() {
    let app = TestApp::spawn().await;
    for i in 0..10 {
        assert_eq!(
            fail_login(&app, &format!("guess{i}@council.example"))
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = fail_login(&app, "another@council.example").await;
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After is a number of seconds");
    assert!(retry_after > 0, "{retry_after}");
    problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
}

#[tokio::test]
async fn forwarded_for_from_an_untrusted_peer_is_ignored() {
    let app = TestApp::spawn().await;
    for i in 0..10 {
        let res = app
            .client
            .post(format!("{}/api/v1/auth/login", app.base))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .json(
                &json!({"email": format!("x{i}@council.example"), "password": "definitely not it"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    problem(
        fail_login(&app, "y@council.example").await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;
}

#[tokio::test]
async fn successful_sign_ins_do_not_count_towards_the_limit() {
    let app = TestApp::spawn().await;
    app.register("busy@council.example").await;
    for _ in 0..12 {
        app.login("busy@council.example", PASSWORD).await;
    }
}

#[tokio::test]
async fn many_people_signing_in_at_once_from_one_address_are_not_throttled() {
    let app = TestApp::spawn_with(&[("CC2I_WORKERS", "2")]).await;
    let mut emails = Vec::new();
    for i in 0..16 {
        let email = format!("colleague{i}@council.example");
        app.register(&email).await;
        emails.push(email);
    }
    let logins = emails.iter().map(|e| {
        app.post(
            "/api/v1/auth/login",
            None,
            json!({"email": e, "password": PASSWORD}),
        )
    });
    for res in futures_util::future::join_all(logins).await {
        assert_eq!(res.status(), StatusCode::OK);
    }
}

/// Parallel wrong guesses at one account, each from its own address, on connections of
/// their own: exactly the limit get an answer, every other one 429.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_guesses_at_one_account_never_pass_the_limit() {
    let app = TestApp::spawn_with(&[
        ("CC2I_TRUSTED_PROXIES", "127.0.0.1"),
        ("CC2I_WORKERS", "4"),
        ("CC2I_DB_POOL_SIZE", "12"),
    ])
    .await;
    app.register("parallel@council.example").await;
    for round in 0..2 {
        let guesses = (0..30).map(|i| {
            app.client
                .post(format!("{}/api/v1/auth/login", app.base))
                .header("x-forwarded-for", format!("198.51.{round}.{i}"))
                .json(
                    &json!({"email": "parallel@council.example", "password": "definitely not it"}),
                )
                .send()
        });
        let mut wrong = 0;
        let mut throttled = 0;
        for res in futures_util::future::join_all(guesses).await {
            match res.unwrap().status() {
                StatusCode::UNAUTHORIZED => wrong += 1,
                StatusCode::TOO_MANY_REQUESTS => throttled += 1,
                other => panic!("unexpected {other}"),
            }
        }
        // The first round uses up the limit; the second finds it used.
        let allowed = if round == 0 { 10 } else { 0 };
        assert_eq!((wrong, throttled), (allowed, 30 - allowed), "round {round}");
    }
}
