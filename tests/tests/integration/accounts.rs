use cc2i_shared::{Me, OrgRole, PlatformRole, User};
use cc2i_tests::{ok, problem, TestApp, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn register_answers_check_your_email_without_any_password_field() {
    let app = TestApp::spawn().await;
    let res = app
        .post("/api/v1/auth/register", None, json!({"email": "Alex.Morgan@Kirklees.example", "password": PASSWORD, "display_name": "Alex Morgan"}))
        .await;
    let body: Value = ok(res, StatusCode::ACCEPTED).await;
    assert_eq!(body["email"], "Alex.Morgan@Kirklees.example");
    let text = body.to_string();
    assert!(
        !text.contains("password") && !text.contains("argon2"),
        "{text}"
    );
    app.confirm_email("alex.morgan@kirklees.example").await;
    let token = app.login("alex.morgan@kirklees.example", PASSWORD).await;
    let me: Me = ok(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me.user.email, "alex.morgan@kirklees.example");
    assert_eq!(me.user.display_name, "Alex Morgan");
    assert!(me.user.email_verified);
}

/// The answer for a taken address (in any case) is the same as for a new one, and the
/// account's owner is emailed instead; their password does not change.
#[tokio::test]
async fn registering_a_taken_email_answers_as_for_a_new_one_and_emails_its_owner() {
    let app = TestApp::spawn().await;
    app.register("sam@council.example").await;
    let register = |email: &str| {
        app.post(
            "/api/v1/auth/register",
            None,
            json!({"email": email, "password": "another long password here", "display_name": "Sam"}),
        )
    };
    let taken = register("SAM@council.example").await;
    let fresh = register("SAM@elsewhere.example").await;
    assert_eq!(taken.status(), fresh.status());
    assert_eq!(taken.status(), StatusCode::ACCEPTED);
    let names = |r: &reqwest::Response| {
        let mut h: Vec<String> = r
            .headers()
            .keys()
            .map(|k| k.as_str().to_string())
            .filter(|k| k != "date" && k != "x-request-id")
            .collect();
        h.sort();
        h
    };
    assert_eq!(names(&taken), names(&fresh));
    let taken: Value = taken.json().await.unwrap();
    let fresh: Value = fresh.json().await.unwrap();
    assert_eq!(
        taken["message"]
            .as_str()
            .unwrap()
            .replace("SAM@council.example", "X"),
        fresh["message"]
            .as_str()
            .unwrap()
            .replace("SAM@elsewhere.example", "X")
    );
    let told = cc2i_tests::mail::wait_for_account_mail(
        &app,
        "sam@council.example",
        "You already have a CC2i account",
    )
    .await;
    assert_eq!(told.len(), 1, "the owner is told someone tried");
    assert!(told[0].text.contains("/forgotten-password"));
    app.login("sam@council.example", PASSWORD).await;
}

#[tokio::test]
async fn short_long_and_common_passwords_are_422_with_errors_on_password() {
    let app = TestApp::spawn().await;
    for password in ["short", "Password1234", &"x".repeat(129), "qwertyuiop12"] {
        let res = app
            .post(
                "/api/v1/auth/register",
                None,
                json!({"email": "a@b.example", "password": password, "display_name": "A"}),
            )
            .await;
        let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(p.field("password").len(), 1, "{password}: {p:?}");
    }
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "not an email", "password": PASSWORD, "display_name": ""}),
        )
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(!p.field("email").is_empty() && !p.field("display_name").is_empty());
}

#[tokio::test]
async fn login_returns_a_bearer_token_that_opens_me() {
    let app = TestApp::spawn().await;
    app.register("lee@council.example").await;
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "LEE@council.example", "password": PASSWORD}),
        )
        .await;
    let body: Value = ok(res, StatusCode::OK).await;
    assert_eq!(body["token_type"], "Bearer");
    let expires_in = body["expires_in"].as_i64().unwrap();
    assert!((900..=3600).contains(&expires_in));
    let me: Me = ok(
        app.get("/api/v1/me", body["access_token"].as_str()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.user.email, "lee@council.example");
    assert!(me.memberships.is_empty());
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_401() {
    let app = TestApp::spawn().await;
    app.register("kim@council.example").await;
    let wrong = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "kim@council.example", "password": "not the password at all"}),
        )
        .await;
    let wrong = problem(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    let unknown = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "nobody@council.example", "password": PASSWORD}),
        )
        .await;
    let unknown = problem(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn me_lists_memberships_with_roles() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let me: Me = ok(
        app.get("/api/v1/me", Some(&owner.token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.memberships.len(), 1);
    assert_eq!(me.memberships[0].organisation_id, org.id);
    assert_eq!(me.memberships[0].organisation_name, org.name);
    assert_eq!(me.memberships[0].role, OrgRole::Owner);
}

#[tokio::test]
async fn me_without_a_token_is_401() {
    let app = TestApp::spawn().await;
    problem(
        app.get("/api/v1/me", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn changing_the_password_invalidates_earlier_tokens() {
    let app = TestApp::spawn().await;
    let session = app.user().await;
    let new_password = "a brand new passphrase";
    let res = app
        .post(
            "/api/v1/me/password",
            Some(&session.token),
            json!({"current_password": PASSWORD, "new_password": new_password}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    problem(
        app.get("/api/v1/me", Some(&session.token)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let old = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": session.user.email, "password": PASSWORD}),
        )
        .await;
    problem(old, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    let token = app.login(&session.user.email, new_password).await;
    let me: User = ok(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me.id, session.user.id);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_a_good_new_one() {
    let app = TestApp::spawn().await;
    let session = app.user().await;
    let res = app
        .post("/api/v1/me/password", Some(&session.token), json!({"current_password": "wrong wrong wrong", "new_password": "a brand new passphrase"}))
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(p.field("current_password").len(), 1);
    let res = app
        .post(
            "/api/v1/me/password",
            Some(&session.token),
            json!({"current_password": PASSWORD, "new_password": "tooshort"}),
        )
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(p.field("new_password").len(), 1);
    let me: User = ok(
        app.get("/api/v1/me", Some(&session.token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.platform_role, PlatformRole::User);
}

#[tokio::test]
async fn the_configured_admin_exists_with_the_admin_role() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let me: Me = ok(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me.user.platform_role, PlatformRole::Admin);
}
