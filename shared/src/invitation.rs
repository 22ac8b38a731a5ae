//! Invitations: the proposer asks named organisations and people to look at an idea.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidateEmail, ValidationError};

/// Most invitations in one request, and per idea in any rolling 24 hours.
pub const MAX_INVITATIONS: usize = 50;
/// Longest personal message.
pub const MAX_MESSAGE_CHARS: usize = 2000;

fn error(code: &'static str, message: String) -> ValidationError {
    let mut e = ValidationError::new(code);
    e.message = Some(message.into());
    e
}

fn valid_emails(emails: &[String]) -> Result<(), ValidationError> {
    match emails
        .iter()
        .find(|e| !e.trim().validate_email() || e.len() > 254)
    {
        Some(bad) => Err(error(
            "email",
            format!("{bad:?} is not an email address, like name@example.gov.uk"),
        )),
        None => Ok(()),
    }
}

fn list_of(item: utoipa::openapi::schema::ObjectBuilder) -> utoipa::openapi::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(item)
        .max_items(Some(MAX_INVITATIONS))
        .build()
}

fn ids_schema() -> utoipa::openapi::Array {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    list_of(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(64)),
    )
}

fn emails_schema() -> utoipa::openapi::Array {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    list_of(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::Custom("email".into())))
            .min_length(Some(3))
            .max_length(Some(254)),
    )
}

fn short_ids(ids: &[String]) -> Result<(), ValidationError> {
    match ids.iter().find(|id| id.is_empty() || id.len() > 64) {
        Some(_) => Err(error("id", "must list organisation ids".into())),
        None => Ok(()),
    }
}

fn some_targets(new: &CreateInvitations) -> Result<(), ValidationError> {
    let n = new.organisation_ids.len() + new.emails.len();
    if n == 0 {
        Err(error(
            "organisation_ids",
            "name at least one organisation or email address".into(),
        ))
    } else if n > MAX_INVITATIONS {
        Err(error(
            "organisation_ids",
            format!("invite at most {MAX_INVITATIONS} organisations and email addresses at once (got {n})"),
        ))
    } else {
        Ok(())
    }
}

/// Invite organisations (their members are notified) and email addresses (people with an
/// account are notified; others get an email with a sign-up link to the idea).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[validate(schema(function = "some_targets", skip_on_field_errors = false))]
pub struct CreateInvitations {
    /// Organisations to invite, by id.
    #[serde(default)]
    #[validate(custom(function = "short_ids"))]
    #[schema(schema_with = ids_schema)]
    pub organisation_ids: Vec<String>,
    /// Email addresses to invite.
    #[serde(default)]
    #[validate(custom(function = "valid_emails"))]
    #[schema(schema_with = emails_schema)]
    pub emails: Vec<String>,
    /// A personal message shown with the invitation, up to 2000 characters.
    #[validate(length(max = 2000, message = "must be 2000 characters or fewer"))]
    #[schema(max_length = 2000)]
    pub message: Option<String>,
}

impl CreateInvitations {
    /// The organisation ids once each, in the order given.
    pub fn unique_organisations(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.organisation_ids
            .iter()
            .filter(|id| seen.insert(id.as_str()))
            .cloned()
            .collect()
    }

    /// The email addresses trimmed, lower-cased and once each, in the order given.
    pub fn unique_emails(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.emails
            .iter()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| seen.insert(e.clone()))
            .collect()
    }
}

/// An invitation to look at (and pledge to) an idea.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Invitation {
    /// Opaque id.
    pub id: String,
    /// The idea.
    pub idea_id: String,
    /// The invited organisation, for an organisation invitation.
    pub organisation_id: Option<String>,
    /// Its name.
    pub organisation_name: Option<String>,
    /// The invited address, for an email invitation.
    pub email: Option<String>,
    /// The personal message.
    pub message: Option<String>,
    /// When it was sent.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// Whether the organisation (or the person's organisation) has pledged since.
    pub pledged: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::field_errors;

    #[test]
    fn a_request_needs_a_target_and_at_most_fifty() {
        let none = CreateInvitations::default();
        let errors = field_errors(&none.validate().unwrap_err());
        assert_eq!(
            errors["organisation_ids"],
            ["name at least one organisation or email address"]
        );
        let many = CreateInvitations {
            emails: (0..51).map(|i| format!("p{i}@x.gov.uk")).collect(),
            ..Default::default()
        };
        let errors = field_errors(&many.validate().unwrap_err());
        assert!(errors["organisation_ids"][0].contains("at most 50"));
    }

    #[test]
    fn bad_emails_and_long_messages_are_named() {
        let bad = CreateInvitations {
            emails: vec!["ok@x.gov.uk".into(), "nope".into()],
            message: Some("x".repeat(2001)),
            ..Default::default()
        };
        let errors = field_errors(&bad.validate().unwrap_err());
        assert!(errors["emails"][0].contains("\"nope\""));
        assert_eq!(errors["message"], ["must be 2000 characters or fewer"]);
    }

    #[test]
    fn duplicates_collapse_case_insensitively() {
        let new = CreateInvitations {
            organisation_ids: vec!["a".into(), "b".into(), "a".into()],
            emails: vec!["X@Y.gov.uk".into(), " x@y.gov.uk".into()],
            message: None,
        };
        assert_eq!(new.unique_organisations(), ["a", "b"]);
        assert_eq!(new.unique_emails(), ["x@y.gov.uk"]);
    }
}
