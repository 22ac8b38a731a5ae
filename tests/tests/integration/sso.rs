//! Single sign-on through a real OpenID provider (node-oidc-provider, `tests/oidc`): an
//! owner sets it up, people sign in through it; wrong `state`, wrong `nonce`, an expired ID
//! token, a domain it does not vouch for; requiring it; its MFA as step-up.

use cc2i_shared::session::BrowserSession;
use cc2i_shared::sso::SsoConfiguration;
use cc2i_shared::Organisation;
use cc2i_tests::oidc::{query_param, set_cookie, OidcProvider};
use cc2i_tests::{ok, problem, Session, TestApp, PASSWORD, PUBLIC_URL};
use chrono::{Duration, Utc};
use reqwest::header::{COOKIE, LOCATION};
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

const DOMAIN: &str = "council.example";

async fn spawn(extra: &[(&str, &str)]) -> TestApp {
    let mut env = vec![("CC2I_OUTBOUND_ALLOW_PRIVATE", "1")];
    env.extend_from_slice(extra);
    TestApp::spawn_with(&env).await
}

fn sso_path(org: &Organisation) -> String {
    format!("/api/v1/organisations/{}/sso", org.id)
}

/// A verified organisation whose owner (stepped up) set up `provider` for [`DOMAIN`].
async fn set_up(app: &TestApp, provider: &OidcProvider) -> (Session, Organisation) {
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let owner = app.stepped_up(&owner).await;
    let res = app
        .request(
            Method::PUT,
            &sso_path(&org),
            Some(&owner.token),
            Some(provider.settings(&[DOMAIN])),
        )
        .await;
    let _: SsoConfiguration = ok(res, StatusCode::OK).await;
    (owner, org)
}

fn person(sub: &str, email: &str) -> Value {
    json!({ "sub": sub, "email": email, "email_verified": true, "name": "Pat Jones" })
}

/// Signs `who` in at the provider for a sign-in started as `email`; CC2i's answer.
async fn sign_in(app: &TestApp, provider: &OidcProvider, email: &str, who: Value) -> Response {
    let browser = app.start_sso(email).await;
    let back = provider.sign_in(&browser.authorization_url, who).await;
    app.sso_callback(&back, &browser.state_cookie).await
}

fn refused_with(res: &Response, code: &str) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()[LOCATION].to_str().unwrap();
    assert_eq!(to, format!("/sign-in/organisation?sso_error={code}"));
    assert!(set_cookie(res, "cc2i_session").is_none(), "not signed in");
}

/// The browser session the callback opened: its cookies and what it says.
async fn signed_in(app: &TestApp, res: Response) -> (String, BrowserSession) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/account");
    let session = set_cookie(&res, "cc2i_session").expect("session cookie");
    let csrf = set_cookie(&res, "cc2i_csrf").expect("csrf cookie");
    let cookie = format!("cc2i_session={session}; cc2i_csrf={csrf}");
    let res = app
        .client
        .get(format!("{}/api/v1/auth/session", app.base))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    (cookie, ok(res, StatusCode::OK).await)
}

