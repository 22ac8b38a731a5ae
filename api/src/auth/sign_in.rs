//! Checking an email address and password under the sign-in limits, for both ways of
//! signing in (a bearer token, or a browser session), and the sign-in audit event.

use actix_web::cookie::Cookie;
use actix_web::{web, HttpRequest};

use super::handlers::verify;
use super::rows::UserRow;
use super::{device, mfa_challenges, repo, throttle, totp};
use crate::audit::{self, Ctx, Entry};
use crate::clock;
use crate::error::ApiError;
use crate::state::AppState;
use cc2i_shared::mfa::SecondFactor;
use chrono::NaiveDateTime;

/// A sign-in that succeeded.
pub struct SignedIn {
    /// The account.
    pub user: UserRow,
    /// The device cookie to set (a new one after every sign-in).
    pub device_cookie: Cookie<'static>,
    /// When a second factor was used, if it was.
    pub mfa_at: Option<NaiveDateTime>,
}

/// True when cookies may go without `Secure`: only for plain-http loopback development.
pub fn insecure_cookies_allowed(public_url: &str) -> bool {
    url::Url::parse(public_url).is_ok_and(|u| {
        u.scheme() == "http"
            && match u.host() {
                Some(url::Host::Domain(d)) => d == "localhost",
                Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                None => false,
            }
    })
}

/// Checks `email` and `password`: wrong email and wrong password get the same 401
/// `invalid_credentials`; a limit reached is 429 `too_many_attempts` (see [`throttle`]).
pub async fn check(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    email: String,
    password: String,
) -> Result<SignedIn, ApiError> {
    let ip = throttle::client_ip(req, &state.config.trusted_proxies);
    let cookie = device::value(req);
    let devices = state.devices.clone();
    let test_clock = state.config.test_clock;
    let started = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let user = repo::find_by_email(conn, &email)?;
            let known = user
                .as_ref()
                .and_then(|u| devices.nonce_for(cookie.as_deref(), &u.id));
            let attempt = throttle::begin(conn, &email, ip, known.as_deref(), at)?;
            Ok((attempt, user))
        })
        .await;
    let (attempt, user) = match started {
        Ok(started) => started,
        Err(e) => {
            if matches!(e, ApiError::TooManyAttempts { .. }) {
                event(req, "throttled", "anonymous");
                let ctx = Ctx::anonymous(state, req);
                state
                    .db
                    .write_unlisted(move |conn| {
                        let at = clock::now_on(conn, test_clock)?;
                        audit::record(
                            conn,
                            &ctx,
                            Entry {
                                action: "sign_in.throttled",
                                ..Default::default()
                            },
                            at,
                        )
                    })
                    .await?;
            }
            return Err(e);
        }
    };
    let ok = verify(
        state,
        password,
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let user = match user {
        Some(user) if ok => user,
        other => {
            event(req, "failure", "anonymous");
            let ctx = Ctx::anonymous(state, req);
            let account = other.map(|u| u.id);
            state
                .db
                .write_unlisted(move |conn| {
                    let at = clock::now_on(conn, test_clock)?;
                    throttle::failed(conn, &attempt, at)?;
                    let entry = Entry {
                        action: "sign_in.failure",
                        target: account.as_deref().map(|id| ("user", id)),
                        ..Default::default()
                    };
                    audit::record(conn, &ctx, entry, at)
                })
                .await?;
            return Err(ApiError::InvalidCredentials);
        }
    };
    let user_id = user.id.clone();
    let ctx = Ctx::person_id(state, req, &user.id);
    let (sso_required, challenge) = state
        .db
        .write_unlisted(move |conn| {
            throttle::succeeded(conn, &attempt)?;
            let at = clock::now_on(conn, test_clock)?;
            let target = Some(("user", user_id.as_str()));
            if !crate::sso::repo::requiring_sso(conn, &user_id)?.is_empty() {
                let entry = Entry {
                    action: "sign_in.sso_required",
                    target,
                    ..Default::default()
                };
                audit::record(conn, &ctx, entry, at)?;
                return Ok((true, None));
            }
            let kinds = super::factors::kinds(conn, &user_id)?;
            if kinds.is_empty() {
                let entry = Entry {
                    action: "sign_in.success",
                    target,
                    ..Default::default()
                };
                audit::record(conn, &ctx, entry, at)?;
                return Ok((false, None));
            }
            Ok((
                false,
                Some((mfa_challenges::issue(conn, &user_id, at)?, kinds.join(" "))),
            ))
        })
        .await?;
    if sso_required {
        event(req, "sso_required", &format!("user:{}", user.id));
        return Err(ApiError::Denied {
            code: "sso_required",
            detail: "Your organisation signs its people in through its own sign-in service. Choose \"Sign in with your organisation\" and enter your work email address.".into(),
        });
    }
    if let Some((token, factors)) = challenge {
        event(req, "second_factor_needed", &format!("user:{}", user.id));
        return Err(ApiError::MfaRequired { token, factors });
    }
    event(req, "success", &format!("user:{}", user.id));
    Ok(signed_in(state, user, None))
}

