//! A real OpenID provider for the single sign-on tests: `tests/oidc/provider.mjs`
//! (node-oidc-provider) as a child process, and a person signing in at it over HTTP.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::process::free_port;
use crate::{TestApp, PUBLIC_URL};

/// CC2i's client at the provider.
pub const CLIENT_ID: &str = "cc2i-test";
/// Its secret.
pub const CLIENT_SECRET: &str = "cc2i-test-client-secret";

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oidc")
}

/// A running provider; stopped when dropped.
pub struct OidcProvider {
    child: Child,
    /// Its issuer URL, e.g. `http://127.0.0.1:41234`.
    pub issuer: String,
    client: reqwest::Client,
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A cookie jar small enough to read: the provider's cookies, sent back on every request.
#[derive(Default)]
struct Jar(BTreeMap<String, String>);

impl Jar {
    fn take(&mut self, res: &Response) {
        for value in res.headers().get_all(SET_COOKIE) {
            let text = value.to_str().unwrap_or_default();
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                self.0.insert(name.trim().to_string(), value.to_string());
            }
        }
    }

    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn location(res: &Response) -> String {
    assert!(
        res.status().is_redirection(),
        "expected a redirect, got {}",
        res.status()
    );
    res.headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("Location")
        .to_string()
}

impl OidcProvider {
    /// Starts a provider whose ID tokens live `id_token_seconds`, and waits until its
    /// discovery document answers. `npm install` runs first if the package is missing.
    pub async fn start(id_token_seconds: u32) -> OidcProvider {
        let dir = folder();
        if !dir.join("node_modules/oidc-provider").is_dir() {
            let status = Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir)
                .status()
                .expect("npm runs");
            assert!(status.success(), "npm install in tests/oidc failed");
        }
        let port = free_port();
        let child = Command::new("node")
            .arg("provider.mjs")
            .current_dir(&dir)
            .env("PORT", port.to_string())
            .env("CLIENT_ID", CLIENT_ID)
            .env("CLIENT_SECRET", CLIENT_SECRET)
            .env(
                "REDIRECT_URI",
                format!("{PUBLIC_URL}/api/v1/auth/sso/callback"),
            )
            .env("ID_TOKEN_TTL", id_token_seconds.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("node starts");
        let issuer = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let provider = OidcProvider {
            child,
            issuer,
            client,
        };
        let discovery = format!("{}/.well-known/openid-configuration", provider.issuer);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(res) = provider.client.get(&discovery).send().await {
                if res.status() == StatusCode::OK {
                    return provider;
                }
            }
            assert!(
                Instant::now() < deadline,
                "the OpenID provider did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The settings an owner saves for this provider.
    pub fn settings(&self, domains: &[&str]) -> Value {
        json!({
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "domains": domains,
        })
    }

    /// Follows `authorization_url` at the provider and signs `person` in there (`sub`,
    /// `email`, `email_verified`, `name`, `amr`): the URL it sends the browser back to.
    pub async fn sign_in(&self, authorization_url: &str, person: Value) -> String {
        let mut jar = Jar::default();
        let res = self
            .client
            .get(authorization_url)
            .send()
            .await
            .expect("authorize");
        jar.take(&res);
        let interaction = format!("{}{}/login", self.issuer, location(&res));
        let res = self
            .client
            .post(&interaction)
            .header(COOKIE, jar.header())
            .json(&person)
            .send()
            .await
            .expect("log in");
        jar.take(&res);
        let mut next = location(&res);
        // Back to the authorization endpoint, which answers with the code.
        for _ in 0..3 {
            if next.starts_with(PUBLIC_URL) {
                return next;
            }
            let url = if next.starts_with("http") {
                next.clone()
            } else {
                format!("{}{next}", self.issuer)
            };
            let res = self
                .client
                .get(&url)
                .header(COOKIE, jar.header())
                .send()
                .await
                .expect("resume");
            jar.take(&res);
            next = location(&res);
        }
        panic!("the provider did not send the browser back: {next}");
    }
}

/// One browser signing in through its organisation.
pub struct SsoBrowser {
    /// The `cc2i_sso` cookie from the start.
    pub state_cookie: String,
    /// Where the start said to go.
    pub authorization_url: String,
}

/// The value of cookie `name` in a response's `Set-Cookie` headers.
pub fn set_cookie(res: &Response, name: &str) -> Option<String> {
    res.headers().get_all(SET_COOKIE).iter().find_map(|v| {
        let text = v.to_str().ok()?;
        let pair = text.split(';').next()?;
        let (k, value) = pair.split_once('=')?;
        (k.trim() == name).then(|| value.to_string())
    })
}

/// A query parameter of a URL.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    reqwest::Url::parse(url)
        .ok()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

impl TestApp {
    /// Starts signing in as `email` through its organisation: 200 with the browser's state.
    pub async fn start_sso(&self, email: &str) -> SsoBrowser {
        let res = self
            .post("/api/v1/auth/sso/start", None, json!({ "email": email }))
            .await;
        assert_eq!(res.status(), StatusCode::OK, "start single sign-on");
        let state_cookie = set_cookie(&res, "cc2i_sso").expect("cc2i_sso cookie");
        let body: Value = res.json().await.expect("json");
        SsoBrowser {
            state_cookie,
            authorization_url: body["authorization_url"].as_str().expect("url").to_string(),
        }
    }

    /// Comes back to CC2i at `back` (the provider's redirect) with the browser's cookie.
    pub async fn sso_callback(&self, back: &str, state_cookie: &str) -> Response {
        let path = back.strip_prefix(PUBLIC_URL).expect("our redirect URI");
        self.client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, format!("cc2i_sso={state_cookie}"))
            .send()
            .await
            .expect("callback")
    }
}
