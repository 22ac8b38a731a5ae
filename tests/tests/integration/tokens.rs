use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use cc2i_tests::{problem, TestApp, JWT_SECRET, PUBLIC_URL};
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn sign(claims: &Value, kid: Option<&str>, secret: &str) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = kid.map(str::to_string);
    encode(
        &header,
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn claims(sub: &str, overrides: Value) -> Value {
    let now = chrono::Utc::now().timestamp();
    let mut c = json!({"sub": sub, "iss": PUBLIC_URL, "aud": "cc2i-api", "iat": now, "nbf": now, "exp": now + 600, "ver": 1});
    for (k, v) in overrides.as_object().unwrap() {
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v.clone();
        }
    }
    c
}

#[tokio::test]
async fn a_correctly_forged_token_works_so_the_attacks_below_are_meaningful() {
    let app = TestApp::spawn().await;
    let session = app.user().await;
    let token = sign(
        &claims(&session.user.id, json!({})),
        Some("cc2i-hs256-1"),
        JWT_SECRET,
    );
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn tampered_expired_and_misaddressed_tokens_are_all_the_same_401() {
    let app = TestApp::spawn().await;
    let session = app.user().await;
    let id = session.user.id.as_str();
    let kid = Some("cc2i-hs256-1");
    let now = chrono::Utc::now().timestamp();
    let none_token = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims(id, json!({})).to_string())
    );
    let attacks = vec![
        ("alg none", none_token),
        (
            "unknown kid",
            sign(&claims(id, json!({})), Some("other"), JWT_SECRET),
        ),
        ("no kid", sign(&claims(id, json!({})), None, JWT_SECRET)),
        (
            "expired",
            sign(
                &claims(
                    id,
                    json!({"exp": now - 120, "iat": now - 1000, "nbf": now - 1000}),
                ),
                kid,
                JWT_SECRET,
            ),
        ),
        (
            "nbf in the future",
            sign(&claims(id, json!({"nbf": now + 600})), kid, JWT_SECRET),
        ),
        (
            "exp as a string",
            sign(
                &claims(id, json!({"exp": (now + 600).to_string()})),
                kid,
                JWT_SECRET,
            ),
        ),
        (
            "missing exp",
            sign(&claims(id, json!({"exp": null})), kid, JWT_SECRET),
        ),
        (
            "wrong aud",
            sign(&claims(id, json!({"aud": "someone-else"})), kid, JWT_SECRET),
        ),
        (
            "missing aud",
            sign(&claims(id, json!({"aud": null})), kid, JWT_SECRET),
        ),
        (
            "wrong iss",
            sign(
                &claims(id, json!({"iss": "https://evil.example"})),
                kid,
                JWT_SECRET,
            ),
        ),
        (
            "bad signature",
            sign(
                &claims(id, json!({})),
                kid,
                "another-secret-another-secret-another-secret",
            ),
        ),
        (
            "truncated",
            session.token[..session.token.len() - 5].to_string(),
        ),
        (
            "unknown user",
            sign(
                &claims("01234567-0000-7000-8000-000000000000", json!({})),
                kid,
                JWT_SECRET,
            ),
        ),
        (
            "old token version",
            sign(&claims(id, json!({"ver": 0})), kid, JWT_SECRET),
        ),
        ("garbage", "not-a-jwt".to_string()),
    ];
    let mut bodies = Vec::new();
    for (name, token) in attacks {
        let res = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(
            res.status(),
            StatusCode::UNAUTHORIZED,
            "{name} was accepted"
        );
        bodies.push((
            name,
            problem(res, StatusCode::UNAUTHORIZED, "unauthorized").await,
        ));
    }
    for (name, body) in &bodies {
        assert_eq!(body, &bodies[0].1, "{name} answered differently");
    }
}

#[tokio::test]
async fn a_non_bearer_authorization_header_is_401() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .header("authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l")
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

