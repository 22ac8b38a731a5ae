//! How the conversation's problems read, each beside the input it is about.

use yew::AttrValue;

use crate::api::ClientError;
use crate::form_errors::{sentence, FormErrors, FormSpec};

const NO_FIELDS: FormSpec = FormSpec {
    fields: &[],
    codes: &[],
};

/// Problem codes of the conversation's forms: the API field each belongs to, if any, and
/// how it reads.
const CODES: &[(&str, Option<&str>, &str)] = &[
    (
        "organisation_not_verified",
        None,
        "Only members of organisations verified by CC2i staff can ask questions",
    ),
    (
        "proposer_cannot_ask",
        Some("organisation_id"),
        "Your organisation proposed this idea, so it answers questions rather than asking them",
    ),
    (
        "questions_closed",
        None,
        "This idea no longer takes questions",
    ),
    ("idea_not_public", None, "This idea is not published yet"),
    (
        "already_answered",
        Some("body"),
        "This question has already been answered. Reload the page to see the answer",
    ),
    (
        "question_hidden",
        None,
        "Moderators removed this question, so it cannot be answered",
    ),
    (
        "already_reported",
        Some("reason"),
        "You have already reported this. Moderators will look at it",
    ),
    (
        "already_hidden",
        None,
        "Moderators have already removed this",
    ),
];

/// One input of a form: the API's name for it, the input's id, and the label that starts
/// the API's messages ("must be ..." becomes "Your question must be ...").
pub type Field = (&'static str, AttrValue, &'static str);

/// The messages for a failed request, each on the input it is about.
pub fn errors_for(error: &ClientError, fields: &[Field]) -> FormErrors {
    let ClientError::Problem(problem) = error else {
        return FormErrors::from_error(error, &NO_FIELDS);
    };
    let mut out = FormErrors::default();
    let input = |api: &str| {
        fields
            .iter()
            .find(|(name, ..)| *name == api)
            .map(|(_, id, _)| id.clone())
    };
    if let Some((_, field, message)) = CODES.iter().find(|(code, ..)| *code == problem.code) {
        match field.and_then(input) {
            Some(id) => out.push_at(id, *message),
            None => out.push(None, *message),
        }
        return out;
    }
    for (api, id, label) in fields {
        if let Some(message) = problem.field(api).first() {
            out.push_at(id.clone(), sentence(label, message));
        }
    }
    if out.is_empty() {
        out = FormErrors::from_error(error, &NO_FIELDS);
    }
    out
}

/// A required text checked before it is sent: blank or too long reads the GOV.UK way.
pub fn check_text(
    errors: &mut FormErrors,
    id: &AttrValue,
    value: &str,
    blank: &'static str,
    label: &str,
    max: usize,
) {
    if value.trim().is_empty() {
        errors.push_at(id.clone(), blank);
    } else if value.chars().count() > max {
        errors.push_at(
            id.clone(),
            format!("{label} must be {max} characters or fewer"),
        );
    }
}