#[tokio::test]
async fn an_owner_sets_it_up_and_people_sign_in_through_it() {
    let app = spawn(&[]).await;
    let provider = OidcProvider::start(3600).await;
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let owner = app.stepped_up(&owner).await;
    // Before it is set up: the redirect URI to register at the provider.
    let before: SsoConfiguration = ok(
        app.get(&sso_path(&org), Some(&owner.token)).await,
        StatusCode::OK,
    )
    .await;
    assert!(before.provider.is_none());
    assert!(before.redirect_uri.ends_with("/api/v1/auth/sso/callback"));
    let res = app
        .request(
            Method::PUT,
            &sso_path(&org),
            Some(&owner.token),
            Some(provider.settings(&["Council.Example."])),
        )
        .await;
    let saved: Value = ok(res, StatusCode::OK).await;
    assert_eq!(saved["provider"]["domains"], json!([DOMAIN]));
    assert_eq!(saved["provider"]["issuer"], provider.issuer);
    assert_eq!(
        saved["redirect_uri"],
        format!("{PUBLIC_URL}/api/v1/auth/sso/callback")
    );
    assert!(
        saved["provider"].get("client_secret").is_none(),
        "the secret is never shown"
    );
    let read: Value = ok(
        app.get(&sso_path(&org), Some(&owner.token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(read, saved);
    // The secret is encrypted at rest.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM sso_providers WHERE client_secret LIKE '%client-secret%'"
        ),
        0
    );

    // Someone new signs in: the authorization request is code flow with PKCE.
    let email = format!("pat.jones@{DOMAIN}");
    let browser = app.start_sso(&email).await;
    let url = &browser.authorization_url;
    assert!(url.starts_with(&format!("{}/auth?", provider.issuer)));
    assert_eq!(query_param(url, "response_type").as_deref(), Some("code"));
    assert_eq!(
        query_param(url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(
        query_param(url, "login_hint").as_deref(),
        Some(email.as_str())
    );
    assert!(query_param(url, "nonce").is_some() && query_param(url, "state").is_some());
    let back = provider.sign_in(url, person("pat-1", &email)).await;
    let res = app.sso_callback(&back, &browser.state_cookie).await;
    let (_, session) = signed_in(&app, res).await;
    assert_eq!(session.user.email, email);
    assert!(session.user.email_verified, "the provider verified it");
    assert_eq!(session.user.display_name, "Pat Jones");

    // The same answer cannot be used twice.
    let again = app.sso_callback(&back, &browser.state_cookie).await;
    refused_with(&again, "sso_state_invalid");

    // The next sign-in finds the same account (issuer and subject), even with a new address.
    let res = sign_in(&app, &provider, &email, person("pat-1", &email)).await;
    let (_, next) = signed_in(&app, res).await;
    assert_eq!(next.user.id, session.user.id);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM sso_identities"), 1);

    // An existing CC2i account with the address is linked when the provider verified it.
    let res = sign_in(
        &app,
        &provider,
        &owner.user.email,
        person("owner-1", &owner.user.email),
    )
    .await;
    let (_, linked) = signed_in(&app, res).await;
    assert_eq!(linked.user.id, owner.user.id);

    // Turned off: people at the domain sign in with passwords again.
    let res = app.delete(&sso_path(&org), Some(&owner.token)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .post("/api/v1/auth/sso/start", None, json!({ "email": email }))
        .await;
    problem(res, StatusCode::NOT_FOUND, "sso_not_available").await;
    let after: SsoConfiguration = ok(
        app.get(&sso_path(&org), Some(&owner.token)).await,
        StatusCode::OK,
    )
    .await;
    assert!(after.provider.is_none());
}

#[tokio::test]
async fn a_wrong_or_foreign_state_is_refused() {
    let app = spawn(&[]).await;
    let provider = OidcProvider::start(3600).await;
    set_up(&app, &provider).await;
    let email = format!("sam@{DOMAIN}");
    let browser = app.start_sso(&email).await;
    let back = provider
        .sign_in(&browser.authorization_url, person("sam-1", &email))
        .await;
    let state = query_param(&back, "state").unwrap();

    // Another state than the one sent.
    let forged = back.replace(&state, "made-up-state");
    let res = app.sso_callback(&forged, "made-up-state").await;
    refused_with(&res, "sso_state_invalid");
    // The right state, from a browser that did not start the sign-in (login CSRF).
    let res = app
        .client
        .get(back.replace(PUBLIC_URL, &app.base))
        .send()
        .await
        .unwrap();
    refused_with(&res, "sso_state_invalid");
    let res = app.sso_callback(&back, "another-browser").await;
    refused_with(&res, "sso_state_invalid");
    // The provider refused (the person cancelled).
    let cancelled =
        format!("{PUBLIC_URL}/api/v1/auth/sso/callback?error=access_denied&state={state}");
    let res = app.sso_callback(&cancelled, &browser.state_cookie).await;
    refused_with(&res, "sso_cancelled");
    // Longer than any provider sends: refused outright.
    let long = format!(
        "{PUBLIC_URL}/api/v1/auth/sso/callback?code=c&state={}",
        "s".repeat(201)
    );
    let res = app.sso_callback(&long, &browser.state_cookie).await;
    problem(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    // None of those used the sign-in up: the real answer still works once.
    let res = app.sso_callback(&back, &browser.state_cookie).await;
    signed_in(&app, res).await;
}

#[tokio::test]
async fn an_id_token_for_another_nonce_is_refused() {
    let app = spawn(&[]).await;
    let provider = OidcProvider::start(3600).await;
    set_up(&app, &provider).await;
    let email = format!("nia@{DOMAIN}");
    let browser = app.start_sso(&email).await;
    // The authorization request altered on its way: the provider binds another nonce into
    // the ID token it issues for this sign-in.
    let nonce = query_param(&browser.authorization_url, "nonce").unwrap();
    let altered = browser
        .authorization_url
        .replace(&format!("nonce={nonce}"), "nonce=someone-elses-nonce");
    let back = provider.sign_in(&altered, person("nia-1", &email)).await;
    let res = app.sso_callback(&back, &browser.state_cookie).await;
    refused_with(&res, "sso_nonce_invalid");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM sso_identities"), 0);
}

#[tokio::test]
async fn an_expired_id_token_is_refused() {
    let app = spawn(&[("CC2I_TEST_CLOCK", "1")]).await;
    // ID tokens that live five minutes; the sign-in itself may take ten.
    let provider = OidcProvider::start(300).await;
    set_up(&app, &provider).await;
    let email = format!("lee@{DOMAIN}");
    let browser = app.start_sso(&email).await;
    let back = provider
        .sign_in(&browser.authorization_url, person("lee-1", &email))
        .await;
    app.set_clock(Utc::now() + Duration::minutes(6)).await;
    let res = app.sso_callback(&back, &browser.state_cookie).await;
    refused_with(&res, "sso_token_invalid");
}

#[tokio::test]
async fn a_provider_signs_in_only_the_domains_it_vouches_for() {
    let app = spawn(&[]).await;
    let provider = OidcProvider::start(3600).await;
    let (owner, _) = set_up(&app, &provider).await;

    // No organisation signs in people at this domain.
    let res = app
        .post(
            "/api/v1/auth/sso/start",
            None,
            json!({ "email": "kim@elsewhere.example" }),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND, "sso_not_available").await;
    // The provider answers for someone at another domain.
    let res = sign_in(
        &app,
        &provider,
        &format!("kim@{DOMAIN}"),
        person("kim-1", "kim@elsewhere.example"),
    )
    .await;
    refused_with(&res, "sso_domain_not_vouched");
    // No address at all.
    let res = sign_in(
        &app,
        &provider,
        &format!("kim@{DOMAIN}"),
        json!({ "sub": "kim-2" }),
    )
    .await;
    refused_with(&res, "sso_email_missing");

    // An existing account is never taken over on an address the provider did not verify.
    let unverified =
        json!({ "sub": "owner-x", "email": owner.user.email, "email_verified": false });
    let res = sign_in(&app, &provider, &owner.user.email, unverified).await;
    refused_with(&res, "sso_email_unverified");
    // A new person whose address the provider did not verify gets an account that must
    // confirm it (a link is emailed).
    let email = format!("ash@{DOMAIN}");
    let who = json!({ "sub": "ash-1", "email": email, "email_verified": false, "name": "Ash" });
    let res = sign_in(&app, &provider, &email, who).await;
    let (_, session) = signed_in(&app, res).await;
    assert!(!session.user.email_verified);
    let token = app.emailed_token(&email, "/verify-email").await;
    assert!(!token.is_empty());
}

#[tokio::test]
async fn settings_are_for_owners_of_verified_organisations_and_checked() {
    let app = spawn(&[]).await;
    let provider = OidcProvider::start(3600).await;
    let owner = app.user().await;
    let unverified = app.organisation(&owner).await;
    let owner = app.stepped_up(&owner).await;
    let put = |org: &Organisation, token: &str, body: Value| {
        let path = sso_path(org);
        let token = token.to_string();
        let app = &app;
        async move {
            app.request(Method::PUT, &path, Some(&token), Some(body))
                .await
        }
    };
    let res = put(&unverified, &owner.token, provider.settings(&[DOMAIN])).await;
    problem(res, StatusCode::CONFLICT, "organisation_not_verified").await;

    let org = app.verified_organisation(&owner).await;
    let owner = app.stepped_up(&owner).await;
    let mut body = provider.settings(&["gmail.com"]);
    let res = put(&org, &owner.token, body.clone()).await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(p.errors.unwrap_or_default().contains_key("domains"));
    body["domains"] = json!(["not-ours.example"]);
    let res = put(&org, &owner.token, body.clone()).await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    body["domains"] = json!([DOMAIN]);
    body["issuer"] = json!("http://127.0.0.1:9");
    let res = put(&org, &owner.token, body.clone()).await;
    let p = problem(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "sso_issuer_unreachable",
    )
    .await;
    assert!(p.errors.unwrap_or_default().contains_key("issuer"));
    body["issuer"] = json!(provider.issuer);
    body.as_object_mut().unwrap().remove("client_secret");
    let res = put(&org, &owner.token, body.clone()).await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(p.errors.unwrap_or_default().contains_key("client_secret"));
    body["require_sso"] = json!(true);
    body["client_secret"] = json!("secret");
    let res = put(&org, &owner.token, body.clone()).await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(p
        .errors
        .unwrap_or_default()
        .contains_key("break_glass_email"));
    body["require_sso"] = json!(false);
    let _: SsoConfiguration = ok(put(&org, &owner.token, body.clone()).await, StatusCode::OK).await;
    // Saved once, the secret may be left out.
    body.as_object_mut().unwrap().remove("client_secret");
    let _: SsoConfiguration = ok(put(&org, &owner.token, body.clone()).await, StatusCode::OK).await;

    // Another organisation cannot vouch for the same domain.
    let rival = app.user().await;
    let rival_org = app.verified_organisation(&rival).await;
    let rival = app.stepped_up(&rival).await;
    let res = put(&rival_org, &rival.token, provider.settings(&[DOMAIN])).await;
    problem(res, StatusCode::CONFLICT, "sso_domain_taken").await;

    // Admins may look, not change; outsiders see nothing.
    let admin = app.user().await;
    app.add_member(&owner, &org, &admin, "admin").await;
    let admin = app.stepped_up(&admin).await;
    let _: SsoConfiguration = ok(
        app.get(&sso_path(&org), Some(&admin.token)).await,
        StatusCode::OK,
    )
    .await;
    let res = put(&org, &admin.token, provider.settings(&[DOMAIN])).await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = app.get(&sso_path(&org), Some(&rival.token)).await;
    problem(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = app.delete(&sso_path(&org), Some(&admin.token)).await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn an_organisation_can_require_it_keeping_a_break_glass_owner() {
    let app = spawn(&[]).await;
    let provider = OidcProvider::start(3600).await;
    let (owner, org) = set_up(&app, &provider).await;
    let member = app.user_without_factor().await;
    app.add_member(&owner, &org, &member, "member").await;
    let mut body = provider.settings(&[DOMAIN]);
    body["require_sso"] = json!(true);
    body["break_glass_email"] = json!(member.user.email);
    let res = app
        .request(
            Method::PUT,
            &sso_path(&org),
            Some(&owner.token),
            Some(body.clone()),
        )
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(
        p.errors
            .unwrap_or_default()
            .contains_key("break_glass_email"),
        "only an owner"
    );
    body["break_glass_email"] = json!(owner.user.email);
    let res = app
        .request(Method::PUT, &sso_path(&org), Some(&owner.token), Some(body))
        .await;
    let saved: SsoConfiguration = ok(res, StatusCode::OK).await;
    let saved = saved.provider.unwrap();
    assert!(saved.require_sso);
    assert_eq!(
        saved.break_glass_email.as_deref(),
        Some(owner.user.email.as_str())
    );

    // The member's password no longer signs them in, by token or session...
    let login = json!({ "email": member.user.email, "password": PASSWORD });
    let res = app.post("/api/v1/auth/login", None, login.clone()).await;
    let p = problem(res, StatusCode::FORBIDDEN, "sso_required").await;
    assert!(p.detail.contains("Sign in with your organisation"));
    let res = app.post("/api/v1/auth/session", None, login).await;
    problem(res, StatusCode::FORBIDDEN, "sso_required").await;
    // ...a wrong one is still just wrong...
    let wrong = json!({ "email": member.user.email, "password": "not the password at all" });
    let res = app.post("/api/v1/auth/login", None, wrong).await;
    problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    // ...and the organisation's sign-in does.
    let res = sign_in(
        &app,
        &provider,
        &member.user.email,
        person("m-1", &member.user.email),
    )
    .await;
    let (_, session) = signed_in(&app, res).await;
    assert_eq!(session.user.id, member.user.id);
    // The break-glass owner signs in with password and second factor.
    let token = app.login(&owner.user.email, PASSWORD).await;
    assert!(!token.is_empty());
}

#[tokio::test]
async fn the_providers_mfa_counts_as_a_step_up() {
    let app = spawn(&[]).await;
    let provider = OidcProvider::start(3600).await;
    let (owner, org) = set_up(&app, &provider).await;
    let email = owner.user.email.clone();
    let change = |cookie: String| {
        let csrf = cookie
            .split("cc2i_csrf=")
            .nth(1)
            .unwrap_or_default()
            .to_string();
        let url = format!("{}{}", app.base, sso_path(&org));
        let body = provider.settings(&[DOMAIN]);
        let client = app.client.clone();
        async move {
            client
                .put(url)
                .header(COOKIE, cookie)
                .header("X-CSRF-Token", csrf)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    // Password only at the provider: CC2i's own second factor is still needed.
    let who = json!({ "sub": "o-1", "email": email, "email_verified": true, "amr": ["pwd"] });
    let res = sign_in(&app, &provider, &email, who).await;
    let (cookie, _) = signed_in(&app, res).await;
    problem(change(cookie).await, StatusCode::FORBIDDEN, "mfa_required").await;
    // The provider asserts multi-factor: that is the step-up.
    let who =
        json!({ "sub": "o-1", "email": email, "email_verified": true, "amr": ["pwd", "mfa"] });
    let res = sign_in(&app, &provider, &email, who).await;
    let (cookie, _) = signed_in(&app, res).await;
    let _: SsoConfiguration = ok(change(cookie).await, StatusCode::OK).await;
}
