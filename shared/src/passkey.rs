//! Passkeys and security keys (WebAuthn) as a second factor: adding one, and using one to
//! finish signing in or to step up. The `options` and `credential` objects are WebAuthn's own
//! JSON (`PublicKeyCredentialCreationOptionsJSON`, and the credential's `toJSON()`, described
//! here as [`Credential`]): pass them to and from `navigator.credentials` unchanged.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// A WebAuthn ceremony the browser completes: `options` go to `navigator.credentials.create`
/// (adding a passkey) or `.get` (using one); send the answer back with `ceremony_id` within
/// five minutes. Each ceremony works once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PasskeyChallenge {
    /// Which ceremony this is, to send back with the answer.
    pub ceremony_id: String,
    /// WebAuthn options, as `{"publicKey": {...}}` (kept as raw JSON: the browser converts
    /// it).
    #[schema(value_type = Object)]
    pub options: Box<serde_json::value::RawValue>,
}

/// The browser's answer to a ceremony.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasskeyAnswer {
    /// From [`PasskeyChallenge`].
    #[validate(length(min = 1, max = 200, message = "Start again"))]
    #[schema(min_length = 1, max_length = 200)]
    pub ceremony_id: String,
    /// The `PublicKeyCredential` the browser returned, as its `toJSON()` gives it.
    #[validate(nested)]
    pub credential: Credential,
}

/// A `PublicKeyCredential` as its `toJSON()` gives it (WebAuthn Level 3,
/// `RegistrationResponseJSON` or `AuthenticationResponseJSON`); binary values are base64url.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Credential {
    /// The credential id.
    #[validate(length(min = 1, max = 1400))]
    #[schema(min_length = 1, max_length = 1400)]
    pub id: String,
    /// The same, as the browser encodes `rawId`.
    #[validate(length(min = 1, max = 1400))]
    #[schema(min_length = 1, max_length = 1400)]
    pub raw_id: String,
    /// Always `public-key`.
    #[serde(rename = "type")]
    #[validate(length(min = 1, max = 20))]
    #[schema(min_length = 1, max_length = 20, example = "public-key")]
    pub kind: String,
    /// What the authenticator returned.
    #[validate(nested)]
    pub response: CredentialResponse,
    /// `platform` (this device) or `cross-platform` (a security key or phone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<Attachment>,
    /// Extension outputs (CC2i uses none of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_extension_results: Option<ExtensionResults>,
}

/// Where the authenticator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Attachment {
    /// Built into this device.
    Platform,
    /// A security key, or a phone nearby.
    CrossPlatform,
}

/// How the authenticator can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Transport {
    /// USB.
    Usb,
    /// NFC.
    Nfc,
    /// Bluetooth.
    Ble,
    /// A smart card.
    SmartCard,
    /// A phone, through a QR code.
    Hybrid,
    /// Built in.
    Internal,
}

/// The authenticator's response: an attestation (adding a passkey) or an assertion (using
/// one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CredentialResponse {
    /// The client data the browser signed over.
    #[serde(rename = "clientDataJSON")]
    #[validate(length(min = 1, max = 4096))]
    #[schema(min_length = 1, max_length = 4096)]
    pub client_data_json: String,
    /// Adding a passkey: the attestation object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 16384))]
    #[schema(max_length = 16384)]
    pub attestation_object: Option<String>,
    /// The authenticator data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 4096))]
    #[schema(max_length = 4096)]
    pub authenticator_data: Option<String>,
    /// Using a passkey: the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 1024))]
    #[schema(max_length = 1024)]
    pub signature: Option<String>,
    /// Using a passkey: the user handle, if the authenticator keeps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub user_handle: Option<String>,
    /// Adding a passkey: the public key (SPKI), if the browser can read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2048))]
    #[schema(max_length = 2048)]
    pub public_key: Option<String>,
    /// Adding a passkey: the COSE algorithm of the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = -65536, max = 65535))]
    #[schema(minimum = -65536, maximum = 65535)]
    pub public_key_algorithm: Option<i64>,
    /// Adding a passkey: how the authenticator can be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 8))]
    #[schema(max_items = 8)]
    pub transports: Option<Vec<Transport>>,
}

/// Extension outputs a browser may return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExtensionResults {
    /// Credential properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cred_props: Option<CredProps>,
    /// The FIDO AppID extension was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<bool>,
    /// The authenticator made an HMAC secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hmac_create_secret: Option<bool>,
}

/// The `credProps` extension output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CredProps {
    /// A discoverable credential (resident key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rk: Option<bool>,
}

/// Add a passkey: the answer to `navigator.credentials.create` and a name to know it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPasskey {
    /// From [`PasskeyChallenge`].
    #[validate(length(min = 1, max = 200, message = "Start again"))]
    #[schema(min_length = 1, max_length = 200)]
    pub ceremony_id: String,
    /// What to call it, such as "Work laptop" or "Blue security key".
    #[validate(length(min = 1, max = 60, message = "Enter a name of 60 characters or fewer"))]
    #[schema(min_length = 1, max_length = 60, example = "Work laptop")]
    pub name: String,
    /// The `PublicKeyCredential` the browser returned, as its `toJSON()` gives it.
    #[validate(nested)]
    pub credential: Credential,
}

/// Start signing in with a passkey at the second step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasskeySignIn {
    /// The `mfa_token` from the first step's 401 `mfa_required`.
    #[validate(length(min = 1, max = 200, message = "Sign in again"))]
    #[schema(min_length = 1, max_length = 200)]
    pub mfa_token: String,
}

/// A passkey or security key on the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Passkey {
    /// Its id.
    pub id: String,
    /// The name the person gave it.
    pub name: String,
    /// When it was added.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// When it was last used to sign in or step up.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::wasm_dates::option_moment")
    )]
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A passkey added; recovery codes when the account had none (shown this once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PasskeyAdded {
    /// The passkey.
    pub passkey: Passkey,
    /// Ten new recovery codes if this is the account's first second factor, else empty.
    pub recovery_codes: Vec<String>,
}
