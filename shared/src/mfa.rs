//! Second factors: an authenticator app (TOTP) or passkeys, with recovery codes, the second step of
//! signing in, and stepping up before acting on money or authority.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// How recently a second factor must have been used for an action that needs one, in
/// minutes.
pub const STEP_UP_MINUTES: i64 = 10;

/// True when a second factor used at `used_at` still counts at `at` for an action that needs
/// one (within [`STEP_UP_MINUTES`]).
pub fn stepped_up(used_at: Option<chrono::NaiveDateTime>, at: chrono::NaiveDateTime) -> bool {
    used_at.is_some_and(|t| t + chrono::TimeDelta::minutes(STEP_UP_MINUTES) >= at)
}

/// An authenticator app being enrolled: add it to the app, then confirm with a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TotpEnrolment {
    /// The secret, base32, to type into the app by hand.
    pub secret: String,
    /// The same as an `otpauth://` address (what the QR code holds).
    pub otpauth_url: String,
    /// The QR code as an SVG image.
    pub qr_svg: String,
}

/// A code from the authenticator app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmTotp {
    /// The 6 digits the app shows now.
    #[validate(length(
        min = 6,
        max = 12,
        message = "Enter the 6-digit code your authenticator app shows"
    ))]
    #[schema(min_length = 6, max_length = 12, example = "123456")]
    pub code: String,
}

/// Recovery codes, shown once: each signs in once when the app is not to hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RecoveryCodes {
    /// Ten codes like `abcde-23456`.
    pub codes: Vec<String>,
}

/// The second step of signing in, or a step-up: an app code or a recovery code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondFactor {
    /// The `mfa_token` from the first step's 401 `mfa_required` (not needed to step up).
    #[serde(default)]
    #[validate(length(min = 1, max = 200, message = "Sign in again"))]
    #[schema(min_length = 1, max_length = 200)]
    pub mfa_token: Option<String>,
    /// The 6 digits the app shows now.
    #[serde(default)]
    #[validate(length(
        min = 6,
        max = 12,
        message = "Enter the 6-digit code your authenticator app shows"
    ))]
    #[schema(min_length = 6, max_length = 12, example = "123456")]
    pub code: Option<String>,
    /// Or one unused recovery code.
    #[serde(default)]
    #[validate(length(min = 10, max = 20, message = "Enter a recovery code like abcde-23456"))]
    #[schema(min_length = 10, max_length = 20, example = "abcde-23456")]
    pub recovery_code: Option<String>,
    /// Or a passkey: the answer to a passkey challenge (`POST /api/v1/auth/login/passkey` at
    /// the second step of signing in, `POST /api/v1/me/mfa/passkeys/challenge` to step up).
    #[serde(default)]
    #[validate(nested)]
    pub passkey: Option<crate::passkey::PasskeyAnswer>,
}

/// The signed-in person's second factors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MfaStatus {
    /// True once an authenticator app is confirmed.
    pub totp: bool,
    /// Passkeys and security keys.
    #[serde(default)]
    pub passkeys: Vec<crate::passkey::Passkey>,
    /// Unused recovery codes.
    pub recovery_codes_left: i64,
    /// When this session or token last used a second factor.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub stepped_up_at: Option<DateTime<Utc>>,
}

/// Platform staff remove a person's second factor (a lost phone and no recovery codes left),
/// once they have checked who is asking. The reason is kept with the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetSecondFactor {
    /// The account's email address.
    #[validate(
        email(message = "must be an email address, like name@example.gov.uk"),
        length(max = 254, message = "must be 254 characters or fewer")
    )]
    #[schema(max_length = 254, format = "email")]
    pub email: String,
    /// How the person's identity was checked and why the factor is removed.
    #[validate(length(
        min = 10,
        max = 500,
        message = "must be between 10 and 500 characters: say how you checked who is asking"
    ))]
    #[schema(
        min_length = 10,
        max_length = 500,
        example = "Lost phone; identity checked by a video call with their line manager"
    )]
    pub reason: String,
}

/// A second factor removed by platform staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SecondFactorReset {
    /// The record's id.
    pub id: String,
    /// Whose factor was removed.
    pub user_id: String,
    /// Their email address.
    pub email: String,
    /// Who removed it.
    pub reset_by: String,
    /// Why.
    pub reason: String,
    /// When.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod step_up_tests {
    use super::*;
    use chrono::{NaiveDate, TimeDelta};

    #[test]
    fn a_factor_counts_for_ten_minutes() {
        let used = NaiveDate::from_ymd_opt(2026, 12, 7)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert!(stepped_up(Some(used), used));
        assert!(stepped_up(Some(used), used + TimeDelta::minutes(10)));
        assert!(!stepped_up(Some(used), used + TimeDelta::seconds(601)));
        assert!(!stepped_up(None, used));
    }
}
