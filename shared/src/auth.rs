//! Accounts: registration, sign-in tokens and the signed-in user.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::organisation::OrgRole;
use crate::password::validate_password;

/// What a user may do across the whole platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlatformRole {
    /// An ordinary user: acts only through organisation memberships.
    User,
    /// CC2i platform staff: verifies organisations and moderates.
    Admin,
}

impl PlatformRole {
    /// The database code.
    pub fn code(self) -> &'static str {
        match self {
            PlatformRole::User => "user",
            PlatformRole::Admin => "admin",
        }
    }
    /// Parses a database code; anything unknown is an ordinary user.
    pub fn from_code(code: &str) -> Self {
        if code == "admin" {
            PlatformRole::Admin
        } else {
            PlatformRole::User
        }
    }
}

/// A request to create an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterUser {
    /// The user's work email address; used to sign in.
    #[validate(
        email(message = "must be an email address, like name@example.gov.uk"),
        length(max = 254, message = "must be 254 characters or fewer")
    )]
    #[schema(
        max_length = 254,
        format = "email",
        example = "alex.morgan@kirklees.gov.uk"
    )]
    pub email: String,
    /// At least 12 and at most 128 characters; common passwords are refused.
    #[validate(custom(function = "validate_password"))]
    #[schema(min_length = 12, max_length = 128, format = "password")]
    pub password: String,
    /// The name shown to other people.
    #[validate(length(min = 1, max = 100, message = "must be between 1 and 100 characters"))]
    #[schema(min_length = 1, max_length = 100, example = "Alex Morgan")]
    pub display_name: String,
}

/// Email and password, to get an access token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// The account's email address.
    #[validate(length(min = 1, max = 254, message = "enter your email address"))]
    #[schema(min_length = 1, max_length = 254)]
    pub email: String,
    /// The account's password.
    #[validate(length(min = 1, max = 128, message = "enter your password"))]
    #[schema(min_length = 1, max_length = 128, format = "password")]
    pub password: String,
}

/// A bearer token for the `Authorization` header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AccessToken {
    /// The signed JWT.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// A request to change the signed-in user's password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    /// The password in use now.
    #[validate(length(min = 1, max = 128, message = "enter your current password"))]
    #[schema(min_length = 1, max_length = 128, format = "password")]
    pub current_password: String,
    /// The new password, under the same policy as registration.
    #[validate(custom(function = "validate_password"))]
    #[schema(min_length = 12, max_length = 128, format = "password")]
    pub new_password: String,
}

/// A user account. Never carries a password or its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct User {
    /// Opaque user id.
    pub id: String,
    /// Email address.
    pub email: String,
    /// Name shown to other people.
    pub display_name: String,
    /// Platform-wide role.
    pub platform_role: PlatformRole,
    /// True once the person proved the address is theirs (through the emailed link); until
    /// then they can look around and edit their profile, but not act for an organisation.
    pub email_verified: bool,
    /// When the account was created.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
}

/// One organisation the signed-in user belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Membership {
    /// The organisation's id.
    pub organisation_id: String,
    /// The organisation's name.
    pub organisation_name: String,
    /// Whether CC2i staff have verified the organisation.
    pub organisation_verified: bool,
    /// The user's role in it.
    pub role: OrgRole,
}

/// The signed-in user with their memberships.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(target_arch = "wasm32", serde(from = "MeFields"))]
pub struct Me {
    /// The account.
    #[serde(flatten)]
    pub user: User,
    /// Organisations the user belongs to.
    pub memberships: Vec<Membership>,
}

/// [`Me`] as the browser reads it: the same JSON, its fields listed rather than flattened.
/// Serde's `flatten` buffers the whole object and reads it twice; every bundle of the web app
/// reads `Me`, and that machinery came to kilobytes of wasm in each.
#[cfg(any(target_arch = "wasm32", test))]
#[derive(Deserialize)]
struct MeFields {
    id: String,
    email: String,
    display_name: String,
    platform_role: PlatformRole,
    email_verified: bool,
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    created_at: DateTime<Utc>,
    memberships: Vec<Membership>,
}

#[cfg(any(target_arch = "wasm32", test))]
impl From<MeFields> for Me {
    fn from(m: MeFields) -> Self {
        Me {
            user: User {
                id: m.id,
                email: m.email,
                display_name: m.display_name,
                platform_role: m.platform_role,
                email_verified: m.email_verified,
                created_at: m.created_at,
            },
            memberships: m.memberships,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_reports_every_bad_field() {
        let bad = RegisterUser {
            email: "not-an-email".into(),
            password: "short".into(),
            display_name: String::new(),
        };
        let errors = crate::problem::field_errors(&bad.validate().unwrap_err());
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            ["display_name", "email", "password"]
        );
    }

    #[test]
    fn me_flattens_the_user() {
        let me = Me {
            user: User {
                id: "u1".into(),
                email: "a@b.gov.uk".into(),
                display_name: "A".into(),
                platform_role: PlatformRole::User,
                email_verified: true,
                created_at: DateTime::<Utc>::default(),
            },
            memberships: vec![],
        };
        let json = serde_json::to_value(&me).unwrap();
        assert_eq!(json["platform_role"], "user");
        assert_eq!(json["email"], "a@b.gov.uk");
    }

    #[test]
    fn the_browser_reads_me_as_the_server_writes_it() {
        let me = Me {
            user: User {
                id: "u1".into(),
                email: "a@b.gov.uk".into(),
                display_name: "A".into(),
                platform_role: PlatformRole::Admin,
                email_verified: false,
                created_at: "2026-11-27T10:00:00Z".parse().unwrap(),
            },
            memberships: vec![Membership {
                organisation_id: "o1".into(),
                organisation_name: "Kirklees Council".into(),
                organisation_verified: true,
                role: OrgRole::Owner,
            }],
        };
        let json = serde_json::to_string(&me).unwrap();
        let read: MeFields = serde_json::from_str(&json).unwrap();
        assert_eq!(Me::from(read), me);
    }
}
