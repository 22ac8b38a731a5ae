//! A forgotten password: the answer never says whether an account exists, the link works
//! once for 30 minutes, and using it signs the account out everywhere and tells its owner.

use cc2i_tests::mail::{account_mail_to, spawn_with_clock};
use cc2i_tests::{ok, problem, TestApp, PASSWORD};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "a brand new long passphrase";

async fn ask(app: &TestApp, email: &str) -> reqwest::Response {
    app.post(
        "/api/v1/auth/password-reset",
        None,
        json!({ "email": email }),
    )
    .await
}

async fn complete(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.post(
        "/api/v1/auth/password-reset/complete",
        None,
        json!({ "token": token, "new_password": password }),
    )
    .await
}

fn header_names(res: &reqwest::Response) -> Vec<String> {
    let mut names: Vec<String> = res
        .headers()
        .keys()
        .map(|k| k.as_str().to_string())
        .filter(|k| k != "date" && k != "x-request-id")
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_answer_is_the_same_whether_or_not_the_address_has_an_account() {
    let app = TestApp::spawn().await;
    let person = app.user().await;
    let known = ask(&app, &person.user.email).await;
    let unknown = ask(&app, "nobody@council.example").await;
    assert_eq!(known.status(), StatusCode::ACCEPTED);
    assert_eq!(known.status(), unknown.status());
    assert_eq!(header_names(&known), header_names(&unknown));
    let known: Value = known.json().await.unwrap();
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(
        known["message"]
            .as_str()
            .unwrap()
            .replace(&person.user.email, "X"),
        unknown["message"]
            .as_str()
            .unwrap()
            .replace("nobody@council.example", "X")
    );
    app.emailed_token(&person.user.email, "/reset-password")
        .await;
    assert!(account_mail_to(&app, "nobody@council.example").is_empty());
}

#[tokio::test]
async fn a_reset_signs_out_everywhere_works_once_and_tells_the_owner() {
    let app = TestApp::spawn().await;
    let person = app.user().await;
    let email = person.user.email.clone();
    ask(&app, &email).await;
    let token = app.emailed_token(&email, "/reset-password").await;

    problem(
        complete(&app, &token, "short").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let res = complete(&app, &token, NEW_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // Every session from before is signed out.
    problem(
        app.get("/api/v1/me", Some(&person.token)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    problem(
        app.post(
            "/api/v1/auth/login",
            None,
            json!({"email": email, "password": PASSWORD}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    app.login(&email, NEW_PASSWORD).await;
    problem(
        complete(&app, &token, "yet another long passphrase").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "token_used",
    )
    .await;
    problem(
        complete(&app, "made-up-token", NEW_PASSWORD).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "token_invalid",
    )
    .await;
    let told =
        cc2i_tests::mail::wait_for_account_mail(&app, &email, "Your CC2i password was changed")
            .await;
    assert_eq!(told.len(), 1);
}

#[tokio::test]
async fn a_reset_link_expires_after_30_minutes_and_a_verification_link_cannot_reset() {
    let app = spawn_with_clock().await;
    let person = app.user().await;
    let email = person.user.email.clone();
    let confirm = app.emailed_token(&email, "/verify-email").await;
    ask(&app, &email).await;
    let token = app.emailed_token(&email, "/reset-password").await;
    problem(
        complete(&app, &confirm, NEW_PASSWORD).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "token_invalid",
    )
    .await;
    let admin = app.admin().await;
    let res = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/admin/test-clock",
            Some(&admin),
            Some(json!({ "now": (Utc::now() + Duration::minutes(31)).to_rfc3339() })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    problem(
        complete(&app, &token, NEW_PASSWORD).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "token_expired",
    )
    .await;
    app.login(&email, PASSWORD).await;
}

#[tokio::test]
async fn resetting_the_password_confirms_an_unconfirmed_address() {
    let app = TestApp::spawn().await;
    let email = "forgetful@council.example";
    app.register_unconfirmed(email).await;
    app.emailed_token(email, "/verify-email").await;
    ask(&app, email).await;
    let token = app.emailed_token(email, "/reset-password").await;
    assert_eq!(
        complete(&app, &token, NEW_PASSWORD).await.status(),
        StatusCode::NO_CONTENT
    );
    let session = app.login(email, NEW_PASSWORD).await;
    let me: cc2i_shared::Me = ok(app.get("/api/v1/me", Some(&session)).await, StatusCode::OK).await;
    assert!(me.user.email_verified);
}

#[tokio::test]
async fn the_test_clock_exists_only_with_the_test_clock_and_for_platform_admins() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let body = json!({ "now": Utc::now().to_rfc3339() });
    problem(
        app.request(
            reqwest::Method::PUT,
            "/api/v1/admin/test-clock",
            Some(&admin),
            Some(body.clone()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "route_not_found",
    )
    .await;
    let app = spawn_with_clock().await;
    let person = app.user().await;
    problem(
        app.request(
            reqwest::Method::PUT,
            "/api/v1/admin/test-clock",
            Some(&person.token),
            Some(body),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}
