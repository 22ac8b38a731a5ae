//! What a widget, badge or oEmbed answer shows about a public idea.

use chrono::{DateTime, Utc};

use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::ideas::repo;
use cc2i_shared::lifecycle::IdeaStatus;

/// A public idea's funding at a glance.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Idea id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The proposing organisation's name.
    pub proposer: String,
    /// Counting pledges, in basis points of the target.
    pub pledged_bp: i64,
    /// Organisations with counting pledges.
    pub funders: i64,
    /// Status.
    pub status: IdeaStatus,
    /// When pledging closes.
    pub deadline: DateTime<Utc>,
}

impl Snapshot {
    /// Whole per cent funded, rounded down (so "100%" means the target is met).
    pub fn percent(&self) -> i64 {
        (self.pledged_bp / 100).max(0)
    }

    /// Whole days until the deadline, rounded up; 0 once it has passed.
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        let seconds = (self.deadline - now).num_seconds();
        if seconds <= 0 {
            0
        } else {
            (seconds + 86_399) / 86_400
        }
    }
}

/// The snapshot of a public idea; 404 for anything not public, whoever asks.
pub fn load(conn: &mut AnyConnection, id: &str) -> Result<Snapshot, ApiError> {
    let row = repo::find_row(conn, id)?.ok_or(ApiError::NotFound)?;
    if !row.status().is_public() {
        return Err(ApiError::NotFound);
    }
    let idea = repo::to_idea(conn, row)?;
    Ok(Snapshot {
        id: idea.id,
        title: idea.title,
        proposer: idea.organisation.name,
        pledged_bp: idea.funding.pledged_bp,
        funders: idea.funding.pledger_count,
        status: idea.status,
        deadline: idea.funding.deadline,
    })
}

/// Whether `id` looks like an idea id (up to 64 letters, digits and hyphens), so it can be
/// put into a URL or page without escaping.
pub fn is_idea_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Escapes text for HTML and XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn snapshot(pledged_bp: i64, deadline: DateTime<Utc>) -> Snapshot {
        Snapshot {
            id: "i".into(),
            title: "t".into(),
            proposer: "p".into(),
            pledged_bp,
            funders: 2,
            status: IdeaStatus::Open,
            deadline,
        }
    }

    #[test]
    fn percent_rounds_down_and_days_round_up() {
        let now = Utc::now();
        assert_eq!(snapshot(9_999, now).percent(), 99);
        assert_eq!(snapshot(10_000, now).percent(), 100);
        assert_eq!(snapshot(12_550, now).percent(), 125);
        assert_eq!(snapshot(0, now + TimeDelta::hours(1)).days_left(now), 1);
        assert_eq!(snapshot(0, now + TimeDelta::days(3)).days_left(now), 3);
        assert_eq!(snapshot(0, now - TimeDelta::hours(1)).days_left(now), 0);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }
}
