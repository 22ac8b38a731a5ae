//! Handlers for passkeys and security keys: adding one, removing one, and the challenges for
//! using one to finish signing in or to step up (the answer goes to
//! `POST /api/v1/auth/login/mfa`, `/auth/session/mfa` or `/auth/step-up` as `passkey`).

use actix_web::{web, HttpRequest, HttpResponse};

use super::{mfa_challenges, passkeys, repo, AnyUser, AuthUser};
use crate::clock;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::passkey::{NewPasskey, PasskeyAdded, PasskeyChallenge, PasskeySignIn};
use cc2i_shared::Problem;
use std::sync::Arc;

fn relying_party(state: &AppState) -> Result<Arc<webauthn_rs::Webauthn>, ApiError> {
    state.webauthn.clone().ok_or_else(passkeys::unavailable)
}

/// Someone who already has a second factor adds or removes one only after using one within
/// the step-up window (a stolen session cannot add its own).
fn require_step_up_if_enrolled(user: &AuthUser) -> Result<(), ApiError> {
    if user.has_second_factor {
        super::factors::require_step_up(user)?;
    }
    Ok(())
}

/// Start adding a passkey or security key: pass `options` to `navigator.credentials.create`
/// and send the answer to `POST /api/v1/me/mfa/passkeys` within five minutes. Someone who
/// already has a second factor steps up first.
#[utoipa::path(
    post, path = "/api/v1/me/mfa/passkeys/registration", tag = "accounts", operation_id = "start_passkey_registration",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Create the credential with these options", body = PasskeyChallenge),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key; `mfa_required` (hint `step_up`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`passkeys_unavailable`: the service is not on a domain name", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn start_registration(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    require_step_up_if_enrolled(&user)?;
    let webauthn = relying_party(&state)?;
    let test_clock = state.config.test_clock;
    let challenge = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let row = repo::find_by_id(conn, &user.id)?.ok_or(ApiError::Unauthorized)?;
            passkeys::start_registration(conn, &webauthn, &row, at)
        })
        .await?;
    Ok(HttpResponse::Created().json(challenge))
}

/// Finish adding a passkey with the browser's answer and a name for it. If the account had
/// no unused recovery codes, the answer holds ten, shown this once.
#[utoipa::path(
    post, path = "/api/v1/me/mfa/passkeys", tag = "accounts", operation_id = "add_passkey",
    security(("bearer" = [])),
    request_body = NewPasskey,
    responses(
        (status = 201, description = "Added", body = PasskeyAdded),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key; `mfa_required` (hint `step_up`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`passkeys_unavailable`; `passkey_already_registered`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; the ceremony expired or was used; the credential was not recognised", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    body: ValidJson<NewPasskey>,
) -> Result<HttpResponse, ApiError> {
    require_step_up_if_enrolled(&user)?;
    let webauthn = relying_party(&state)?;
    let test_clock = state.config.test_clock;
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let added = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let added = passkeys::finish_registration(conn, &webauthn, &user.id, &body.0, at)?;
            let entry = crate::audit::Entry::new("mfa.passkey_added", "user", &user.id)
                .after(serde_json::json!({"name": body.0.name}));
            crate::audit::record(conn, &ctx, entry, at)?;
            Ok(added)
        })
        .await?;
    Ok(HttpResponse::Created().json(added))
}

/// Remove one of your passkeys (after stepping up). Removing the last second factor of
/// someone who must have one means adding another before acting again.
#[utoipa::path(
    delete, path = "/api/v1/me/mfa/passkeys/{id}", tag = "accounts", operation_id = "remove_passkey",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The passkey's id", max_length = 64)),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key; `mfa_required` (hint `step_up`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`passkey_not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    super::factors::require_step_up(&user)?;
    let id = path.into_inner();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    state
        .db
        .write_unlisted(move |conn| {
            passkeys::remove(conn, &user.id, &id)?;
            let at = clock::now_on(conn, test_clock)?;
            let entry = crate::audit::Entry::new("mfa.passkey_removed", "passkey", &id);
            crate::audit::record(conn, &ctx, entry, at)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A challenge for stepping up with a passkey: pass `options` to `navigator.credentials.get`
/// and send the answer to `POST /api/v1/auth/step-up` as `passkey`.
#[utoipa::path(
    post, path = "/api/v1/me/mfa/passkeys/challenge", tag = "accounts", operation_id = "passkey_step_up_challenge",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Use a passkey with these options", body = PasskeyChallenge),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`passkeys_unavailable`; `no_passkey`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn step_up_challenge(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let webauthn = relying_party(&state)?;
    let test_clock = state.config.test_clock;
    let challenge: PasskeyChallenge = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            passkeys::start_authentication(conn, &webauthn, &user.id, at)
        })
        .await?;
    Ok(HttpResponse::Ok().json(challenge))
}

/// A challenge for finishing signing in with a passkey: the `mfa_token` from
/// `POST /api/v1/auth/login`'s (or `/auth/session`'s) 401 `mfa_required`; send the answer
/// with the same `mfa_token` to `POST /api/v1/auth/login/mfa` (or `/auth/session/mfa`).
#[utoipa::path(
    post, path = "/api/v1/auth/login/passkey", tag = "accounts", operation_id = "passkey_sign_in_challenge",
    request_body = PasskeySignIn,
    responses(
        (status = 200, description = "Use a passkey with these options", body = PasskeyChallenge),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`mfa_challenge_invalid`: sign in again", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`passkeys_unavailable`; `no_passkey`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sign_in_challenge(
    state: web::Data<AppState>,
    body: ValidJson<PasskeySignIn>,
) -> Result<HttpResponse, ApiError> {
    let webauthn = relying_party(&state)?;
    let test_clock = state.config.test_clock;
    let challenge = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let user_id = mfa_challenges::user_of(conn, &body.0.mfa_token, at)?;
            passkeys::start_authentication(conn, &webauthn, &user_id, at)
        })
        .await?;
    Ok(HttpResponse::Ok().json(challenge))
}