/// A sign-in that succeeded for `user` (`mfa_at`: when a second factor was used), with a new
/// device cookie.
pub fn signed_in(state: &AppState, user: UserRow, mfa_at: Option<NaiveDateTime>) -> SignedIn {
    let secure = !insecure_cookies_allowed(&state.config.public_url);
    SignedIn {
        device_cookie: device::cookie(state.devices.issue(&user.id), secure),
        user,
        mfa_at,
    }
}

/// Checks an app code, a recovery code or a passkey of `user_id` under the account's sign-in limit (a
/// wrong code counts as a failed sign-in); `finish` runs in the same transaction once the
/// code proved right. Wrong: 422 on `code` or `recovery_code`.
pub async fn check_second_factor<T: Send + 'static>(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    user_id: String,
    factor: &SecondFactor,
    finish: impl FnOnce(&mut crate::db::AnyConnection, NaiveDateTime) -> Result<T, ApiError>
        + Send
        + 'static,
) -> Result<(T, NaiveDateTime), ApiError> {
    let ip = throttle::client_ip(req, &state.config.trusted_proxies);
    let cookie = device::value(req);
    let devices = state.devices.clone();
    let test_clock = state.config.test_clock;
    require_a_code(factor)?;
    let (code, recovery) = (factor.code.clone(), factor.recovery_code.clone());
    let passkey = factor.passkey.clone();
    let webauthn = state.webauthn.clone();
    let id = user_id.clone();
    let attempt = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let row = repo::find_by_id(conn, &id)?.ok_or(ApiError::MfaChallengeInvalid)?;
            let known = devices.nonce_for(cookie.as_deref(), &row.id);
            throttle::begin(conn, &row.email, ip, known.as_deref(), at)
        })
        .await?;
    // The failure recorded in advance stays if the code is wrong (this transaction rolls back).
    state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            match (&code, &recovery, &passkey) {
                (Some(code), _, _) => totp::use_code(conn, &user_id, code, true, at)?,
                (None, Some(recovery), _) => {
                    super::recovery::use_code(conn, &user_id, recovery, at)?
                }
                (None, None, Some(answer)) => {
                    let webauthn = webauthn
                        .as_deref()
                        .ok_or_else(super::passkeys::unavailable)?;
                    super::passkeys::use_passkey(conn, webauthn, &user_id, answer, at)?
                }
                (None, None, None) => return Err(ApiError::field("code", "Enter a code")),
            }
            throttle::succeeded(conn, &attempt)?;
            Ok((finish(conn, at)?, at))
        })
        .await
}

/// 422 on `code` when neither an app code, a recovery code nor a passkey was sent.
fn require_a_code(factor: &SecondFactor) -> Result<(), ApiError> {
    if factor.code.is_none() && factor.recovery_code.is_none() && factor.passkey.is_none() {
        return Err(ApiError::field(
            "code",
            "Enter the 6-digit code your authenticator app shows",
        ));
    }
    Ok(())
}

/// The second step of signing in: the token from 401 `mfa_required` and a code.
pub async fn finish(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    factor: SecondFactor,
) -> Result<SignedIn, ApiError> {
    require_a_code(&factor)?;
    let token = factor
        .mfa_token
        .clone()
        .ok_or(ApiError::MfaChallengeInvalid)?;
    let test_clock = state.config.test_clock;
    let lookup = token.clone();
    let user_id = state
        .db
        .read(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            mfa_challenges::user_of(conn, &lookup, at)
        })
        .await?;
    let id = user_id.clone();
    let ctx = Ctx::person_id(state, req, &user_id);
    let (user, at) = check_second_factor(req, state, user_id, &factor, move |conn, at| {
        mfa_challenges::finish(conn, &token, at)?;
        let entry = Entry::new("sign_in.success", "user", &id)
            .after(serde_json::json!({"second_factor": true}));
        audit::record(conn, &ctx, entry, at)?;
        repo::find_by_id(conn, &id)?.ok_or(ApiError::MfaChallengeInvalid)
    })
    .await?;
    event(req, "success", &format!("user:{}", user.id));
    Ok(signed_in(state, user, Some(at)))
}

/// One structured event per sign-in attempt: never the email address, password or token.
pub fn event(req: &HttpRequest, outcome: &str, actor: &str) {
    tracing::info!(
        target: "cc2i::audit",
        event = "sign_in",
        outcome,
        request_id = %crate::security::request_id(req),
        actor,
        "sign-in {outcome}"
    );
}
