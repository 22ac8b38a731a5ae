//! Accounts in tests: the single-use links CC2i emails (read back from the `.eml` files its
//! servers write), used the way a person would.

use std::path::{Path, PathBuf};

use crate::mail;

/// The token of the newest link to `path` (like `/verify-email`) in an email to `address`
/// written under any of `data_dirs` (each a server's `CC2I_DATA_DIR`).
pub fn find_token(data_dirs: &[PathBuf], address: &str, path: &str) -> Option<String> {
    let mut found: Vec<(String, String)> = Vec::new();
    for dir in data_dirs {
        for eml in mail::read_outbox(&dir.join("outbox")) {
            if !eml.to().contains(address) {
                continue;
            }
            if let Some(token) = token_in(&eml.text, path) {
                found.push((eml.file.clone(), token));
            }
        }
    }
    // Files are named by their outbox row's UUIDv7: in time order.
    found.sort();
    found.pop().map(|(_, token)| token)
}

/// The `token` query value of the first link to `path` in `text`.
pub fn token_in(text: &str, path: &str) -> Option<String> {
    let marker = format!("{path}?token=");
    let start = text.find(&marker)? + marker.len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!token.is_empty()).then_some(token)
}

/// Waits (up to about ten seconds) for the newest link to `path` emailed to `address`, as
/// a server whose email sender runs by itself writes it.
pub async fn wait_for_token(data_dirs: &[PathBuf], address: &str, path: &str) -> String {
    for _ in 0..200 {
        if let Some(token) = find_token(data_dirs, address, path) {
            return token;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no email to {address} with a {path} link arrived")
}

/// Confirms `address` through the link emailed to it, on a server whose sender runs by
/// itself; panics if the server refuses.
pub async fn confirm_email(
    client: &reqwest::Client,
    base: &str,
    data_dirs: &[PathBuf],
    address: &str,
) {
    let token = wait_for_token(data_dirs, address, "/verify-email").await;
    let res = client
        .post(format!("{base}/api/v1/auth/verify-email"))
        .json(&serde_json::json!({ "token": token }))
        .send()
        .await
        .expect("request sent");
    let status = res.status();
    assert_eq!(
        status,
        reqwest::StatusCode::OK,
        "verify email: {}",
        res.text().await.unwrap_or_default()
    );
}

/// `dir` as the one data folder to look in.
pub fn one(dir: &Path) -> Vec<PathBuf> {
    vec![dir.to_path_buf()]
}
