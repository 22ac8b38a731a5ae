//! OCDS release packages: the publishing metadata around a list of releases.

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use super::release::{timestamp, Release};
use super::BUDGET_BREAKDOWN_EXTENSION;

/// A release package at `uri`. `publishedDate` is the date of the newest release (packages
/// are made on demand, so that is when their contents last changed), or `now` if there are
/// none. `next` is the next page, as the OCDS pagination extension's `links.next`.
pub fn package(
    uri: &str,
    public_url: &str,
    releases: &[Release],
    now: NaiveDateTime,
    next: Option<String>,
) -> Value {
    let published = releases.iter().map(|r| r.date).max().unwrap_or(now);
    let mut out = json!({
        "uri": uri,
        "version": "1.1",
        "extensions": [BUDGET_BREAKDOWN_EXTENSION],
        "publishedDate": timestamp(published),
        "publisher": {"name": "CC2i", "uri": public_url},
        "releases": releases.iter().map(|r| r.body.clone()).collect::<Vec<_>>(),
    });
    if let Some(next) = next {
        out["links"] = json!({ "next": next });
    }
    out
}
