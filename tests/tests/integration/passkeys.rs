//! Passkeys and security keys (WebAuthn) as a second factor: adding one, signing in and
//! stepping up with it, answers that are replayed, tampered with, late or for someone else,
//! removing one, and a service that is not on a domain name.

use cc2i_shared::mfa::MfaStatus;
use cc2i_shared::passkey::PasskeyChallenge;
use cc2i_shared::{AccessToken, Problem};
use cc2i_tests::mail::spawn_with_clock;
use cc2i_tests::passkeys::SoftKey;
use cc2i_tests::{ok, problem, Session, TestApp, PASSWORD};
use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn mfa(app: &TestApp, token: &str) -> MfaStatus {
    ok(app.get("/api/v1/me/mfa", Some(token)).await, StatusCode::OK).await
}

/// The `mfa_token` of a password sign-in that needs a second step, and the factors it names.
async fn first_step(app: &TestApp, email: &str) -> (String, Option<String>) {
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({ "email": email, "password": PASSWORD }),
        )
        .await;
    let p = problem(res, StatusCode::UNAUTHORIZED, "mfa_required").await;
    (p.mfa_token.expect("an mfa_token"), p.hint)
}

async fn refused_field(res: reqwest::Response, field: &str) -> Problem {
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(!p.field(field).is_empty(), "{field}: {p:?}");
    p
}

/// A person whose only second factor is a passkey.
async fn with_passkey(app: &TestApp, key: &mut SoftKey) -> Session {
    let person = app.user_without_factor().await;
    let added = app.add_passkey(&person.token, key, "Work laptop").await;
    assert_eq!(added.passkey.name, "Work laptop");
    assert_eq!(
        added.recovery_codes.len(),
        10,
        "the first factor brings codes"
    );
    person
}

