//! Checking an email address and password under the sign-in limits, for both ways of
//! signing in (a bearer token, or a browser session), and the sign-in audit event.

use actix_web::cookie::Cookie;
use actix_web::{web, HttpRequest};

use super::handlers::verify;
use super::rows::UserRow;
use super::{device, repo, throttle};
use crate::clock;
use crate::error::ApiError;
use crate::state::AppState;

/// A sign-in that succeeded.
pub struct SignedIn {
    /// The account.
    pub user: UserRow,
    /// The device cookie to set (a new one after every sign-in).
    pub device_cookie: Cookie<'static>,
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
    let (attempt, user) = state
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
        .await
        .inspect_err(|e| {
            if matches!(e, ApiError::TooManyAttempts { .. }) {
                event(req, "throttled", "anonymous");
            }
        })?;
    let ok = verify(
        state,
        password,
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let user = match user {
        Some(user) if ok => user,
        _ => {
            event(req, "failure", "anonymous");
            state
                .db
                .write_unlisted(move |conn| {
                    let at = clock::now_on(conn, test_clock)?;
                    throttle::failed(conn, &attempt, at)
                })
                .await?;
            return Err(ApiError::InvalidCredentials);
        }
    };
    event(req, "success", &format!("user:{}", user.id));
    state
        .db
        .write_unlisted(move |conn| throttle::succeeded(conn, &attempt))
        .await?;
    let secure = !insecure_cookies_allowed(&state.config.public_url);
    Ok(SignedIn {
        device_cookie: device::cookie(state.devices.issue(&user.id), secure),
        user,
    })
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
