//! Public questions and answers, updates from the proposer, and following an idea.
//!
//! Content hidden by moderators keeps its place in a list but loses its words: `hidden` is
//! true, `removed_reason` says why, and the text fields are `null`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

/// Longest question.
pub const MAX_QUESTION_CHARS: usize = 2000;
/// Longest answer.
pub const MAX_ANSWER_CHARS: usize = 5000;
/// Longest update title.
pub const MAX_UPDATE_TITLE_CHARS: usize = 120;
/// Longest update body.
pub const MAX_UPDATE_BODY_CHARS: usize = 10000;

/// Required text of at most `max` characters that is not only spaces.
pub fn check_text(value: &str, max: usize) -> Result<(), ValidationError> {
    let message = if value.trim().is_empty() {
        "is required".to_owned()
    } else if value.chars().count() > max {
        format!("must be {max} characters or fewer")
    } else {
        return Ok(());
    };
    let mut e = ValidationError::new("length");
    e.message = Some(message.into());
    Err(e)
}

fn question_text(value: &str) -> Result<(), ValidationError> {
    check_text(value, MAX_QUESTION_CHARS)
}

fn answer_text(value: &str) -> Result<(), ValidationError> {
    check_text(value, MAX_ANSWER_CHARS)
}

fn update_title(value: &str) -> Result<(), ValidationError> {
    check_text(value, MAX_UPDATE_TITLE_CHARS)
}

fn update_body(value: &str) -> Result<(), ValidationError> {
    check_text(value, MAX_UPDATE_BODY_CHARS)
}

/// A question about a public idea, asked for an organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskQuestion {
    /// The question, 1 to 2000 characters.
    #[validate(custom(function = "question_text"))]
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub body: String,
    /// The verified organisation asking. Needed only when the caller belongs to more than
    /// one verified organisation (other than the proposer).
    #[validate(length(min = 1, max = 64, message = "must be an organisation id"))]
    #[schema(min_length = 1, max_length = 64)]
    pub organisation_id: Option<String>,
}

/// The proposer's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerQuestion {
    /// The answer, 1 to 5000 characters.
    #[validate(custom(function = "answer_text"))]
    #[schema(
        min_length = 1,
        max_length = 5000,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub body: String,
}

/// An organisation as named beside what its people wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Speaker {
    /// The organisation's id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// The proposer's answer to a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Answer {
    /// The answer; `null` when the question was removed by moderators.
    pub body: Option<String>,
    /// The proposing organisation, which answered.
    pub organisation: Speaker,
    /// When it was answered.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub answered_at: DateTime<Utc>,
}

/// A public question and, once given, its answer. The asker is shown as their organisation,
/// never as a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Question {
    /// Opaque id.
    pub id: String,
    /// The idea asked about.
    pub idea_id: String,
    /// The organisation that asked.
    pub organisation: Speaker,
    /// The question; `null` when removed by moderators.
    pub body: Option<String>,
    /// When it was asked.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub asked_at: DateTime<Utc>,
    /// The answer, once given.
    pub answer: Option<Answer>,
    /// Whether moderators removed it (with its answer).
    pub hidden: bool,
    /// Why, when hidden.
    pub removed_reason: Option<String>,
}

/// Who may read an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UpdateAudience {
    /// Anyone who can see the idea.
    Public,
    /// Members of organisations with an active or committed pledge, the proposer and
    /// platform staff.
    Funders,
}

impl UpdateAudience {
    /// Every audience.
    pub const ALL: &'static [UpdateAudience] = &[UpdateAudience::Public, UpdateAudience::Funders];

    /// The database code.
    pub fn code(self) -> &'static str {
        match self {
            UpdateAudience::Public => "public",
            UpdateAudience::Funders => "funders",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.code() == code)
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            UpdateAudience::Public => "Everyone",
            UpdateAudience::Funders => "Funders only",
        }
    }
}

/// An update posted by the proposing organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostUpdate {
    /// One line, 1 to 120 characters.
    #[validate(custom(function = "update_title"))]
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub title: String,
    /// The update (Markdown), 1 to 10000 characters.
    #[validate(custom(function = "update_body"))]
    #[schema(
        min_length = 1,
        max_length = 10000,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub body: String,
    /// Who may read it.
    pub audience: UpdateAudience,
}

/// An update on an idea's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IdeaUpdate {
    /// Opaque id.
    pub id: String,
    /// The idea.
    pub idea_id: String,
    /// The proposing organisation, which posted it.
    pub organisation: Speaker,
    /// One line; `null` when removed by moderators.
    pub title: Option<String>,
    /// The update (Markdown); `null` when removed by moderators.
    pub body: Option<String>,
    /// Who may read it.
    pub audience: UpdateAudience,
    /// When it was posted.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub posted_at: DateTime<Utc>,
    /// Whether moderators removed it.
    pub hidden: bool,
    /// Why, when hidden.
    pub removed_reason: Option<String>,
}

/// Whether the caller follows an idea (followers are told about its public updates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Following {
    /// Whether the caller follows it.
    pub following: bool,
    /// How many people follow it.
    pub followers: i64,
}

/// Paging through questions or updates, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DiscussionQuery {
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 64, message = "is not a cursor from this list"))]
    #[param(max_length = 64)]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::field_errors;

    #[test]
    fn blank_and_long_text_is_refused_with_plain_messages() {
        let blank = AskQuestion {
            body: "  \n ".into(),
            organisation_id: None,
        };
        let errors = field_errors(&blank.validate().unwrap_err());
        assert_eq!(errors["body"], ["is required"]);
        let long = AnswerQuestion {
            body: "é".repeat(MAX_ANSWER_CHARS + 1),
        };
        let errors = field_errors(&long.validate().unwrap_err());
        assert_eq!(errors["body"], ["must be 5000 characters or fewer"]);
        let fits = AnswerQuestion {
            body: "é".repeat(MAX_ANSWER_CHARS),
        };
        assert!(fits.validate().is_ok(), "characters are counted, not bytes");
    }

    #[test]
    fn an_update_reports_each_bad_field() {
        let bad = PostUpdate {
            title: "x".repeat(121),
            body: String::new(),
            audience: UpdateAudience::Funders,
        };
        let errors = field_errors(&bad.validate().unwrap_err());
        assert_eq!(errors["title"], ["must be 120 characters or fewer"]);
        assert_eq!(errors["body"], ["is required"]);
    }

    #[test]
    fn audiences_round_trip_their_codes() {
        for a in UpdateAudience::ALL {
            assert_eq!(UpdateAudience::from_code(a.code()), Some(*a));
        }
        assert_eq!(UpdateAudience::from_code("secret"), None);
    }
}
