//! Browser sessions in cookies: flags, expiry, rotation, CSRF, and the list of one's sessions.

use cc2i_shared::session::{BrowserSession, SessionInfo};
use cc2i_tests::{ok, problem, TestApp, PASSWORD, PUBLIC_URL};
use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A browser: its cookies, sent by hand (test servers are not on a secure origin).
#[derive(Clone, Debug)]
struct Browser {
    session: String,
    csrf: String,
}

impl Browser {
    fn cookie(&self) -> String {
        format!("cc2i_session={}; cc2i_csrf={}", self.session, self.csrf)
    }
}

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect()
}

fn value_of(cookies: &[String], name: &str) -> String {
    cookies
        .iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_default()
        .to_string()
}

async fn sign_in(app: &TestApp, email: &str, old: Option<&Browser>) -> (Browser, BrowserSession) {
    let mut req = app
        .client
        .post(format!("{}/api/v1/auth/session", app.base))
        .header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
        )
        .json(&json!({"email": email, "password": PASSWORD}));
    if let Some(old) = old {
        req = req.header("cookie", old.cookie());
    }
    let res = req.send().await.unwrap();
    let cookies = set_cookies(&res);
    let body: BrowserSession = ok(res, StatusCode::OK).await;
    let browser = Browser {
        session: value_of(&cookies, "cc2i_session"),
        csrf: value_of(&cookies, "cc2i_csrf"),
    };
    assert_eq!(browser.csrf, body.csrf_token);
    (browser, body)
}

async fn call(
    app: &TestApp,
    browser: &Browser,
    method: Method,
    path: &str,
    csrf: Option<&str>,
    origin: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app
        .client
        .request(method, format!("{}{path}", app.base))
        .header("cookie", browser.cookie());
    if let Some(csrf) = csrf {
        req = req.header("x-csrf-token", csrf);
    }
    if let Some(origin) = origin {
        req = req.header("origin", origin);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.unwrap()
}

async fn me(app: &TestApp, browser: &Browser) -> StatusCode {
    call(app, browser, Method::GET, "/api/v1/me", None, None, None)
        .await
        .status()
}

#[tokio::test]
async fn the_session_cookie_is_httponly_secure_and_lax_and_opens_the_api() {
    let app = TestApp::spawn().await;
    let person = app.user_without_factor().await;
    let res = app
        .post(
            "/api/v1/auth/session",
            None,
            json!({"email": person.user.email, "password": PASSWORD}),
        )
        .await;
    let cookies = set_cookies(&res);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("cc2i_session="))
        .expect("session cookie");
    for flag in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(session.contains(flag), "{flag} missing: {session}");
    }
    let csrf = cookies
        .iter()
        .find(|c| c.starts_with("cc2i_csrf="))
        .expect("csrf cookie");
    assert!(
        !csrf.contains("HttpOnly") && csrf.contains("Secure"),
        "{csrf}"
    );
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = ok(res, StatusCode::OK).await;
    assert_eq!(body["idle_timeout_seconds"], 1800);
    assert!(
        !body
            .to_string()
            .contains(&value_of(&cookies, "cc2i_session")),
        "the secret stays in the cookie"
    );

    let (browser, _) = sign_in(&app, &person.user.email, None).await;
    assert_eq!(me(&app, &browser).await, StatusCode::OK);
    let current: BrowserSession = ok(
        call(
            &app,
            &browser,
            Method::GET,
            "/api/v1/auth/session",
            None,
            None,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(current.csrf_token, browser.csrf);
    // Only the hash of the cookie's secret is stored.
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM sessions WHERE token_hash = '{}' OR csrf_token = '{}'",
            browser.session, browser.session
        )),
        0
    );
}

#[tokio::test]
async fn on_plain_http_loopback_the_cookies_go_without_secure() {
    let app = TestApp::spawn_with(&[("CC2I_PUBLIC_URL", "http://127.0.0.1:8080")]).await;
    let person = app.user_without_factor().await;
    let res = app
        .post(
            "/api/v1/auth/session",
            None,
            json!({"email": person.user.email, "password": PASSWORD}),
        )
        .await;
    let cookies = set_cookies(&res);
    assert!(cookies.iter().all(|c| !c.contains("Secure")), "{cookies:?}");
    assert!(cookies
        .iter()
        .any(|c| c.starts_with("cc2i_session=") && c.contains("HttpOnly")));
}

