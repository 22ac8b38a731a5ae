//! Authenticator apps: enrolling, the second step of signing in for a token or a session,
//! recovery codes, step-up, and codes that work once.

use cc2i_api::auth::totp::code_at;
use cc2i_shared::mfa::{MfaStatus, RecoveryCodes, TotpEnrolment};
use cc2i_shared::AccessToken;
use cc2i_tests::mail::spawn_with_clock;
use cc2i_tests::{ok, problem, Session, TestApp, PASSWORD};
use chrono::{Duration, NaiveDateTime, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A test server and its clock, moved on 30 s (one TOTP step) whenever a new code is needed.
struct Clock<'a> {
    app: &'a TestApp,
    now: NaiveDateTime,
}

impl Clock<'_> {
    async fn set(&mut self, now: NaiveDateTime) {
        self.now = now;
        let admin = self.app.admin().await;
        let res = self
            .app
            .request(
                Method::PUT,
                "/api/v1/admin/test-clock",
                Some(&admin),
                Some(json!({ "now": now.and_utc().to_rfc3339() })),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }

    /// The code of the next step (the clock moves on one step first).
    async fn next_code(&mut self, secret: &str) -> String {
        let later = self.now + Duration::seconds(30);
        self.set(later).await;
        code_at(secret, self.now).unwrap()
    }
}