#[tokio::test]
async fn a_passkey_signs_in_at_the_second_step_and_steps_up() {
    let app = TestApp::spawn().await;
    let mut key = SoftKey::default();
    let person = with_passkey(&app, &mut key).await;
    let status = mfa(&app, &person.token).await;
    assert!(!status.totp);
    assert_eq!(status.passkeys.len(), 1);
    assert_eq!(status.recovery_codes_left, 10);
    assert!(status.passkeys[0].last_used_at.is_none());

    // Signing in now needs the passkey; the first step says which factors there are.
    let (mfa_token, hint) = first_step(&app, &person.user.email).await;
    assert_eq!(hint.as_deref(), Some("passkey"));
    let body = app.passkey_sign_in_answer(&mfa_token, &mut key).await;
    let signed_in: AccessToken = ok(
        app.post("/api/v1/auth/login/mfa", None, body.clone()).await,
        StatusCode::OK,
    )
    .await;
    let status = mfa(&app, &signed_in.access_token).await;
    assert!(
        status.stepped_up_at.is_some(),
        "a passkey is a second factor"
    );
    assert!(status.passkeys[0].last_used_at.is_some());
    // The same answer again: the sign-in is finished.
    let again = app.post("/api/v1/auth/login/mfa", None, body).await;
    problem(again, StatusCode::UNAUTHORIZED, "mfa_challenge_invalid").await;

    // Stepping up with it; the same answer a second time finds its ceremony taken.
    let body = app
        .passkey_step_up_answer(&signed_in.access_token, &mut key)
        .await;
    ok::<AccessToken>(
        app.post(
            "/api/v1/auth/step-up",
            Some(&signed_in.access_token),
            body.clone(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let replay = app
        .post("/api/v1/auth/step-up", Some(&signed_in.access_token), body)
        .await;
    refused_field(replay, "ceremony_id").await;

    // With an authenticator app as well, the first step names both.
    let stepped = app.stepped_up_by_passkey(&person, &mut key).await;
    app.enrol_totp(&person.user.email, &stepped.token).await;
    let (_, hint) = first_step(&app, &person.user.email).await;
    assert_eq!(hint.as_deref(), Some("totp passkey"));
}

#[tokio::test]
async fn a_browser_session_finishes_signing_in_with_a_passkey() {
    let app = TestApp::spawn().await;
    let mut key = SoftKey::default();
    let person = with_passkey(&app, &mut key).await;
    let res = app
        .post(
            "/api/v1/auth/session",
            None,
            json!({ "email": person.user.email, "password": PASSWORD }),
        )
        .await;
    let p = problem(res, StatusCode::UNAUTHORIZED, "mfa_required").await;
    let body = app
        .passkey_sign_in_answer(&p.mfa_token.expect("token"), &mut key)
        .await;
    let res = app.post("/api/v1/auth/session/mfa", None, body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("cc2i_session=")),
        "{cookies:?}"
    );
}

#[tokio::test]
async fn tampered_late_foreign_and_mismatched_answers_are_refused() {
    let app = spawn_with_clock().await;
    let mut key = SoftKey::default();
    let person = with_passkey(&app, &mut key).await;
    let token = app.stepped_up_by_passkey(&person, &mut key).await.token;

    // A signature changed by one character.
    let mut body = app.passkey_step_up_answer(&token, &mut key).await;
    let signature = body["passkey"]["credential"]["response"]["signature"]
        .as_str()
        .expect("a signature")
        .to_string();
    let flipped = if signature.starts_with('A') { "B" } else { "A" };
    body["passkey"]["credential"]["response"]["signature"] =
        json!(format!("{flipped}{}", &signature[1..]));
    let res = app.post("/api/v1/auth/step-up", Some(&token), body).await;
    refused_field(res, "passkey").await;

    // Not a credential at all.
    let mut body = app.passkey_step_up_answer(&token, &mut key).await;
    body["passkey"]["credential"] = json!({ "id": "nothing" });
    let res = app.post("/api/v1/auth/step-up", Some(&token), body).await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    // Shaped like one, but made up.
    let mut body = app.passkey_step_up_answer(&token, &mut key).await;
    body["passkey"]["credential"]["response"]["clientDataJSON"] = json!("e30");
    let res = app.post("/api/v1/auth/step-up", Some(&token), body).await;
    refused_field(res, "passkey").await;

    // Another person's ceremony, answered by this person's key.
    let mut other_key = SoftKey::default();
    let other = with_passkey(&app, &mut other_key).await;
    let challenge: PasskeyChallenge = ok(
        app.post(
            "/api/v1/me/mfa/passkeys/challenge",
            Some(&other.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mine = app.passkey_step_up_answer(&token, &mut key).await;
    let crossed = json!({ "passkey": {
        "ceremony_id": challenge.ceremony_id,
        "credential": mine["passkey"]["credential"],
    }});
    let res = app
        .post("/api/v1/auth/step-up", Some(&token), crossed)
        .await;
    refused_field(res, "ceremony_id").await;

    // A registration ceremony is not a sign-in one.
    let started: PasskeyChallenge = ok(
        app.post(
            "/api/v1/me/mfa/passkeys/registration",
            Some(&token),
            json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let body = json!({ "passkey": {
        "ceremony_id": started.ceremony_id,
        "credential": mine["passkey"]["credential"],
    }});
    let res = app.post("/api/v1/auth/step-up", Some(&token), body).await;
    refused_field(res, "ceremony_id").await;

    // Answered after five minutes.
    let body = app.passkey_step_up_answer(&token, &mut key).await;
    app.set_clock(Utc::now() + Duration::minutes(6)).await;
    let res = app.post("/api/v1/auth/step-up", Some(&token), body).await;
    refused_field(res, "ceremony_id").await;

    // A fresh answer still works.
    let body = app.passkey_step_up_answer(&token, &mut key).await;
    let res = app.post("/api/v1/auth/step-up", Some(&token), body).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn adding_another_factor_or_removing_one_needs_a_step_up() {
    let app = spawn_with_clock().await;
    let person = app.user().await; // an authenticator app, stepped up just now
    let mut key = SoftKey::default();
    let added = app
        .add_passkey(&person.token, &mut key, "Security key")
        .await;
    assert!(added.recovery_codes.is_empty(), "the app's codes stay");
    assert_eq!(mfa(&app, &person.token).await.recovery_codes_left, 10);

    // Eleven minutes on, neither adding nor removing is allowed without a step-up.
    app.set_clock(Utc::now() + Duration::minutes(11)).await;
    let res = app
        .post(
            "/api/v1/me/mfa/passkeys/registration",
            Some(&person.token),
            json!({}),
        )
        .await;
    let p = problem(res, StatusCode::FORBIDDEN, "mfa_required").await;
    assert_eq!(p.hint.as_deref(), Some("step_up"));
    let path = format!("/api/v1/me/mfa/passkeys/{}", added.passkey.id);
    let res = app
        .request(Method::DELETE, &path, Some(&person.token), None)
        .await;
    problem(res, StatusCode::FORBIDDEN, "mfa_required").await;

    let stepped = app.stepped_up_by_passkey(&person, &mut key).await;
    // Someone else's passkey is not found; one's own goes.
    let stranger = app.user().await;
    let res = app
        .request(Method::DELETE, &path, Some(&stranger.token), None)
        .await;
    problem(res, StatusCode::NOT_FOUND, "passkey_not_found").await;
    let res = app
        .request(Method::DELETE, &path, Some(&stepped.token), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(mfa(&app, &stepped.token).await.passkeys.is_empty());
    let (_, hint) = first_step(&app, &person.user.email).await;
    assert_eq!(hint.as_deref(), Some("totp"));
}

#[tokio::test]
async fn a_passkey_is_enough_for_an_owner_of_a_verified_organisation() {
    let app = TestApp::spawn().await;
    let owner = app.user_without_factor().await;
    let org = app.organisation(&owner).await;
    let admin = app.admin().await;
    ok::<Value>(
        app.post(
            &format!("/api/v1/organisations/{}/verify", org.id),
            Some(&admin),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let path = format!("/api/v1/organisations/{}", org.id);
    let res = app
        .patch(&path, Some(&owner.token), json!({ "name": "Renamed" }))
        .await;
    problem(res, StatusCode::FORBIDDEN, "mfa_enrolment_required").await;
    let mut key = SoftKey::default();
    app.add_passkey(&owner.token, &mut key, "Phone").await;
    let res = app
        .patch(&path, Some(&owner.token), json!({ "name": "Renamed" }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Staff reset a lost passkey: the account signs in with its password alone again.
    let res = app
        .post(
            "/api/v1/admin/mfa-resets",
            Some(&admin),
            json!({ "email": owner.user.email, "reason": "Lost phone; checked by a video call" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let token = app.login(&owner.user.email, PASSWORD).await;
    assert!(mfa(&app, &token).await.passkeys.is_empty());
}

#[tokio::test]
async fn passkeys_are_off_when_the_service_is_on_an_ip_address() {
    let app = TestApp::spawn_with(&[("CC2I_PUBLIC_URL", "http://127.0.0.1:9")]).await;
    let person = app.user_without_factor().await;
    let res = app
        .post(
            "/api/v1/me/mfa/passkeys/registration",
            Some(&person.token),
            json!({}),
        )
        .await;
    problem(res, StatusCode::CONFLICT, "passkeys_unavailable").await;
}

#[tokio::test]
async fn a_sign_in_challenge_needs_a_live_first_step_and_a_passkey() {
    let app = TestApp::spawn().await;
    let res = app
        .post(
            "/api/v1/auth/login/passkey",
            None,
            json!({ "mfa_token": "not-a-token" }),
        )
        .await;
    problem(res, StatusCode::UNAUTHORIZED, "mfa_challenge_invalid").await;
    // An account with an app but no passkey.
    let person = app.user().await;
    let (mfa_token, _) = first_step(&app, &person.user.email).await;
    let res = app
        .post(
            "/api/v1/auth/login/passkey",
            None,
            json!({ "mfa_token": mfa_token }),
        )
        .await;
    problem(res, StatusCode::CONFLICT, "no_passkey").await;
}
