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