#[tokio::test]
async fn a_write_by_cookie_needs_the_csrf_token_and_this_origin() {
    let app = TestApp::spawn().await;
    let person = app.user_without_factor().await;
    let (browser, _) = sign_in(&app, &person.user.email, None).await;
    let rename = |csrf: Option<&'static str>, origin: Option<&'static str>| {
        let browser = browser.clone();
        let app = &app;
        async move {
            let csrf = csrf.map(|c| {
                if c == "right" {
                    browser.csrf.clone()
                } else {
                    c.to_string()
                }
            });
            call(
                app,
                &browser,
                Method::PATCH,
                "/api/v1/me",
                csrf.as_deref(),
                origin,
                Some(json!({"display_name": "Renamed"})),
            )
            .await
        }
    };
    problem(
        rename(None, None).await,
        StatusCode::FORBIDDEN,
        "csrf_failed",
    )
    .await;
    problem(
        rename(Some("not-the-token"), None).await,
        StatusCode::FORBIDDEN,
        "csrf_failed",
    )
    .await;
    problem(
        rename(Some("right"), Some("https://evil.example")).await,
        StatusCode::FORBIDDEN,
        "csrf_failed",
    )
    .await;
    assert_eq!(
        rename(Some("right"), Some(PUBLIC_URL)).await.status(),
        StatusCode::OK
    );
    assert_eq!(rename(Some("right"), None).await.status(), StatusCode::OK);

    // The header must match the session's own token, not just the cookie beside it.
    let forged = Browser {
        session: browser.session.clone(),
        csrf: "attacker-chosen".into(),
    };
    problem(
        call(
            &app,
            &forged,
            Method::PATCH,
            "/api/v1/me",
            Some("attacker-chosen"),
            None,
            Some(json!({"display_name": "X"})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "csrf_failed",
    )
    .await;

    // A request with Authorization ignores cookies (and needs no CSRF token).
    let res = app
        .client
        .patch(format!("{}/api/v1/me", app.base))
        .bearer_auth(&person.token)
        .header("cookie", "cc2i_session=garbage; cc2i_csrf=garbage")
        .json(&json!({"display_name": "By token"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // Signing in to a session from another site's page is refused.
    let res = app
        .client
        .post(format!("{}/api/v1/auth/session", app.base))
        .header("origin", "https://evil.example")
        .json(&json!({"email": person.user.email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::FORBIDDEN, "csrf_failed").await;
}

/// Every unsafe operation of the OpenAPI document, sent with a live session cookie but no
/// CSRF token, is refused before anything happens.
#[tokio::test]
async fn every_unsafe_operation_by_cookie_without_the_token_is_403() {
    let app = TestApp::spawn().await;
    let person = app.user_without_factor().await;
    let (browser, _) = sign_in(&app, &person.user.email, None).await;
    let spec: Value = ok(app.get("/api/openapi.json", None).await, StatusCode::OK).await;
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in ["post", "put", "patch", "delete"] {
            // Signing in is not authenticated by a cookie it may carry (its Origin is
            // checked: see the test above).
            let signing_in = [
                "/api/v1/auth/session",
                "/api/v1/auth/login",
                "/api/v1/auth/session/mfa",
                "/api/v1/auth/login/mfa",
                "/api/v1/auth/login/passkey",
                "/api/v1/auth/sso/start",
            ]
            .contains(&path.as_str());
            if item.get(method).is_none() || (signing_in && method == "post") {
                continue;
            }
            let concrete: String = path
                .split('/')
                .map(|s| if s.starts_with('{') { "some-id" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            let res = call(
                &app,
                &browser,
                Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                &concrete,
                None,
                None,
                Some(json!({})),
            )
            .await;
            let p = problem(res, StatusCode::FORBIDDEN, "csrf_failed").await;
            assert!(!p.detail.is_empty(), "{method} {path}");
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} operations checked");
    // Nothing was written: the person's name is as it was.
    let me: cc2i_shared::Me = ok(
        app.get("/api/v1/me", Some(&person.token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.user.display_name, "Test Person");
}

#[tokio::test]
async fn a_session_ends_after_30_minutes_unused_and_12_hours_in_all() {
    let app = cc2i_tests::mail::spawn_with_clock().await;
    let person = app.user_without_factor().await;
    let start = Utc::now();
    let (idle, _) = sign_in(&app, &person.user.email, None).await;
    let (busy, _) = sign_in(&app, &person.user.email, None).await;
    app.set_clock(start + Duration::minutes(20)).await;
    assert_eq!(me(&app, &busy).await, StatusCode::OK);
    app.set_clock(start + Duration::minutes(31)).await;
    assert_eq!(me(&app, &idle).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&app, &busy).await, StatusCode::OK);
    // Used every 20 minutes, it still ends 12 hours after signing in.
    let mut minutes = 31;
    while minutes < 12 * 60 - 20 {
        minutes += 20;
        app.set_clock(start + Duration::minutes(minutes)).await;
        assert_eq!(
            me(&app, &busy).await,
            StatusCode::OK,
            "at {minutes} minutes"
        );
    }
    app.set_clock(start + Duration::hours(12) + Duration::minutes(1))
        .await;
    assert_eq!(me(&app, &busy).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_in_again_replaces_the_session_and_signing_out_ends_it() {
    let app = TestApp::spawn().await;
    let person = app.user_without_factor().await;
    let (first, _) = sign_in(&app, &person.user.email, None).await;
    let (second, _) = sign_in(&app, &person.user.email, Some(&first)).await;
    assert_ne!(first.session, second.session);
    assert_eq!(me(&app, &first).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&app, &second).await, StatusCode::OK);
    let res = call(
        &app,
        &second,
        Method::DELETE,
        "/api/v1/auth/session",
        Some(&second.csrf),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(set_cookies(&res)
        .iter()
        .any(|c| c.starts_with("cc2i_session=;") || c.contains("Max-Age=0")));
    assert_eq!(me(&app, &second).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn your_sessions_are_listed_and_any_or_all_can_be_signed_out() {
    let app = TestApp::spawn().await;
    let person = app.user_without_factor().await;
    let (laptop, _) = sign_in(&app, &person.user.email, None).await;
    let (phone, _) = sign_in(&app, &person.user.email, None).await;
    let list: Vec<SessionInfo> = ok(
        call(
            &app,
            &laptop,
            Method::GET,
            "/api/v1/me/sessions",
            None,
            None,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    assert!(list
        .iter()
        .all(|s| s.device == "Chrome on Linux" && s.ip == "127.0.0.1"));
    let other = list.iter().find(|s| !s.current).unwrap();
    // Someone else's session is not yours to end.
    let stranger = app.user_without_factor().await;
    problem(
        app.delete(
            &format!("/api/v1/me/sessions/{}", other.id),
            Some(&stranger.token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let res = call(
        &app,
        &laptop,
        Method::DELETE,
        &format!("/api/v1/me/sessions/{}", other.id),
        Some(&laptop.csrf),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&app, &phone).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&app, &laptop).await, StatusCode::OK);
    // Signing out everywhere ends every session and every token.
    let res = call(
        &app,
        &laptop,
        Method::DELETE,
        "/api/v1/me/sessions",
        Some(&laptop.csrf),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&app, &laptop).await, StatusCode::UNAUTHORIZED);
    problem(
        app.get("/api/v1/me", Some(&person.token)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn a_password_reset_or_change_ends_every_session() {
    let app = TestApp::spawn().await;
    let person = app.user_without_factor().await;
    let (browser, _) = sign_in(&app, &person.user.email, None).await;
    app.post(
        "/api/v1/auth/password-reset",
        None,
        json!({"email": person.user.email}),
    )
    .await;
    let token = app
        .emailed_token(&person.user.email, "/reset-password")
        .await;
    let res = app
        .post(
            "/api/v1/auth/password-reset/complete",
            None,
            json!({"token": token, "new_password": "a new and long passphrase"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&app, &browser).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM sessions WHERE ended_at IS NULL"),
        0
    );
}
