//! Looking after an account: verifying the email address, resetting a forgotten password,
//! changing the name and the address.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::password::validate_password;

/// How long an email verification link works, in hours.
pub const VERIFY_EMAIL_HOURS: i64 = 24;
/// How long a password reset link works, in minutes.
pub const RESET_PASSWORD_MINUTES: i64 = 30;

/// The answer to registering and to asking for a password reset: the same whether or not
/// the address has an account, so it tells nobody which addresses do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckEmail {
    /// The address the email goes to (as given, trimmed).
    pub email: String,
    /// What happens next, to show to the person.
    pub message: String,
}

/// A single-use token from a link CC2i emailed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmail {
    /// The `token` from the link.
    #[validate(length(min = 1, max = 200, message = "is not a link CC2i sent"))]
    #[schema(min_length = 1, max_length = 200)]
    pub token: String,
}

/// The address whose email was just verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EmailVerified {
    /// The verified address, now the one the account signs in with.
    pub email: String,
}

/// Ask for a password reset link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestPasswordReset {
    /// The account's email address.
    #[validate(
        email(message = "must be an email address, like name@example.gov.uk"),
        length(max = 254, message = "must be 254 characters or fewer")
    )]
    #[schema(max_length = 254, format = "email")]
    pub email: String,
}

/// Choose a new password with the token from a reset link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPassword {
    /// The `token` from the link.
    #[validate(length(min = 1, max = 200, message = "is not a link CC2i sent"))]
    #[schema(min_length = 1, max_length = 200)]
    pub token: String,
    /// The new password, under the same policy as registration.
    #[validate(custom(function = "validate_password"))]
    #[schema(min_length = 12, max_length = 128, format = "password")]
    pub new_password: String,
}

/// Change the signed-in person's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    /// The name shown to other people.
    #[validate(length(min = 1, max = 100, message = "must be between 1 and 100 characters"))]
    #[schema(min_length = 1, max_length = 100, example = "Alex Morgan")]
    pub display_name: String,
}

/// Change the address the account signs in with. It changes once the new address is
/// verified through the link emailed to it; the old address is told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmail {
    /// The new address.
    #[validate(
        email(message = "must be an email address, like name@example.gov.uk"),
        length(max = 254, message = "must be 254 characters or fewer")
    )]
    #[schema(max_length = 254, format = "email")]
    pub new_email: String,
    /// The account's password, to show it is really its owner asking.
    #[validate(length(min = 1, max = 128, message = "enter your password"))]
    #[schema(min_length = 1, max_length = 128, format = "password")]
    pub password: String,
}
