//! Requests CC2i makes to addresses people give it, through one guard ([`ssrf`]): the host
//! is resolved once, every address checked, and the connection made to a checked address,
//! with no redirects followed.

pub mod ssrf;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// The URL checked and its host resolved: every address passed. Errors say why, for people.
pub async fn checked(raw: &str, allow_private: bool) -> Result<ssrf::Target, String> {
    let target = ssrf::check_url(raw, allow_private)?;
    let addresses = resolve(&target).await;
    ssrf::check_addresses(&target, &addresses, allow_private)?;
    Ok(target)
}

async fn resolve(target: &ssrf::Target) -> Vec<IpAddr> {
    match target.literal {
        Some(ip) => vec![ip],
        None => tokio::net::lookup_host((target.host.as_str(), target.port))
            .await
            .map(|found| found.map(|a| a.ip()).collect())
            .unwrap_or_default(),
    }
}

/// A client for one checked target: it connects only to the addresses checked, follows no
/// redirect and gives up after `timeout`.
pub async fn client_for(
    raw: &str,
    allow_private: bool,
    timeout: Duration,
    user_agent: &str,
) -> Result<(reqwest::Client, ssrf::Target), String> {
    let target = ssrf::check_url(raw, allow_private)?;
    let addresses = resolve(&target).await;
    ssrf::check_addresses(&target, &addresses, allow_private)?;
    let sockets: Vec<SocketAddr> = addresses
        .iter()
        .map(|ip| SocketAddr::new(*ip, target.port))
        .collect();
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout)
        .no_proxy()
        .user_agent(user_agent);
    if target.literal.is_none() {
        builder = builder.resolve_to_addrs(&target.host, &sockets);
    }
    let client = builder
        .build()
        .map_err(|e| format!("cannot prepare the request: {e}"))?;
    Ok((client, target))
}

/// Why a guarded request failed, for the log and for people.
#[derive(Debug)]
pub struct OutboundError(pub String);

impl std::fmt::Display for OutboundError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OutboundError {}

/// The most an answer may hold (a discovery document, a key set, a token response).
const MAX_ANSWER_BYTES: usize = 1 << 20;

/// Sends one HTTP request through the guard (for the OpenID Connect client): the URL and
/// every address are checked, no redirect is followed, the answer is capped at 1 MiB.
pub async fn exchange(
    request: http::Request<Vec<u8>>,
    allow_private: bool,
) -> Result<http::Response<Vec<u8>>, OutboundError> {
    let url = request.uri().to_string();
    let (client, target) = client_for(&url, allow_private, Duration::from_secs(10), "CC2i-SSO/1")
        .await
        .map_err(|e| OutboundError(format!("{url} refused: {e}")))?;
    let (parts, body) = request.into_parts();
    let mut builder = client.request(parts.method, target.url.clone());
    for (name, value) in &parts.headers {
        builder = builder.header(name, value);
    }
    let mut answer = builder
        .body(body)
        .send()
        .await
        .map_err(|e| OutboundError(format!("{url}: {e}")))?;
    let mut out = http::Response::builder().status(answer.status());
    for (name, value) in answer.headers() {
        out = out.header(name, value);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = answer
        .chunk()
        .await
        .map_err(|e| OutboundError(format!("{url}: {e}")))?
    {
        if bytes.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(OutboundError(format!("{url}: the answer is over 1 MiB")));
        }
        bytes.extend_from_slice(&chunk);
    }
    out.body(bytes)
        .map_err(|e| OutboundError(format!("{url}: {e}")))
}
