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
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
}

/// An address is limited by the distinct accounts that failed from it, not by one person's
/// typos: 20 accounts, then every unknown device there waits.
#[tokio::test]
async fn one_address_is_throttled_after_failures_on_twenty_accounts() {
    let app = TestApp::spawn().await;
    for i in 0..20 {
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
    for i in 0..20 {
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

/// Scenario (a): ten wrong passwords from one address, then a colleague behind the same
/// address signs in at once.
#[tokio::test]
async fn ten_typos_from_an_office_do_not_lock_out_a_colleague_there() {
    let app = TestApp::spawn().await;
    app.register("typist@council.example").await;
    app.register("colleague@council.example").await;
    for _ in 0..10 {
        assert_eq!(
            fail_login(&app, "typist@council.example").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    app.login("colleague@council.example", PASSWORD).await;
}

fn device_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cc2i_device="))
        .and_then(|v| v.split(';').next())
        .expect("a device cookie")
        .to_string()
}

async fn login_from(
    app: &TestApp,
    address: &str,
    cookie: Option<&str>,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("x-forwarded-for", address)
        .json(&json!({"email": email, "password": password}));
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    req.send().await.unwrap()
}

/// Scenario (b): 200 wrong guesses at an approver's account from elsewhere lock out unknown
/// devices, but the approver on the device they signed in with before signs in at once.
#[tokio::test]
async fn an_approver_on_their_known_device_signs_in_whatever_an_attacker_tries() {
    let app = TestApp::spawn_with(&[("CC2I_TRUSTED_PROXIES", "127.0.0.1")]).await;
    let approver = "approver@council.example";
    app.register(approver).await;
    let first = login_from(&app, "192.0.2.10", None, approver, PASSWORD).await;
    assert_eq!(first.status(), StatusCode::OK);
    let device = device_cookie(&first);
    assert!(first
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap_or_default().contains("HttpOnly")));

    let mut refused = 0;
    for i in 0..200 {
        let res = login_from(
            &app,
            &format!("198.51.100.{}", i % 250),
            None,
            approver,
            "a guess at the password",
        )
        .await;
        match res.status() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(
        refused, 190,
        "ten guesses, then the account waits for unknown devices"
    );
    // An unknown device, even with the right password, waits.
    problem(
        login_from(&app, "192.0.2.10", None, approver, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;
    // The approver's own browser is not refused.
    let res = login_from(&app, "192.0.2.10", Some(&device), approver, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    // A device cookie is for its own account only.
    let other = "other@council.example";
    app.register(other).await;
    for i in 0..10 {
        login_from(
            &app,
            &format!("203.0.113.{i}"),
            None,
            other,
            "wrong wrong wrong",
        )
        .await;
    }
    problem(
        login_from(&app, "192.0.2.10", Some(&device), other, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;
}

/// A known device has a limit of its own: after ten failures of its own it counts as unknown.
#[tokio::test]
async fn a_known_device_that_fails_ten_times_counts_as_unknown() {
    let app = TestApp::spawn_with(&[("CC2I_TRUSTED_PROXIES", "127.0.0.1")]).await;
    let email = "forgetful@council.example";
    app.register(email).await;
    let device = device_cookie(&login_from(&app, "192.0.2.20", None, email, PASSWORD).await);
    for _ in 0..10 {
        let res = login_from(&app, "192.0.2.20", Some(&device), email, "not my password").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Now an unknown device: the account's own limit (unknown devices, none failed) applies.
    for _ in 0..10 {
        let res = login_from(&app, "192.0.2.20", Some(&device), email, "not my password").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    problem(
        login_from(&app, "192.0.2.20", Some(&device), email, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;
}

/// The limits are judged on the service's clock: fifteen minutes later the account is free.
#[tokio::test]
async fn a_locked_account_is_free_again_after_fifteen_minutes() {
    let app = TestApp::spawn_with(&[("CC2I_TEST_CLOCK", "1")]).await;
    let email = "patient@council.example";
    app.register(email).await;
    for _ in 0..10 {
        fail_login(&app, email).await;
    }
    problem(
        app.post(
            "/api/v1/auth/login",
            None,
            json!({"email": email, "password": PASSWORD}),
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;
    let admin = app.admin().await;
    let later = chrono::Utc::now() + chrono::Duration::minutes(16);
    let res = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/admin/test-clock",
            Some(&admin),
            Some(json!({ "now": later.to_rfc3339() })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.login(email, PASSWORD).await;
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
