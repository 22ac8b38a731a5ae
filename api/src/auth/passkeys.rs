//! Passkeys and security keys (WebAuthn, through the `webauthn-rs` crate) as a second factor.
//!
//! Each ceremony has two requests: the server makes a challenge and keeps webauthn-rs's state
//! for it in `passkey_ceremonies` (five minutes; taken once, so an answer cannot be replayed,
//! and any replica can finish what another started); the browser answers and the answer is
//! checked against that state. The relying party is the host of `CC2I_PUBLIC_URL`, which must
//! be a domain name (browsers refuse WebAuthn on an IP address): `localhost` in development.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use webauthn_rs::prelude::{
    CredentialID, Passkey as StoredKey, PasskeyAuthentication, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use super::rows::UserRow;
use crate::db::schema::{passkey_ceremonies as ceremonies, passkeys};
use crate::db::{new_id, utc, AnyConnection};
use crate::error::ApiError;
use crate::secret::random_token;
use cc2i_shared::passkey::{
    Credential, NewPasskey, Passkey, PasskeyAdded, PasskeyAnswer, PasskeyChallenge,
};

/// How long the browser has to answer a ceremony.
pub const CEREMONY_MINUTES: i64 = 5;
const REGISTER: &str = "register";
const AUTHENTICATE: &str = "authenticate";

/// The relying party for `public_url`, or `None` when its host is not a domain name.
pub fn relying_party(public_url: &str) -> Option<Webauthn> {
    let url = Url::parse(public_url).ok()?;
    let rp_id = url.domain()?.to_string();
    WebauthnBuilder::new(&rp_id, &url)
        .ok()?
        .rp_name("CC2i")
        .build()
        .ok()
}

/// 409 `passkeys_unavailable`: the service is not on a domain name.
pub fn unavailable() -> ApiError {
    ApiError::conflict(
        "passkeys_unavailable",
        "Passkeys need this service on a domain name (CC2I_PUBLIC_URL), such as http://localhost:8080: browsers refuse them on an IP address. Use an authenticator app instead.",
    )
}

fn not_recognised() -> ApiError {
    ApiError::field(
        "passkey",
        "Your passkey was not recognised. Try again, or use another way to confirm it is you",
    )
}

/// The browser's credential as the webauthn-rs type `T` (extension outputs left out: CC2i
/// uses none, and webauthn-rs reads them differently from browsers).
fn as_webauthn<T: serde::de::DeserializeOwned>(credential: &Credential) -> Result<T, ApiError> {
    let mut value = serde_json::to_value(credential).map_err(internal)?;
    if let Some(fields) = value.as_object_mut() {
        fields.remove("clientExtensionResults");
    }
    serde_json::from_value(value).map_err(|_| not_recognised())
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("passkey: {e}"))
}

