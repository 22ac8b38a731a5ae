//! One request to one replica, and what came of it: an answer, a refused connection (the
//! replica was down: nothing reached it), or an unknown outcome (the connection broke after
//! the request may have been handled).

use reqwest::{Client, Method};
use serde_json::Value;

/// What came of a request.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The replica answered.
    Answer {
        /// The HTTP status.
        status: u16,
        /// The body, parsed (Null when it is not JSON).
        body: Value,
        /// The body as sent.
        raw: String,
        /// `Idempotent-Replayed: true` was present.
        replayed: bool,
    },
    /// Nothing reached the replica (connection refused).
    Refused,
    /// Sent, but no answer came (reset, timeout): it may or may not have been handled.
    Unknown(String),
}

impl Outcome {
    /// The status of an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Outcome::Answer { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// A short label for the summary: `201`, `409 cap_exceeded`, `refused`, `unknown`.
    pub fn label(&self) -> String {
        match self {
            Outcome::Answer { status, body, .. } => match body["code"].as_str() {
                Some(code) if *status >= 400 => format!("{status} {code}"),
                _ => status.to_string(),
            },
            Outcome::Refused => "refused (replica down)".into(),
            Outcome::Unknown(_) => "unknown (connection broke)".into(),
        }
    }
}

/// A client with short timeouts, for load.
pub fn client() -> Client {
    Client::builder()
        .timeout(std::time::Duration::from_secs(15))
        .connect_timeout(std::time::Duration::from_secs(2))
        .pool_max_idle_per_host(64)
        .build()
        .expect("client")
}

/// Sends one request: `key` becomes the `Idempotency-Key`.
pub async fn send(
    client: &Client,
    base: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    key: Option<&str>,
) -> Outcome {
    let mut req = client.request(method, format!("{base}{path}"));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(key) = key {
        req = req.header("idempotency-key", key);
    }
    if let Some(body) = body {
        req = req.json(body);
    }
    let res = match req.send().await {
        Ok(res) => res,
        Err(e) if e.is_connect() => return Outcome::Refused,
        Err(e) => return Outcome::Unknown(e.to_string()),
    };
    let status = res.status().as_u16();
    let replayed = res.headers().contains_key("idempotent-replayed");
    match res.text().await {
        Ok(raw) => Outcome::Answer {
            status,
            body: serde_json::from_str(&raw).unwrap_or(Value::Null),
            raw,
            replayed,
        },
        Err(e) => Outcome::Unknown(e.to_string()),
    }
}

/// Sends a setup request and insists on `expect` (setup runs before any replica is killed).
pub async fn must(
    client: &Client,
    base: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Value,
    expect: u16,
) -> Value {
    match send(client, base, method, path, token, Some(&body), None).await {
        Outcome::Answer { status, body, .. } if status == expect => body,
        other => panic!("setup {path} on {base}: expected {expect}, got {other:?}"),
    }
}
