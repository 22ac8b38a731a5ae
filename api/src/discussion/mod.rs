//! Co-design conversation on an idea: public questions answered by the proposer, updates
//! from the proposer (public or for funders only) and people following an idea.

pub mod audience;
pub mod follows;
pub mod question_handlers;
pub mod questions;
pub mod update_handlers;
pub mod updates;

use cc2i_shared::page::DEFAULT_LIMIT;

/// Where a notification about an idea's questions or updates takes the reader: the idea's
/// questions and updates page of the web app.
pub fn discussion_link(idea_id: &str) -> String {
    format!("/ideas/{idea_id}/questions-and-updates")
}

/// Rows per page from an optional `limit`.
pub fn page_limit(limit: Option<u32>) -> i64 {
    i64::from(limit.unwrap_or(DEFAULT_LIMIT))
}

/// Cuts `rows` (fetched with one more than `limit`, newest first) to the page and returns
/// the cursor of the next page: the id of the last row shown.
pub fn paged<T>(mut rows: Vec<T>, limit: i64, id: impl Fn(&T) -> &str) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(|r| id(r).to_string());
        (rows, next)
    } else {
        (rows, None)
    }
}

/// The start of `text` for a notification: at most `max` characters, with an ellipsis
/// when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_long_text_by_characters() {
        assert_eq!(excerpt("  short  ", 10), "short");
        assert_eq!(excerpt("ééééé ééééé", 7), "ééééé…");
        assert_eq!(excerpt("abcdefghij", 5).chars().count(), 5);
    }

    #[test]
    fn a_page_keeps_limit_rows_and_points_at_the_last() {
        let rows = vec!["c".to_string(), "b".into(), "a".into()];
        let (page, next) = paged(rows.clone(), 2, |r| r);
        assert_eq!(page, ["c", "b"]);
        assert_eq!(next.as_deref(), Some("b"));
        let (page, next) = paged(rows, 3, |r| r);
        assert_eq!(page.len(), 3);
        assert_eq!(next, None);
    }
}