/// `header.payload.signature` with an HMAC-SHA256 signature over whatever header is given,
/// as an attacker holding the secret's algorithm confusion would make it.
fn hs256_with_header(header: &Value, claims: &Value) -> String {
    use hmac::{Hmac, Mac};
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(JWT_SECRET.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

fn sign_with(alg: Algorithm, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = Some("cc2i-hs256-1".into());
    encode(
        &header,
        claims,
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap()
}

/// The body every refused token gets, from an obviously bad one.
async fn refusal(app: &TestApp) -> cc2i_shared::Problem {
    let res = app.get("/api/v1/me", Some("not-a-jwt")).await;
    problem(res, StatusCode::UNAUTHORIZED, "unauthorized").await
}

async fn assert_refused(app: &TestApp, name: &str, token: &str, expected: &cc2i_shared::Problem) {
    let res = app.get("/api/v1/me", Some(token)).await;
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "{name} was accepted"
    );
    let body = problem(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(&body, expected, "{name} answered differently");
}

#[tokio::test]
async fn swapped_algorithms_and_a_string_nbf_are_the_same_401() {
    let app = TestApp::spawn().await;
    let session = app.user().await;
    let id = session.user.id.as_str();
    let now = chrono::Utc::now().timestamp();
    let expected = refusal(&app).await;
    let good = claims(id, json!({}));
    // The same HMAC over an HS256 header is accepted, so only the header makes the difference.
    let control = hs256_with_header(
        &json!({"alg": "HS256", "typ": "JWT", "kid": "cc2i-hs256-1"}),
        &good,
    );
    assert_eq!(
        app.get("/api/v1/me", Some(&control)).await.status(),
        StatusCode::OK
    );
    let attacks = [
        ("HS512", sign_with(Algorithm::HS512, &good)),
        ("HS384", sign_with(Algorithm::HS384, &good)),
        (
            "RS256 header over an HMAC",
            hs256_with_header(
                &json!({"alg": "RS256", "typ": "JWT", "kid": "cc2i-hs256-1"}),
                &good,
            ),
        ),
        (
            "nbf as a string",
            sign_with(
                Algorithm::HS256,
                &claims(id, json!({"nbf": (now - 10).to_string()})),
            ),
        ),
    ];
    for (name, token) in attacks {
        assert_refused(&app, name, &token, &expected).await;
    }
}

#[tokio::test]
async fn a_token_of_a_deleted_user_is_the_same_401() {
    let app = TestApp::spawn().await;
    let session = app.user().await;
    let expected = refusal(&app).await;
    assert_eq!(
        app.get("/api/v1/me", Some(&session.token)).await.status(),
        StatusCode::OK
    );
    {
        use cc2i_api::db::schema::users;
        use diesel::prelude::*;
        let url = cc2i_api::config::DatabaseUrl::parse(&app.database_url).unwrap();
        let db = cc2i_api::db::Db::connect(&url, 2).unwrap();
        let mut conn = db.blocking_writer().unwrap();
        let deleted = diesel::delete(users::table.filter(users::id.eq(&session.user.id)))
            .execute(&mut *conn)
            .unwrap();
        assert_eq!(deleted, 1);
    }
    assert_refused(&app, "deleted user", &session.token, &expected).await;
}

#[tokio::test]
async fn a_token_issued_before_a_password_change_is_the_same_401() {
    let app = TestApp::spawn().await;
    let session = app.user().await;
    let expected = refusal(&app).await;
    let new_password = "a brand new passphrase 42";
    let res = app
        .post(
            "/api/v1/me/password",
            Some(&session.token),
            json!({"current_password": cc2i_tests::PASSWORD, "new_password": new_password}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_refused(
        &app,
        "token from before the change",
        &session.token,
        &expected,
    )
    .await;
    // A token of the same account signed after the change works, so the refusal is the change.
    let fresh = app.login(&session.user.email, new_password).await;
    assert_eq!(
        app.get("/api/v1/me", Some(&fresh)).await.status(),
        StatusCode::OK
    );
}