/// The WebAuthn user handle for an account: stable, and not the account id itself.
fn user_handle(user_id: &str) -> Uuid {
    let digest = Sha256::digest(format!("cc2i-webauthn-user:{user_id}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(bytes)
}

fn credential_key(id: &CredentialID) -> String {
    let bytes: &[u8] = id.as_ref();
    URL_SAFE_NO_PAD.encode(bytes)
}

fn credentials(conn: &mut AnyConnection, user_id: &str) -> Result<Vec<StoredKey>, ApiError> {
    let stored: Vec<String> = passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .order(passkeys::created_at.asc())
        .select(passkeys::credential)
        .load(conn)?;
    stored
        .iter()
        .map(|json| serde_json::from_str(json).map_err(internal))
        .collect()
}

fn begin(
    conn: &mut AnyConnection,
    user_id: &str,
    purpose: &str,
    state: String,
    options: Box<serde_json::value::RawValue>,
    at: NaiveDateTime,
) -> Result<PasskeyChallenge, ApiError> {
    diesel::delete(ceremonies::table.filter(ceremonies::expires_at.le(at))).execute(conn)?;
    let id = random_token();
    diesel::insert_into(ceremonies::table)
        .values((
            ceremonies::id.eq(&id),
            ceremonies::user_id.eq(user_id),
            ceremonies::purpose.eq(purpose),
            ceremonies::state.eq(state),
            ceremonies::created_at.eq(at),
            ceremonies::expires_at.eq(at + TimeDelta::minutes(CEREMONY_MINUTES)),
        ))
        .execute(conn)?;
    Ok(PasskeyChallenge {
        ceremony_id: id,
        options,
    })
}

/// Takes a live ceremony of `user_id` for `purpose` (once: a second answer finds nothing).
fn take<T: serde::de::DeserializeOwned>(
    conn: &mut AnyConnection,
    id: &str,
    user_id: &str,
    purpose: &str,
    at: NaiveDateTime,
) -> Result<T, ApiError> {
    let live = ceremonies::table
        .filter(ceremonies::id.eq(id))
        .filter(ceremonies::user_id.eq(user_id))
        .filter(ceremonies::purpose.eq(purpose))
        .filter(ceremonies::expires_at.gt(at));
    let state: Option<String> = live.select(ceremonies::state).first(conn).optional()?;
    let taken = diesel::delete(live).execute(conn)?;
    match state {
        Some(state) if taken == 1 => serde_json::from_str(&state).map_err(internal),
        _ => Err(ApiError::field(
            "ceremony_id",
            "This passkey request has expired or was already answered. Try again",
        )),
    }
}

/// Starts adding a passkey: options for `navigator.credentials.create`, excluding the
/// person's existing passkeys.
pub fn start_registration(
    conn: &mut AnyConnection,
    webauthn: &Webauthn,
    user: &UserRow,
    at: NaiveDateTime,
) -> Result<PasskeyChallenge, ApiError> {
    let exclude = credentials(conn, &user.id)?
        .iter()
        .map(|c| c.cred_id().clone())
        .collect();
    let (options, state) = webauthn
        .start_passkey_registration(
            user_handle(&user.id),
            &user.email,
            &user.display_name,
            Some(exclude),
        )
        .map_err(internal)?;
    let state = serde_json::to_string(&state).map_err(internal)?;
    let options = serde_json::value::to_raw_value(&options).map_err(internal)?;
    begin(conn, &user.id, REGISTER, state, options, at)
}

/// Finishes adding a passkey. When the person has no unused recovery codes, ten new ones
/// come with it.
pub fn finish_registration(
    conn: &mut AnyConnection,
    webauthn: &Webauthn,
    user_id: &str,
    body: &NewPasskey,
    at: NaiveDateTime,
) -> Result<PasskeyAdded, ApiError> {
    let state: PasskeyRegistration = take(conn, &body.ceremony_id, user_id, REGISTER, at)?;
    let answer: RegisterPublicKeyCredential = as_webauthn(&body.credential)?;
    let credential = webauthn
        .finish_passkey_registration(&answer, &state)
        .map_err(|e| {
            tracing::info!(error = %e, "passkey registration refused");
            not_recognised()
        })?;
    let key = credential_key(credential.cred_id());
    let taken: i64 = passkeys::table
        .filter(passkeys::credential_id.eq(&key))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(ApiError::conflict(
            "passkey_already_registered",
            "This passkey is already on a CC2i account.",
        ));
    }
    let id = new_id();
    let name = body.name.trim().to_string();
    diesel::insert_into(passkeys::table)
        .values((
            passkeys::id.eq(&id),
            passkeys::user_id.eq(user_id),
            passkeys::name.eq(&name),
            passkeys::credential_id.eq(&key),
            passkeys::credential.eq(serde_json::to_string(&credential).map_err(internal)?),
            passkeys::created_at.eq(at),
        ))
        .execute(conn)?;
    let recovery_codes = if super::recovery::left(conn, user_id)? == 0 {
        super::recovery::replace(conn, user_id, at)?
    } else {
        Vec::new()
    };
    Ok(PasskeyAdded {
        passkey: Passkey {
            id,
            name,
            created_at: utc(at),
            last_used_at: None,
        },
        recovery_codes,
    })
}

/// Starts using a passkey (to finish signing in or to step up): options for
/// `navigator.credentials.get`. 409 `no_passkey` when the account has none.
pub fn start_authentication(
    conn: &mut AnyConnection,
    webauthn: &Webauthn,
    user_id: &str,
    at: NaiveDateTime,
) -> Result<PasskeyChallenge, ApiError> {
    let keys = credentials(conn, user_id)?;
    if keys.is_empty() {
        return Err(ApiError::conflict(
            "no_passkey",
            "This account has no passkey: use your authenticator app or a recovery code.",
        ));
    }
    let (options, state) = webauthn
        .start_passkey_authentication(&keys)
        .map_err(internal)?;
    let state = serde_json::to_string(&state).map_err(internal)?;
    let options = serde_json::value::to_raw_value(&options).map_err(internal)?;
    begin(conn, user_id, AUTHENTICATE, state, options, at)
}

/// Checks the browser's answer to a passkey challenge of `user_id` and notes the passkey's
/// use (its signature counter moves on). Wrong: 422 on `passkey` or `ceremony_id`.
pub fn use_passkey(
    conn: &mut AnyConnection,
    webauthn: &Webauthn,
    user_id: &str,
    answer: &PasskeyAnswer,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let state: PasskeyAuthentication = take(conn, &answer.ceremony_id, user_id, AUTHENTICATE, at)?;
    let credential: PublicKeyCredential = as_webauthn(&answer.credential)?;
    let result = webauthn
        .finish_passkey_authentication(&credential, &state)
        .map_err(|e| {
            tracing::info!(error = %e, "passkey refused");
            not_recognised()
        })?;
    let key = credential_key(result.cred_id());
    let stored: Option<(String, String)> = passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .filter(passkeys::credential_id.eq(&key))
        .select((passkeys::id, passkeys::credential))
        .first(conn)
        .optional()?;
    let (id, json) = stored.ok_or_else(not_recognised)?;
    let mut credential: StoredKey = serde_json::from_str(&json).map_err(internal)?;
    credential.update_credential(&result);
    diesel::update(passkeys::table.find(&id))
        .set((
            passkeys::credential.eq(serde_json::to_string(&credential).map_err(internal)?),
            passkeys::last_used_at.eq(Some(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The person's passkeys, oldest first.
pub fn list(conn: &mut AnyConnection, user_id: &str) -> Result<Vec<Passkey>, ApiError> {
    let rows: Vec<(String, String, NaiveDateTime, Option<NaiveDateTime>)> = passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .order(passkeys::created_at.asc())
        .select((
            passkeys::id,
            passkeys::name,
            passkeys::created_at,
            passkeys::last_used_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, created_at, last_used_at)| Passkey {
            id,
            name,
            created_at: utc(created_at),
            last_used_at: last_used_at.map(utc),
        })
        .collect())
}

/// True when the person has a passkey.
pub fn any(conn: &mut AnyConnection, user_id: &str) -> Result<bool, ApiError> {
    let found: i64 = passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// Removes one of the person's passkeys; 404 `passkey_not_found` when it is not theirs.
pub fn remove(conn: &mut AnyConnection, user_id: &str, id: &str) -> Result<(), ApiError> {
    let gone = diesel::delete(
        passkeys::table
            .filter(passkeys::id.eq(id))
            .filter(passkeys::user_id.eq(user_id)),
    )
    .execute(conn)?;
    if gone == 0 {
        return Err(ApiError::Missing {
            code: "passkey_not_found",
            detail: "You have no passkey with this id.".into(),
        });
    }
    Ok(())
}

/// Removes all of the person's passkeys (a second factor reset by platform staff).
pub fn remove_all(conn: &mut AnyConnection, user_id: &str) -> Result<usize, ApiError> {
    diesel::delete(passkeys::table.filter(passkeys::user_id.eq(user_id)))
        .execute(conn)
        .map_err(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relying_party_is_a_domain_name_never_an_ip_address() {
        assert!(relying_party("http://localhost:8080").is_some());
        assert!(relying_party("https://cc2i.example.gov.uk").is_some());
        assert!(relying_party("http://127.0.0.1:8080").is_none());
        assert!(relying_party("not a url").is_none());
    }

    #[test]
    fn user_handles_are_stable_and_differ_between_accounts() {
        assert_eq!(user_handle("a"), user_handle("a"));
        assert_ne!(user_handle("a"), user_handle("b"));
    }
}