async fn enrol(app: &TestApp, clock: &mut Clock<'_>, who: &Session) -> (String, Vec<String>) {
    let enrolment: TotpEnrolment = ok(
        app.post("/api/v1/me/mfa/totp", Some(&who.token), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert!(enrolment.otpauth_url.starts_with("otpauth://totp/CC2i"));
    assert!(enrolment.otpauth_url.contains(&enrolment.secret));
    assert!(enrolment.qr_svg.starts_with("<svg") && enrolment.qr_svg.contains("aria-label"));
    let p = problem(
        app.post(
            "/api/v1/me/mfa/totp/confirm",
            Some(&who.token),
            json!({"code": "000000"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(!p.field("code").is_empty());
    let code = clock.next_code(&enrolment.secret).await;
    let codes: RecoveryCodes = ok(
        app.post(
            "/api/v1/me/mfa/totp/confirm",
            Some(&who.token),
            json!({ "code": code }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(codes.codes.len(), 10);
    (enrolment.secret, codes.codes)
}

/// The first step: 401 `mfa_required` with the token for the second.
async fn first_step(app: &TestApp, path: &str, email: &str) -> String {
    let p = problem(
        app.post(path, None, json!({"email": email, "password": PASSWORD}))
            .await,
        StatusCode::UNAUTHORIZED,
        "mfa_required",
    )
    .await;
    p.mfa_token.expect("an mfa_token")
}

async fn second_step(app: &TestApp, token: &str, factor: Value) -> reqwest::Response {
    let mut body = factor;
    body["mfa_token"] = json!(token);
    app.post("/api/v1/auth/login/mfa", None, body).await
}

#[tokio::test]
async fn an_enrolled_person_signs_in_in_two_steps_and_each_code_works_once() {
    let app = spawn_with_clock().await;
    let mut clock = Clock {
        app: &app,
        now: Utc::now().naive_utc(),
    };
    clock.set(clock.now).await;
    let person = app.user_without_factor().await;
    let email = person.user.email.clone();
    let (secret, recovery) = enrol(&app, &mut clock, &person).await;
    problem(
        app.post("/api/v1/me/mfa/totp", Some(&person.token), json!({}))
            .await,
        StatusCode::CONFLICT,
        "mfa_already_enrolled",
    )
    .await;

    let token = first_step(&app, "/api/v1/auth/login", &email).await;
    problem(
        second_step(&app, &token, json!({"code": "123456"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let code = clock.next_code(&secret).await;
    let signed_in: AccessToken = ok(
        second_step(&app, &token, json!({ "code": code })).await,
        StatusCode::OK,
    )
    .await;
    let status: MfaStatus = ok(
        app.get("/api/v1/me/mfa", Some(&signed_in.access_token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(status.totp && status.stepped_up_at.is_some());
    assert_eq!(status.recovery_codes_left, 10);
    // The token finished its sign-in: it does not work again.
    problem(
        second_step(&app, &token, json!({ "code": code })).await,
        StatusCode::UNAUTHORIZED,
        "mfa_challenge_invalid",
    )
    .await;
    // The same code does not sign in a second time, even in the same step.
    let again = first_step(&app, "/api/v1/auth/login", &email).await;
    problem(
        second_step(&app, &again, json!({ "code": code })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // A recovery code works, once.
    ok::<AccessToken>(
        second_step(&app, &again, json!({ "recovery_code": recovery[0] })).await,
        StatusCode::OK,
    )
    .await;
    let third = first_step(&app, "/api/v1/auth/login", &email).await;
    let p = problem(
        second_step(&app, &third, json!({ "recovery_code": recovery[0] })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(!p.field("recovery_code").is_empty());
    // Nothing sent at all is 422 on `code`.
    problem(
        second_step(&app, &third, json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn the_second_step_expires_after_five_minutes() {
    let app = spawn_with_clock().await;
    let mut clock = Clock {
        app: &app,
        now: Utc::now().naive_utc(),
    };
    clock.set(clock.now).await;
    let person = app.user_without_factor().await;
    let (secret, _) = enrol(&app, &mut clock, &person).await;
    let token = first_step(&app, "/api/v1/auth/login", &person.user.email).await;
    let later = clock.now + Duration::minutes(6);
    clock.set(later).await;
    problem(
        second_step(
            &app,
            &token,
            json!({ "code": code_at(&secret, clock.now).unwrap() }),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "mfa_challenge_invalid",
    )
    .await;
}

#[tokio::test]
async fn the_same_code_sent_twice_at_once_signs_in_once() {
    let app = spawn_with_clock().await;
    let mut clock = Clock {
        app: &app,
        now: Utc::now().naive_utc(),
    };
    clock.set(clock.now).await;
    let person = app.user_without_factor().await;
    let (secret, _) = enrol(&app, &mut clock, &person).await;
    let one = first_step(&app, "/api/v1/auth/login", &person.user.email).await;
    let two = first_step(&app, "/api/v1/auth/login", &person.user.email).await;
    let code = clock.next_code(&secret).await;
    let (a, b) = tokio::join!(
        second_step(&app, &one, json!({ "code": code })),
        second_step(&app, &two, json!({ "code": code }))
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 422]);
}

#[tokio::test]
async fn a_browser_session_signs_in_in_two_steps_too() {
    let app = spawn_with_clock().await;
    let mut clock = Clock {
        app: &app,
        now: Utc::now().naive_utc(),
    };
    clock.set(clock.now).await;
    let person = app.user_without_factor().await;
    let (secret, _) = enrol(&app, &mut clock, &person).await;
    let token = first_step(&app, "/api/v1/auth/session", &person.user.email).await;
    let code = clock.next_code(&secret).await;
    let res = app
        .post(
            "/api/v1/auth/session/mfa",
            None,
            json!({"mfa_token": token, "code": code}),
        )
        .await;
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    let _: Value = ok(res, StatusCode::OK).await;
    let session = cookies
        .iter()
        .find_map(|c| c.strip_prefix("cc2i_session="))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string();
    let status: MfaStatus = ok(
        app.client
            .get(format!("{}/api/v1/me/mfa", app.base))
            .header("cookie", format!("cc2i_session={session}"))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(status.stepped_up_at.is_some());
}

#[tokio::test]
async fn stepping_up_gives_a_token_that_says_so() {
    let app = spawn_with_clock().await;
    let mut clock = Clock {
        app: &app,
        now: Utc::now().naive_utc(),
    };
    clock.set(clock.now).await;
    let person = app.user_without_factor().await;
    problem(
        app.post(
            "/api/v1/auth/step-up",
            Some(&person.token),
            json!({"code": "123456"}),
        )
        .await,
        StatusCode::CONFLICT,
        "mfa_not_enrolled",
    )
    .await;
    let (secret, _) = enrol(&app, &mut clock, &person).await;
    let before: MfaStatus = ok(
        app.get("/api/v1/me/mfa", Some(&person.token)).await,
        StatusCode::OK,
    )
    .await;
    assert!(before.stepped_up_at.is_none());
    let code = clock.next_code(&secret).await;
    let stepped: AccessToken = ok(
        app.post(
            "/api/v1/auth/step-up",
            Some(&person.token),
            json!({ "code": code }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let after: MfaStatus = ok(
        app.get("/api/v1/me/mfa", Some(&stepped.access_token)).await,
        StatusCode::OK,
    )
    .await;
    assert!(after.stepped_up_at.is_some());
}
