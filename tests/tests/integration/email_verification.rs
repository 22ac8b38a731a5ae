//! Verified email: a new account can look around but not act until its address is
//! confirmed; links are single-use, expire, and are stored only as hashes; a new address
//! takes effect once confirmed.

use cc2i_shared::Me;
use cc2i_tests::mail::spawn_with_clock;
use cc2i_tests::{ok, problem, TestApp, PASSWORD};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

async fn unconfirmed(app: &TestApp, email: &str) -> String {
    app.register_unconfirmed(email).await;
    // The account is made just after the answer; signing in works before confirming.
    for _ in 0..100 {
        let res = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({"email": email, "password": PASSWORD}),
            )
            .await;
        if res.status() == StatusCode::OK {
            let token: Value = res.json().await.unwrap();
            return token["access_token"].as_str().unwrap().to_string();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the account was never made")
}

async fn verify(app: &TestApp, token: &str) -> reqwest::Response {
    app.post("/api/v1/auth/verify-email", None, json!({ "token": token }))
        .await
}

#[tokio::test]
async fn an_unconfirmed_person_can_look_around_and_edit_their_profile_but_not_act() {
    let app = TestApp::spawn().await;
    let token = unconfirmed(&app, "new.person@council.example").await;
    let me: Me = ok(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert!(!me.user.email_verified);
    let renamed: Value = ok(
        app.patch(
            "/api/v1/me",
            Some(&token),
            json!({"display_name": "New Person"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["display_name"], "New Person");
    let res = app.get("/api/v1/ideas", Some(&token)).await;
    assert_eq!(res.status(), StatusCode::OK);

    let org = json!({"name": "Unconfirmed Council", "kind": "local_authority", "region": "london", "identifier": "GB-COH-55500001", "service_areas": ["housing"]});
    let p = problem(
        app.post("/api/v1/organisations", Some(&token), org.clone())
            .await,
        StatusCode::FORBIDDEN,
        "email_unverified",
    )
    .await;
    assert!(p.detail.contains("Confirm your email address"));
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let pledge = app
        .client
        .post(format!("{}/api/v1/ideas/{}/pledges", app.base, idea.id))
        .bearer_auth(&token)
        .header("idempotency-key", "unconfirmed-pledge-1")
        .json(&json!({"organisation_id": idea.organisation.id, "share_bp": 1000, "business_case_version": idea.business_case_version}))
        .send()
        .await
        .unwrap();
    problem(pledge, StatusCode::FORBIDDEN, "email_unverified").await;

    // Nobody can add them to an organisation while their address is unconfirmed.
    let mut manager = app.user().await;
    let managed = app.verified_organisation(&manager).await;
    manager.token = app.login(&manager.user.email, PASSWORD).await;
    problem(
        app.post(
            &format!("/api/v1/organisations/{}/members", managed.id),
            Some(&manager.token),
            json!({"email": "new.person@council.example", "role": "member"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "user_not_found",
    )
    .await;

    app.confirm_email("new.person@council.example").await;
    let res = app.post("/api/v1/organisations", Some(&token), org).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_confirmation_link_works_once_and_only_as_sent() {
    let app = TestApp::spawn().await;
    let email = "once@council.example";
    let session = unconfirmed(&app, email).await;
    let token = app.emailed_token(email, "/verify-email").await;

    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    problem(
        verify(&app, &tampered).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "token_invalid",
    )
    .await;
    let done: Value = ok(verify(&app, &token).await, StatusCode::OK).await;
    assert_eq!(done["email"], email);
    let p = problem(
        verify(&app, &token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "token_used",
    )
    .await;
    assert!(!p.field("token").is_empty());
    problem(
        app.post("/api/v1/me/email-verification", Some(&session), json!({}))
            .await,
        StatusCode::CONFLICT,
        "already_verified",
    )
    .await;

    // Only the token's SHA-256 is stored; the queued email never held the token either.
    let hash: String = Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM account_tokens WHERE token_hash = '{hash}'"
        )),
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM email_outbox WHERE content LIKE '%{token}%'"
        )),
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM account_tokens WHERE token_hash = '{token}'"
        )),
        0
    );
}

#[tokio::test]
async fn asking_again_replaces_the_link_no_more_than_once_a_minute() {
    let app = spawn_with_clock().await;
    let email = "again@council.example";
    let session = unconfirmed(&app, email).await;
    let first = app.emailed_token(email, "/verify-email").await;
    let res = app
        .post("/api/v1/me/email-verification", Some(&session), json!({}))
        .await;
    let retry_after = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    assert!(retry_after.is_some_and(|s| (1..=60).contains(&s)));

    app.set_clock(Utc::now() + Duration::minutes(2)).await;
    let res = app
        .post("/api/v1/me/email-verification", Some(&session), json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let second = app.emailed_token(email, "/verify-email").await;
    assert_ne!(first, second);
    problem(
        verify(&app, &first).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "token_expired",
    )
    .await;
    ok::<Value>(verify(&app, &second).await, StatusCode::OK).await;
}

#[tokio::test]
async fn a_confirmation_link_expires_after_24_hours() {
    let app = spawn_with_clock().await;
    let email = "late@council.example";
    unconfirmed(&app, email).await;
    let token = app.emailed_token(email, "/verify-email").await;
    app.set_clock(Utc::now() + Duration::hours(24) + Duration::minutes(1))
        .await;
    problem(
        verify(&app, &token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "token_expired",
    )
    .await;
}

#[tokio::test]
async fn a_new_address_takes_effect_once_confirmed_and_the_old_one_is_told() {
    let app = TestApp::spawn().await;
    let person = app.user_without_factor().await;
    let old = person.user.email.clone();
    let change = |password: &str, to: &str| {
        app.post(
            "/api/v1/me/email",
            Some(&person.token),
            json!({"new_email": to, "password": password}),
        )
    };
    let p = problem(
        change("not my password at all", "moved@council.example").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(!p.field("password").is_empty());
    problem(
        change(PASSWORD, &old).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let answer: Value = ok(
        change(PASSWORD, "moved@council.example").await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(answer["email"], "moved@council.example");
    // Until confirmed nothing changes.
    app.login(&old, PASSWORD).await;
    let token = app
        .emailed_token("moved@council.example", "/verify-email")
        .await;
    ok::<Value>(verify(&app, &token).await, StatusCode::OK).await;
    let fresh = app.login("moved@council.example", PASSWORD).await;
    let me: Me = ok(app.get("/api/v1/me", Some(&fresh)).await, StatusCode::OK).await;
    assert_eq!(me.user.email, "moved@council.example");
    assert!(me.user.email_verified);
    problem(
        app.post(
            "/api/v1/auth/login",
            None,
            json!({"email": old, "password": PASSWORD}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let told =
        cc2i_tests::mail::wait_for_account_mail(&app, &old, "Your CC2i email address was changed")
            .await;
    assert_eq!(told.len(), 1);
    assert!(told[0].text.contains("moved@council.example"));
    assert!(
        told[0].header("List-Unsubscribe").is_none(),
        "account email is not a list"
    );
}

#[tokio::test]
async fn moving_to_an_address_another_account_has_answers_the_same_and_moves_nothing() {
    let app = TestApp::spawn().await;
    let person = app.user().await;
    let other = app.user().await;
    let res = app
        .post(
            "/api/v1/me/email",
            Some(&person.token),
            json!({"new_email": other.user.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let told = cc2i_tests::mail::wait_for_account_mail(
        &app,
        &other.user.email,
        "You already have a CC2i account",
    )
    .await;
    assert_eq!(told.len(), 1);
    assert!(!told[0].text.contains("token="));
    app.login(&person.user.email, PASSWORD).await;
}
