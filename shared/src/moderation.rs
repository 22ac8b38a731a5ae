//! Reports from people and decisions by moderators about questions and updates.
//!
//! Each report speaks for one organisation: the reporter's first verified organisation (the
//! one they joined first), or, for people without a verified organisation, one shared voice
//! for all of them. Content is hidden pending review once its reports speak for
//! [`HIDE_THRESHOLD`] different voices. A moderator's restore clears the reports, so it takes
//! that many new ones to hide it again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::discussion::check_text;

/// Reports from this many different organisations hide content pending review.
pub const HIDE_THRESHOLD: usize = 3;
/// Longest reason for a report or a moderator's decision.
pub const MAX_REASON_CHARS: usize = 500;

fn reason_text(value: &str) -> Result<(), ValidationError> {
    check_text(value, MAX_REASON_CHARS)
}

/// What can be reported. Reporting a question covers its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetType {
    /// A question with its answer.
    Question,
    /// An update from the proposer.
    Update,
}

impl TargetType {
    /// Every target type.
    pub const ALL: &'static [TargetType] = &[TargetType::Question, TargetType::Update];

    /// The code, as in paths and the database.
    pub fn code(self) -> &'static str {
        match self {
            TargetType::Question => "question",
            TargetType::Update => "update",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.code() == code)
    }

    /// The noun shown to people.
    pub fn label(self) -> &'static str {
        match self {
            TargetType::Question => "Question",
            TargetType::Update => "Update",
        }
    }
}

/// A report that something breaks the rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReport {
    /// What kind of thing is reported.
    pub target_type: TargetType,
    /// Its id.
    #[validate(length(min = 1, max = 64, message = "must be the id of a question or update"))]
    #[schema(min_length = 1, max_length = 64)]
    pub target_id: String,
    /// What is wrong with it, 1 to 500 characters.
    #[validate(custom(function = "reason_text"))]
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub reason: String,
}

/// A report as its reporter sees it once made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Report {
    /// Opaque id.
    pub id: String,
    /// What was reported.
    pub target_type: TargetType,
    /// Its id.
    pub target_id: String,
    /// The reason given.
    pub reason: String,
    /// When it was made.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// Whether the content is now hidden pending review.
    pub target_hidden: bool,
}

/// A moderator's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModerationAction {
    /// Hide it; people see "Removed by moderators" with the reason.
    Hide,
    /// Show it again and clear its reports.
    Restore,
}

impl ModerationAction {
    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            ModerationAction::Hide => "hide",
            ModerationAction::Restore => "restore",
        }
    }
}

/// A moderator hides or restores something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Moderate {
    /// What to do.
    pub action: ModerationAction,
    /// Why, 1 to 500 characters. When hiding, people are shown it.
    #[validate(custom(function = "reason_text"))]
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub reason: String,
}

/// One report as moderators see it: what was said and for which organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportSummary {
    /// The reason given.
    pub reason: String,
    /// The organisation the report counts for; `null` for people without a verified one.
    pub organisation_name: Option<String>,
    /// When it was made.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
}

/// Something reported or hidden, with its full text, for moderators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ModerationItem {
    /// What it is.
    pub target_type: TargetType,
    /// Its id.
    pub target_id: String,
    /// The idea it belongs to.
    pub idea_id: String,
    /// The idea's title.
    pub idea_title: String,
    /// The organisation that wrote it (the asker, or the proposer for an update).
    pub organisation_name: String,
    /// The update's title.
    pub title: Option<String>,
    /// The question or update.
    pub body: String,
    /// The answer to a question, if there is one.
    pub answer: Option<String>,
    /// When it was written.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// Whether it is hidden.
    pub hidden: bool,
    /// Whether reports hid it and no moderator has decided yet.
    pub hidden_by_reports: bool,
    /// Why it is hidden, as people see it.
    pub removed_reason: Option<String>,
    /// Whether a moderator should look at it: reported but still shown, or hidden by
    /// reports.
    pub needs_review: bool,
    /// How many different organisations the reports speak for.
    pub reporting_organisations: i64,
    /// Reports since it was last restored, newest first.
    pub reports: Vec<ReportSummary>,
}

/// Which items the moderation queue lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueFilter {
    /// Reported but still shown, or hidden by reports without a decision.
    NeedsReview,
    /// Hidden, by reports or by a moderator.
    Hidden,
}

/// Filtering and paging through the moderation queue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ModerationQuery {
    /// Only these items (default: everything reported or hidden).
    #[param(inline)]
    pub filter: Option<QueueFilter>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 200, message = "is not a cursor from this list"))]
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// The number of different voices among reports, given the organisation each counts for
/// (`None` for a reporter without a verified organisation: all of those share one voice).
pub fn voices<'a>(organisations: impl IntoIterator<Item = Option<&'a str>>) -> usize {
    let mut seen: Vec<Option<&str>> = Vec::new();
    for org in organisations {
        if !seen.contains(&org) {
            seen.push(org);
        }
    }
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::field_errors;

    #[test]
    fn people_without_a_verified_organisation_share_one_voice() {
        assert_eq!(voices([None, None, None]), 1);
        assert_eq!(voices([Some("a"), Some("a"), Some("a")]), 1);
        assert_eq!(voices([Some("a"), Some("b"), None, None]), 3);
        assert_eq!(voices([]), 0);
    }

    #[test]
    fn a_report_needs_a_reason() {
        let bad = CreateReport {
            target_type: TargetType::Question,
            target_id: String::new(),
            reason: " ".into(),
        };
        let errors = field_errors(&bad.validate().unwrap_err());
        assert_eq!(errors["reason"], ["is required"]);
        assert_eq!(
            errors["target_id"],
            ["must be the id of a question or update"]
        );
    }

    #[test]
    fn target_types_round_trip_their_codes() {
        for t in TargetType::ALL {
            assert_eq!(TargetType::from_code(t.code()), Some(*t));
        }
        assert_eq!(TargetType::from_code("answer"), None);
    }
}
