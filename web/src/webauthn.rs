//! Passkeys in the browser: the service's WebAuthn options go to `navigator.credentials`
//! through the browser's own JSON converters (`PublicKeyCredential.parseCreationOptionsFromJSON`,
//! `parseRequestOptionsFromJSON` and the credential's `toJSON`), so no binary encoding is
//! written here.

use cc2i_shared::passkey::Credential;
use cc2i_shared::Problem;
use js_sys::{Function, Object, Promise, Reflect, JSON};
use serde_json::value::RawValue;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api::ClientError;

/// The browser did not make or use a passkey (cancelled, timed out, or none on this device):
/// `passkey_not_used`, on the `passkey` field.
fn not_used() -> ClientError {
    ClientError::Problem(Problem {
        kind: "about:blank".into(),
        title: "Passkey not used".into(),
        status: 0,
        detail: String::new(),
        code: "passkey_not_used".into(),
        errors: None,
        mfa_token: None,
        hint: None,
    })
}

fn get(target: &JsValue, name: &str) -> Result<JsValue, ClientError> {
    Reflect::get(target, &JsValue::from_str(name)).map_err(|_| not_used())
}

fn method(target: &JsValue, name: &str) -> Result<Function, ClientError> {
    get(target, name)?
        .dyn_into::<Function>()
        .map_err(|_| not_used())
}

/// True when this browser can use passkeys with JSON options.
pub fn supported() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    get(&window, "PublicKeyCredential")
        .and_then(|pkc| method(&pkc, "parseCreationOptionsFromJSON"))
        .is_ok()
}

/// Runs `navigator.credentials.<call>` with `options` (`{"publicKey": …}` from the service),
/// converted by `PublicKeyCredential.<parse>`; the credential comes back as JSON.
async fn ceremony(options: &RawValue, parse: &str, call: &str) -> Result<Credential, ClientError> {
    let window: JsValue = web_sys::window().ok_or_else(not_used)?.into();
    let pkc = get(&window, "PublicKeyCredential")?;
    let all = JSON::parse(options.get()).map_err(|_| not_used())?;
    let raw = get(&all, "publicKey")?;
    let parsed = method(&pkc, parse)?
        .call1(&pkc, &raw)
        .map_err(|_| not_used())?;
    let request = Object::new();
    Reflect::set(&request, &JsValue::from_str("publicKey"), &parsed).map_err(|_| not_used())?;
    let credentials = get(&get(&window, "navigator")?, "credentials")?;
    let promise: Promise = method(&credentials, call)?
        .call1(&credentials, &request)
        .map_err(|_| not_used())?
        .dyn_into()
        .map_err(|_| not_used())?;
    let credential = JsFuture::from(promise).await.map_err(|_| not_used())?;
    let json = method(&credential, "toJSON")?
        .call0(&credential)
        .map_err(|_| not_used())?;
    let text: String = JSON::stringify(&json).map_err(|_| not_used())?.into();
    serde_json::from_str(&text).map_err(|_| not_used())
}

/// Makes a passkey with the service's creation options.
pub async fn create(options: &RawValue) -> Result<Credential, ClientError> {
    ceremony(options, "parseCreationOptionsFromJSON", "create").await
}

/// Uses a passkey with the service's request options.
pub async fn use_passkey(options: &RawValue) -> Result<Credential, ClientError> {
    ceremony(options, "parseRequestOptionsFromJSON", "get").await
}
