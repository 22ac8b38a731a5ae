//! Email in tests: the jobs run as of a chosen instant (test clock), and the `.eml` files
//! the server writes to `outbox/` read back as MIME.

use cc2i_shared::jobs::JobsReport;
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::json;

use crate::{ok, TestApp};

/// A server whose jobs run only when asked (`CC2I_TEST_CLOCK=1`).
pub async fn spawn_with_clock() -> TestApp {
    TestApp::spawn_with(&[("CC2I_TEST_CLOCK", "1")]).await
}

/// Runs the scheduler's jobs and the sender as of `now`.
pub async fn run_jobs(app: &TestApp, now: DateTime<Utc>) -> JobsReport {
    let admin = app.admin().await;
    ok(
        app.post(
            "/api/v1/admin/jobs/run",
            Some(&admin),
            json!({"now": now.to_rfc3339()}),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

/// One email read back from its file.
#[derive(Debug, Clone)]
pub struct Eml {
    /// The file name.
    pub file: String,
    /// Top-level headers in order, names as written.
    pub headers: Vec<(String, String)>,
    /// The decoded text/plain part.
    pub text: String,
    /// The decoded text/html part.
    pub html: String,
}

impl Eml {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The address in the `To` header.
    pub fn to(&self) -> &str {
        self.header("To").unwrap_or_default()
    }

    /// The URL in `List-Unsubscribe`.
    pub fn unsubscribe_url(&self) -> String {
        self.header("List-Unsubscribe")
            .unwrap_or_default()
            .trim_matches(['<', '>'])
            .to_string()
    }
}

fn split_headers(raw: &str) -> (Vec<(String, String)>, &str) {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .expect("headers end with a blank line");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().expect("a folded line follows a header");
            last.1.push(' ');
            last.1.push_str(line.trim());
        } else {
            let (name, value) = line.split_once(':').expect("a header line");
            headers.push((name.to_string(), value.trim().to_string()));
        }
    }
    (headers, body)
}

fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').map(str::trim).find_map(|p| {
        p.strip_prefix(&format!("{name}="))
            .map(|v| v.trim_matches('"').to_string())
    })
}

/// Parses a multipart/alternative message with a text/plain and a text/html part, each
/// quoted-printable; panics on anything else.
pub fn parse(file: &str, raw: &str) -> Eml {
    let (headers, body) = split_headers(raw);
    let content_type = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
        .map(|(_, v)| v.clone())
        .expect("Content-Type");
    assert!(
        content_type.starts_with("multipart/alternative"),
        "{content_type}"
    );
    let boundary = param(&content_type, "boundary").expect("boundary");
    let mut text = None;
    let mut html = None;
    let parts: Vec<&str> = body.split(&format!("--{boundary}")).collect();
    assert!(
        parts.last().is_some_and(|p| p.starts_with("--")),
        "closing boundary"
    );
    for part in &parts[1..parts.len() - 1] {
        let part = part.trim_start_matches("\r\n");
        let (part_headers, content) = split_headers(part);
        let get = |name: &str| {
            part_headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            get("Content-Transfer-Encoding").to_lowercase(),
            "quoted-printable"
        );
        let decoded = quoted_printable::decode(
            content.trim_end_matches("\r\n"),
            quoted_printable::ParseMode::Strict,
        )
        .expect("valid quoted-printable");
        let decoded = String::from_utf8(decoded).expect("UTF-8");
        let kind = get("Content-Type");
        assert!(kind.contains("charset=utf-8"), "{kind}");
        if kind.starts_with("text/plain") {
            text = Some(decoded);
        } else if kind.starts_with("text/html") {
            html = Some(decoded);
        }
    }
    Eml {
        file: file.to_string(),
        headers,
        text: text.expect("a text/plain part"),
        html: html.expect("a text/html part"),
    }
}

/// Every email about activity (notifications, digests, invitations) written to the server's
/// outbox, oldest first. Email about the account itself (links to confirm an address or reset
/// a password, security notices) has no `List-Unsubscribe` and is left out: see
/// [`account_mail_to`].
pub fn outbox(app: &TestApp) -> Vec<Eml> {
    read_outbox(&app.data_path.join("outbox"))
        .into_iter()
        .filter(|m| m.header("List-Unsubscribe").is_some())
        .collect()
}

/// The emails about their account sent to `address`, oldest first.
pub fn account_mail_to(app: &TestApp, address: &str) -> Vec<Eml> {
    read_outbox(&app.data_path.join("outbox"))
        .into_iter()
        .filter(|m| m.header("List-Unsubscribe").is_none() && m.to().contains(address))
        .collect()
}

/// Every email in an outbox folder, oldest first.
pub fn read_outbox(dir: &std::path::Path) -> Vec<Eml> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let raw = std::fs::read_to_string(dir.join(&n)).expect("readable email");
            parse(&n, &raw)
        })
        .collect()
}

/// The emails to `address`.
pub fn outbox_to(app: &TestApp, address: &str) -> Vec<Eml> {
    outbox(app)
        .into_iter()
        .filter(|m| m.to().contains(address))
        .collect()
}

/// Waits (up to five seconds) for the emails about their account with this subject sent to
/// `address`, and returns them.
pub async fn wait_for_account_mail(app: &TestApp, address: &str, subject: &str) -> Vec<Eml> {
    for _ in 0..100 {
        let found: Vec<Eml> = account_mail_to(app, address)
            .into_iter()
            .filter(|m| m.header("Subject") == Some(subject))
            .collect();
        if !found.is_empty() {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Vec::new()
}
