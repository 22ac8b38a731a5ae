//! The audit log: one structured event per sign-in success and failure and per refused
//! request (401/403), each with the request id and the actor; secrets never reach the log.
//! Runs the real binary logging JSON lines to a file, as an operator would collect them.

use cc2i_shared::api_key::CreatedApiKey;
use cc2i_shared::{AccessToken, Organisation, User};
use cc2i_tests::process::{free_port, ServerProcess};
use cc2i_tests::{fresh_database_url, ADMIN_EMAIL, JWT_SECRET, PASSWORD};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const CANARY_PASSWORD: &str = "canary passphrase 7f3a9e1d";
const CANARY_WRONG_PASSWORD: &str = "canary wrong guess 5b2c8e41";

async fn send(_client: &Client, req: reqwest::RequestBuilder) -> reqwest::Response {
    req.send().await.expect("request sent")
}

/// The `fields` of every JSON log line whose event is `event`.
fn events(log: &str, event: &str) -> Vec<Value> {
    log.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|l| l.get("fields").cloned())
        .filter(|f| f["event"] == event)
        .collect()
}

#[tokio::test]
async fn sign_ins_and_denials_are_logged_with_request_id_and_actor_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("server.log");
    let env = vec![
        ("DATABASE_URL", fresh_database_url(dir.path())),
        ("CC2I_DATA_DIR", dir.path().display().to_string()),
        ("CC2I_JWT_SECRET", JWT_SECRET.to_string()),
        ("CC2I_PUBLIC_URL", cc2i_tests::PUBLIC_URL.to_string()),
        ("CC2I_ADMIN_EMAIL", ADMIN_EMAIL.to_string()),
        ("CC2I_ADMIN_PASSWORD", PASSWORD.to_string()),
        ("CC2I_WORKERS", "1".to_string()),
        ("CC2I_WEB_DIST", dir.path().display().to_string()),
        ("CC2I_LOG_FORMAT", "json".to_string()),
        ("CC2I_WEBHOOK_ALLOW_PRIVATE", "1".to_string()),
    ];
    let server = ServerProcess::start_logging(free_port(), &env, "info", &log_path).await;
    let base = server.base.clone();
    let c = Client::new();
    let url = |p: &str| format!("{base}{p}");

    let email = "canary.person@council.example";
    let res = send(
        &c,
        c.post(url("/api/v1/auth/register")).json(
            &json!({"email": email, "password": CANARY_PASSWORD, "display_name": "Canary Person"}),
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    cc2i_tests::accounts::confirm_email(&c, &base, &cc2i_tests::accounts::one(dir.path()), email)
        .await;

    let res = send(
        &c,
        c.post(url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": CANARY_WRONG_PASSWORD})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = send(
        &c,
        c.post(url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": CANARY_PASSWORD})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let jwt = res.json::<AccessToken>().await.unwrap().access_token;
    // Owners of a verified organisation need a second factor, and API keys a step-up.
    let jwt = cc2i_tests::factors::Accounts::new(&c, &base)
        .stepped_up(email, &jwt)
        .await;

    let res = send(&c, c.get(url("/api/v1/me")).bearer_auth(&jwt)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let user: User = res.json::<cc2i_shared::Me>().await.unwrap().user;
    let res = send(
        &c,
        c.post(url("/api/v1/organisations"))
            .bearer_auth(&jwt)
            .json(&json!({
                "name": "Canary Borough Council", "kind": "local_authority", "region": "north_west",
                "identifier": "GB-COH-77770001", "service_areas": ["housing"],
            })),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let org: Organisation = res.json().await.unwrap();
    let res = send(
        &c,
        c.post(url(&format!("/api/v1/organisations/{}/api-keys", org.id)))
            .bearer_auth(&jwt)
            .json(&json!({"name": "Finance", "scopes": ["ideas:read", "webhooks:manage"]})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let key: CreatedApiKey = res.json().await.unwrap();
    let res = send(
        &c,
        c.post(url(&format!("/api/v1/organisations/{}/webhooks", org.id)))
            .bearer_auth(&key.key)
            .json(&json!({"url": "http://127.0.0.1:9/hook", "events": ["idea.funded"]})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let webhook_secret = res.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_string();

    // A key on a person-only operation: 403, with the key as the actor.
    let res = send(&c, c.get(url("/api/v1/me")).bearer_auth(&key.key)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A person where only platform admins may go: 403, with the person as the actor.
    let res = send(
        &c,
        c.post(url(&format!("/api/v1/organisations/{}/verify", org.id)))
            .bearer_auth(&jwt)
            .json(&json!({})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A tampered token: 401, anonymous.
    let tampered = format!("{}x", &jwt[..jwt.len() - 1]);
    let res = send(&c, c.get(url("/api/v1/me")).bearer_auth(&tampered)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    server.kill();
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(!log.is_empty(), "the server logged nothing");

    let sign_ins = events(&log, "sign_in");
    let outcomes: Vec<(&str, &str)> = sign_ins
        .iter()
        .filter(|f| f["outcome"] != "success" || f["actor"] == format!("user:{}", user.id))
        .map(|f| (f["outcome"].as_str().unwrap(), f["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("failure", "anonymous"),
            ("success", format!("user:{}", user.id).as_str())
        ],
        "one event per sign-in attempt: {sign_ins:?}"
    );
    let denials = events(&log, "authorization_denied");
    let denial = |status: u64, actor: &str, path: &str| {
        let found: Vec<&Value> = denials
            .iter()
            .filter(|f| f["status"] == status && f["actor"] == actor && f["path"] == path)
            .collect();
        assert_eq!(found.len(), 1, "{status} {actor} {path}: {denials:?}");
        found[0].clone()
    };
    assert!(
        denials.iter().all(|f| f["path"] != "/api/v1/auth/login"),
        "a failed sign-in is one sign_in event, not also a denial: {denials:?}"
    );
    let by_key = denial(403, &format!("key:{}", key.api_key.id), "/api/v1/me");
    let by_person = denial(
        403,
        &format!("user:{}", user.id),
        &format!("/api/v1/organisations/{}/verify", org.id),
    );
    let anonymous = denial(401, "anonymous", "/api/v1/me");
    let mut ids: Vec<&str> = sign_ins
        .iter()
        .chain([&by_key, &by_person, &anonymous])
        .map(|f| f["request_id"].as_str().unwrap())
        .collect();
    assert!(
        ids.iter()
            .all(|id| id.len() == 36 && uuid::Uuid::parse_str(id).is_ok()),
        "every event carries the request id: {ids:?}"
    );
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "each request has its own id");

    let (_, key_secret) = key.key.split_at(5);
    let canaries = vec![
        ("password", CANARY_PASSWORD.to_string()),
        ("wrong password", CANARY_WRONG_PASSWORD.to_string()),
        ("access token", jwt.clone()),
        (
            "token signature",
            jwt.rsplit('.').next().unwrap().to_string(),
        ),
        ("tampered token", tampered),
        ("API key", key.key.clone()),
        ("API key secret", key_secret.to_string()),
        ("webhook secret", webhook_secret),
    ];
    for (what, secret) in canaries {
        assert!(!log.contains(&secret), "the log contains the {what}");
    }
}

/// Every log line is JSON with its target, the start-up line included; every response has
/// an `X-Request-Id` (the caller's when sane, else a new one) that the access line and the
/// audit events carry too.
#[tokio::test]
async fn json_logs_are_all_json_and_request_ids_tie_responses_to_log_lines() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("server.log");
    let env = vec![
        ("DATABASE_URL", fresh_database_url(dir.path())),
        ("CC2I_DATA_DIR", dir.path().display().to_string()),
        ("CC2I_JWT_SECRET", JWT_SECRET.to_string()),
        ("CC2I_WORKERS", "1".to_string()),
        ("CC2I_WEB_DIST", dir.path().display().to_string()),
        ("CC2I_LOG_FORMAT", "json".to_string()),
    ];
    let server = ServerProcess::start_logging(free_port(), &env, "info", &log_path).await;
    let client = Client::new();
    let url = |p: &str| format!("{}{p}", server.base);

    let res = client.get(url("/healthz")).send().await.unwrap();
    let generated = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
    let res = client
        .get(url("/healthz"))
        .header("x-request-id", "support-ticket:1234.5_a")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "support-ticket:1234.5_a");
    let res = client
        .get(url("/healthz"))
        .header("x-request-id", "not \"sane\" at all")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"].len(), 36, "replaced");
    // Errors too, and the audit event names the same id.
    let res = client
        .get(url("/api/v1/me"))
        .header("x-request-id", "trace-401-abc")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["x-request-id"], "trace-401-abc");
    let res = client.get(url("/api/v1/ideas/nope")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.headers().contains_key("x-request-id"));
    drop(server);

    let log = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        lines.iter().all(|l| l["target"].is_string()),
        "every line has its target"
    );
    assert!(
        lines.iter().any(|l| l["fields"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("CC2i is running at"))),
        "the start-up line is a JSON event"
    );
    let access = |id: &str| {
        lines
            .iter()
            .filter(|l| l["target"] == "cc2i::access" && l["fields"]["request_id"] == id)
            .count()
    };
    assert_eq!(access(&generated), 1);
    assert_eq!(access("support-ticket:1234.5_a"), 1);
    assert!(
        lines.iter().any(|l| l["target"] == "cc2i::audit"
            && l["fields"]["event"] == "authorization_denied"
            && l["fields"]["request_id"] == "trace-401-abc"),
        "the audit event carries the caller's id"
    );
}
