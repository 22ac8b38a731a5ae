//! Passkeys in the harness: a software authenticator from the webauthn-rs project
//! (`webauthn-authenticator-rs`'s `SoftPasskey`, a full CTAP2 authenticator that signs with
//! its own keys) answers the service's WebAuthn challenges as a browser with a platform
//! authenticator would, for the origin of [`crate::PUBLIC_URL`].

use cc2i_shared::passkey::{PasskeyAdded, PasskeyChallenge};
use reqwest::StatusCode;
use serde_json::{json, Value};
use webauthn_authenticator_rs::prelude::{
    CreationChallengeResponse, RequestChallengeResponse, Url,
};
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_authenticator_rs::WebauthnAuthenticator;

use crate::{ok, TestApp, PUBLIC_URL};

/// A person's authenticator: it keeps the keys it made.
pub struct SoftKey {
    inner: SoftPasskey,
    origin: Url,
}

impl std::fmt::Debug for SoftKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftKey")
            .field("origin", &self.origin)
            .finish()
    }
}

impl Default for SoftKey {
    fn default() -> Self {
        Self::for_origin(PUBLIC_URL)
    }
}

impl SoftKey {
    /// An authenticator in a browser at `origin` (user verification done, as with a PIN or
    /// fingerprint).
    pub fn for_origin(origin: &str) -> Self {
        SoftKey {
            inner: SoftPasskey::new(true),
            origin: Url::parse(origin).expect("an origin"),
        }
    }

    /// The answer to `navigator.credentials.create` with the service's options.
    pub fn create(&mut self, options: &serde_json::value::RawValue) -> Value {
        let options: CreationChallengeResponse =
            serde_json::from_str(options.get()).expect("creation options");
        let answer = self
            .inner
            .do_registration(self.origin.clone(), options)
            .expect("the authenticator makes a credential");
        as_browser(serde_json::to_value(answer).expect("JSON"))
    }

    /// The answer to `navigator.credentials.get` with the service's options.
    pub fn get(&mut self, options: &serde_json::value::RawValue) -> Value {
        let options: RequestChallengeResponse =
            serde_json::from_str(options.get()).expect("request options");
        let answer = self
            .inner
            .do_authentication(self.origin.clone(), options)
            .expect("the authenticator signs the challenge");
        as_browser(serde_json::to_value(answer).expect("JSON"))
    }
}

/// The credential as a browser's `toJSON()` has it: webauthn-rs names the extension outputs
/// `extensions` (with empty members), browsers `clientExtensionResults`; none are used here.
fn as_browser(mut credential: Value) -> Value {
    if let Some(fields) = credential.as_object_mut() {
        fields.remove("extensions");
    }
    credential
}

impl TestApp {
    /// Adds a passkey made by `key` to the account signed in with `token`.
    pub async fn add_passkey(&self, token: &str, key: &mut SoftKey, name: &str) -> PasskeyAdded {
        let challenge: PasskeyChallenge = ok(
            self.post(
                "/api/v1/me/mfa/passkeys/registration",
                Some(token),
                json!({}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let credential = key.create(&challenge.options);
        ok(
            self.post(
                "/api/v1/me/mfa/passkeys",
                Some(token),
                json!({
                    "ceremony_id": challenge.ceremony_id,
                    "name": name,
                    "credential": credential,
                }),
            )
            .await,
            StatusCode::CREATED,
        )
        .await
    }

    /// A passkey answer (`{"passkey": {...}}`) for stepping up with `key`.
    pub async fn passkey_step_up_answer(&self, token: &str, key: &mut SoftKey) -> Value {
        let challenge: PasskeyChallenge = ok(
            self.post("/api/v1/me/mfa/passkeys/challenge", Some(token), json!({}))
                .await,
            StatusCode::OK,
        )
        .await;
        json!({ "passkey": {
            "ceremony_id": challenge.ceremony_id,
            "credential": key.get(&challenge.options),
        }})
    }

    /// The same person with a token that stepped up just now with `key`.
    pub async fn stepped_up_by_passkey(
        &self,
        who: &crate::Session,
        key: &mut SoftKey,
    ) -> crate::Session {
        let body = self.passkey_step_up_answer(&who.token, key).await;
        let res = self
            .post("/api/v1/auth/step-up", Some(&who.token), body)
            .await;
        crate::Session {
            token: ok::<cc2i_shared::AccessToken>(res, StatusCode::OK)
                .await
                .access_token,
            ..who.clone()
        }
    }

    /// A passkey answer with the `mfa_token` of a password sign-in, for its second step.
    pub async fn passkey_sign_in_answer(&self, mfa_token: &str, key: &mut SoftKey) -> Value {
        let challenge: PasskeyChallenge = ok(
            self.post(
                "/api/v1/auth/login/passkey",
                None,
                json!({ "mfa_token": mfa_token }),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        json!({
            "mfa_token": mfa_token,
            "passkey": {
                "ceremony_id": challenge.ceremony_id,
                "credential": key.get(&challenge.options),
            },
        })
    }
}
