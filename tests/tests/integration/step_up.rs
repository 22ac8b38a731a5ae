//! Second factors required: owners and admins of verified organisations and platform staff
//! must have one before they act, and actions on money and authority need one used in the
//! last ten minutes (403 `mfa_required` with hint `step_up`); API keys never step up.

use cc2i_shared::pledge::{Pledge, PledgeStatus};
use cc2i_shared::Problem;
use cc2i_tests::mail::spawn_with_clock;
use cc2i_tests::{ok, problem, Session, TestApp};
use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn refused(res: reqwest::Response, code: &str, hint: &str) -> Problem {
    let p = problem(res, StatusCode::FORBIDDEN, code).await;
    assert_eq!(p.hint.as_deref(), Some(hint), "{p:?}");
    p
}

#[tokio::test]
async fn owners_of_a_verified_organisation_and_staff_must_add_a_second_factor_first() {
    let app = TestApp::spawn().await;
    let owner = app.user_without_factor().await;
    // Unverified, the organisation's owner acts without one.
    let org = app.organisation(&owner).await;
    let path = format!("/api/v1/organisations/{}", org.id);
    let app = &app;
    let rename = |token: String, name: &str| {
        let body = json!({ "name": name });
        let path = path.clone();
        async move { app.patch(&path, Some(&token), body).await }
    };
    ok::<Value>(
        rename(owner.token.clone(), "Renamed Council").await,
        StatusCode::OK,
    )
    .await;
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
    // Verified, every write waits for a second factor; reading and their own account do not.
    refused(
        rename(owner.token.clone(), "Renamed Again").await,
        "mfa_enrolment_required",
        "enrol",
    )
    .await;
    refused(
        app.post(
            "/api/v1/ideas",
            Some(&owner.token),
            cc2i_tests::fixtures::new_idea(&org.id, "A shared service"),
        )
        .await,
        "mfa_enrolment_required",
        "enrol",
    )
    .await;
    ok::<Value>(
        app.get(
            &format!("/api/v1/organisations/{}", org.id),
            Some(&owner.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    ok::<Value>(
        app.patch(
            "/api/v1/me",
            Some(&owner.token),
            json!({"display_name": "Owner"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // A plain member of a verified organisation needs none.
    let member = app.user_without_factor().await;
    let with_factor = app.with_factor(owner.clone()).await;
    app.add_member(&with_factor, &org, &member, "member").await;
    let idea: Value = ok(
        app.post(
            "/api/v1/ideas",
            Some(&member.token),
            cc2i_tests::fixtures::new_idea(&org.id, "A member's idea"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert!(idea["id"].is_string());
    // With the app added, the owner acts again.
    ok::<Value>(
        rename(with_factor.token.clone(), "Renamed Again").await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn money_and_authority_need_a_factor_used_in_the_last_ten_minutes() {
    let app = spawn_with_clock().await;
    let start = Utc::now();
    let idea = app.open_idea(&app.user().await).await;
    let owner = app.user().await;
    let clerk = app.user().await;
    let newcomer = app.user().await;
    let org = app.funder(&owner, 100_000_000_000).await;
    app.add_member(&owner, &org, &clerk, "member").await;
    let pledge: Pledge = ok(
        app.pledge(&clerk, &idea, &org, 1000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pledge.status, PledgeStatus::PendingApproval);
    let key: Value = ok(
        app.post(
            &format!("/api/v1/organisations/{}/api-keys", org.id),
            Some(&owner.token),
            json!({"name": "Finance system", "scopes": ["webhooks:manage"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let key = key["key"].as_str().unwrap().to_string();

    // Eleven minutes later the owner's token no longer counts as stepped up.
    app.set_clock(start + Duration::minutes(11)).await;
    let stale = &owner.token;
    let approve = format!("/api/v1/pledges/{}/approve", pledge.id);
    let attempts = [
        (Method::POST, approve.clone(), json!({})),
        (
            Method::POST,
            format!("/api/v1/pledges/{}/reject", pledge.id),
            json!({"reason": "Not this year"}),
        ),
        (
            Method::PATCH,
            format!("/api/v1/organisations/{}", org.id),
            json!({"self_approval_limit_pence": 1}),
        ),
        (
            Method::POST,
            format!("/api/v1/organisations/{}/members", org.id),
            json!({"email": newcomer.user.email, "role": "member"}),
        ),
        (
            Method::DELETE,
            format!("/api/v1/organisations/{}/members/{}", org.id, clerk.user.id),
            Value::Null,
        ),
        (
            Method::POST,
            format!("/api/v1/organisations/{}/api-keys", org.id),
            json!({"name": "Another", "scopes": ["ideas:read"]}),
        ),
        (
            Method::POST,
            format!("/api/v1/organisations/{}/webhooks", org.id),
            json!({"url": "https://hooks.example.gov.uk/cc2i", "events": ["idea.funded"]}),
        ),
    ];
    for (method, path, body) in &attempts {
        let body = (!body.is_null()).then(|| body.clone());
        let res = app.request(method.clone(), path, Some(stale), body).await;
        let p = refused(res, "mfa_required", "step_up").await;
        assert!(
            p.detail.contains("step-up"),
            "{method} {path}: {}",
            p.detail
        );
    }
    // Nothing changed; what is not on money or authority still works.
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM memberships WHERE organisation_id = '{}'",
            org.id
        )),
        2
    );
    ok::<Value>(
        app.patch(
            &format!("/api/v1/organisations/{}", org.id),
            Some(stale),
            json!({"description": "Still ours to describe"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // API keys never step up.
    let hook = app
        .client
        .post(format!(
            "{}/api/v1/organisations/{}/webhooks",
            app.base, org.id
        ))
        .bearer_auth(&key)
        .json(&json!({"url": "https://hooks.example.gov.uk/by-key", "events": ["idea.funded"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        hook.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the URL is checked, not the key's factor"
    );

    // Staff too: every write by a platform admin needs it.
    let staff = app
        .login(cc2i_tests::ADMIN_EMAIL, cc2i_tests::PASSWORD)
        .await;
    app.set_clock(start + Duration::minutes(22)).await;
    let other = app.user().await;
    let unverified = app.organisation(&other).await;
    let verify = format!("/api/v1/organisations/{}/verify", unverified.id);
    refused(
        app.post(&verify, Some(&staff), json!({})).await,
        "mfa_required",
        "step_up",
    )
    .await;

    // Stepping up again opens them.
    let fresh = app.step_up(&owner.user.email, stale).await;
    let approved: Pledge = ok(
        app.post(&approve, Some(&fresh), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(approved.status, PledgeStatus::Active);
    let staff = app.step_up(cc2i_tests::ADMIN_EMAIL, &staff).await;
    ok::<Value>(
        app.post(&verify, Some(&staff), json!({})).await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn a_browser_session_steps_up_into_a_new_session() {
    let app = TestApp::spawn().await;
    let person: Session = app.user().await;
    let email = person.user.email.clone();
    let first: Problem = problem(
        app.post(
            "/api/v1/auth/session",
            None,
            json!({"email": email, "password": cc2i_tests::PASSWORD}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "mfa_required",
    )
    .await;
    let code = app.totp_code(&email).await;
    let res = app
        .post(
            "/api/v1/auth/session/mfa",
            None,
            json!({"mfa_token": first.mfa_token, "code": code}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    let value = |name: &str| {
        cookies
            .iter()
            .find_map(|c| c.strip_prefix(&format!("{name}=")))
            .and_then(|rest| rest.split(';').next())
            .unwrap()
            .to_string()
    };
    let (session, csrf) = (value("cc2i_session"), value("cc2i_csrf"));
    let code = app.totp_code(&email).await;
    let res = app
        .client
        .post(format!("{}/api/v1/auth/step-up", app.base))
        .header(
            "cookie",
            format!("cc2i_session={session}; cc2i_csrf={csrf}"),
        )
        .header("x-csrf-token", &csrf)
        .header("origin", cc2i_tests::PUBLIC_URL)
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let renewed = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with("cc2i_session=") && !c.contains(&session));
    assert!(renewed, "stepping up by cookie gives a new session");
    // The old session ended with it.
    let old = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .header("cookie", format!("cc2i_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
}
