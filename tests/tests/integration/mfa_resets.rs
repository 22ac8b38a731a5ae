//! A lost second factor: platform staff remove it (recorded with its reason), the person is
//! signed out everywhere and emailed, and signs in with the password alone until they add a
//! new app. Staff cannot reset their own, and only staff reset anyone's.

use cc2i_shared::mfa::{MfaStatus, SecondFactorReset};
use cc2i_tests::mail::wait_for_account_mail;
use cc2i_tests::{ok, problem, TestApp, ADMIN_EMAIL, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

const PATH: &str = "/api/v1/admin/mfa-resets";
const REASON: &str = "Lost phone; identity checked by a video call with their line manager";

#[tokio::test]
async fn staff_remove_a_lost_factor_with_a_reason_and_the_person_starts_again() {
    let app = TestApp::spawn().await;
    let person = app.user().await;
    let staff = app.admin().await;
    let email = person.user.email.clone();

    // Only staff, for someone else, with a reason, for an account that has a factor.
    problem(
        app.post(
            PATH,
            Some(&person.token),
            json!({"email": ADMIN_EMAIL, "reason": REASON}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post(
            PATH,
            Some(&staff),
            json!({"email": ADMIN_EMAIL, "reason": REASON}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "self_reset_forbidden",
    )
    .await;
    let short = problem(
        app.post(
            PATH,
            Some(&staff),
            json!({"email": email, "reason": "lost"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(!short.field("reason").is_empty());
    problem(
        app.post(
            PATH,
            Some(&staff),
            json!({"email": "nobody@council.example", "reason": REASON}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "user_not_found",
    )
    .await;
    let plain = app.user_without_factor().await;
    problem(
        app.post(
            PATH,
            Some(&staff),
            json!({"email": plain.user.email, "reason": REASON}),
        )
        .await,
        StatusCode::CONFLICT,
        "mfa_not_enrolled",
    )
    .await;
    assert_eq!(app.count("SELECT count(*) AS n FROM mfa_resets"), 0);

    let reset: SecondFactorReset = ok(
        app.post(
            PATH,
            Some(&staff),
            json!({"email": email, "reason": format!("  {REASON} ")}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(reset.user_id, person.user.id);
    assert_eq!(reset.reason, REASON);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM mfa_resets WHERE user_id = '{}' AND reason = '{REASON}'",
            person.user.id
        )),
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM recovery_codes WHERE user_id = '{}'",
            person.user.id
        )),
        0
    );
    // Signed out everywhere, and told.
    problem(
        app.get("/api/v1/me", Some(&person.token)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let mail = wait_for_account_mail(&app, &email, "Your CC2i authenticator app was removed").await;
    assert!(mail[0].text.contains("add an app again"));
    // The password alone signs in now; adding an app starts afresh.
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": email, "password": PASSWORD}),
        )
        .await;
    let token = ok::<Value>(res, StatusCode::OK).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let status: MfaStatus = ok(
        app.get("/api/v1/me/mfa", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    assert!(!status.totp);
    assert_eq!(status.recovery_codes_left, 0);
    ok::<Value>(
        app.post("/api/v1/me/mfa/totp", Some(&token), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    // Twice is nothing to reset.
    problem(
        app.post(
            PATH,
            Some(&staff),
            json!({"email": email, "reason": REASON}),
        )
        .await,
        StatusCode::CONFLICT,
        "mfa_not_enrolled",
    )
    .await;
}
