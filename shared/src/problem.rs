//! RFC 9457 problem details, the one shape every API error takes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Messages per field name, for validation errors.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// An RFC 9457 `application/problem+json` error body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI reference that identifies the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// A human-readable explanation specific to this occurrence.
    pub detail: String,
    /// A stable snake_case code that clients can branch on.
    pub code: String,
    /// Messages per field, present for validation errors (422).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::HashMap<String, Vec<String>>>)]
    pub errors: Option<FieldErrors>,
    /// With 401 `mfa_required` when signing in: the token for the second step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_token: Option<String>,
    /// With 403 `mfa_required` and `mfa_enrolment_required`: what to do next. `step_up`:
    /// use a second factor again (`POST /api/v1/auth/step-up`) and retry; `enrol`: add a
    /// second factor first (`POST /api/v1/me/mfa/totp` or `/api/v1/me/mfa/passkeys/registration`).
    /// With 401 `mfa_required` when signing in: the factors the account has, space-separated
    /// (`totp`, `passkey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Problem {
    /// The messages for one field, empty when it has none.
    pub fn field(&self, name: &str) -> &[String] {
        self.errors
            .as_ref()
            .and_then(|e| e.get(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Turns `validator` errors into messages per field, with nested paths joined by dots.
pub fn field_errors(errors: &validator::ValidationErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    collect(errors, "", &mut out);
    out
}

fn collect(errors: &validator::ValidationErrors, prefix: &str, out: &mut FieldErrors) {
    use validator::ValidationErrorsKind as K;
    for (field, kind) in errors.errors() {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            K::Field(list) => {
                for e in list {
                    // Struct-level checks report under `__all__`; their code names the field.
                    let key = if *field == "__all__" {
                        if prefix.is_empty() {
                            e.code.to_string()
                        } else {
                            format!("{prefix}.{}", e.code)
                        }
                    } else {
                        name.clone()
                    };
                    out.entry(key).or_default().push(
                        e.message
                            .as_ref()
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| default_message(&e.code)),
                    );
                }
            }
            K::Struct(inner) => collect(inner, &name, out),
            K::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{name}[{i}]"), out);
                }
            }
        }
    }
}

fn default_message(code: &str) -> String {
    match code {
        "length" => "has the wrong length".into(),
        "range" => "is out of range".into(),
        "email" => "must be an email address, like name@example.gov.uk".into(),
        "url" => "must be a web address starting with https://".into(),
        other => format!("is invalid ({other})"),
    }
}
