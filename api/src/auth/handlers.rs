//! Handlers for `/api/v1/auth/...` and `/api/v1/me`.

use actix_web::{web, HttpRequest, HttpResponse};

use super::{repo, requests, sign_in, throttle, AnyUser};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::account::CheckEmail;
use cc2i_shared::{AccessToken, ChangePassword, Login, Me, Problem, RegisterUser};

/// Runs `work` on the password-hashing threads.
async fn hashing<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    state
        .passwords
        .pool
        .run(work)
        .await
        .map_err(ApiError::Internal)
}

pub(super) async fn hash(state: &AppState, password: String) -> Result<String, ApiError> {
    let passwords = state.passwords.clone();
    hashing(state, move || passwords.hash(&password))
        .await?
        .map_err(ApiError::Internal)
}

pub(super) async fn verify(
    state: &AppState,
    password: String,
    hash: Option<String>,
) -> Result<bool, ApiError> {
    let passwords = state.passwords.clone();
    hashing(state, move || passwords.verify(&password, hash.as_deref())).await
}

/// Create an account.
///
/// The password must be 12 to 128 characters and not a commonly used one; there are no
/// composition rules (NCSC guidance). The answer is the same whether or not the address
/// already has an account, and comes before anything is looked up: a new address gets a link
/// to confirm it (valid 24 hours), an address with an account gets an email saying so. The
/// account can sign in at once, but acts for no organisation until its address is confirmed.
#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "accounts", operation_id = "register",
    request_body = RegisterUser,
    responses(
        (status = 202, description = "Check your email", body = CheckEmail),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn register(
    state: web::Data<AppState>,
    body: ValidJson<RegisterUser>,
) -> Result<HttpResponse, ApiError> {
    let RegisterUser {
        email,
        password,
        display_name,
    } = body.0;
    let password_hash = hash(&state, password).await?;
    let request = requests::Request::Register {
        display_name: display_name.trim().to_string(),
        password_hash,
    };
    let email = email.trim().to_string();
    super::account_handlers::take_request(&state, &email, request).await?;
    Ok(HttpResponse::Accepted().json(CheckEmail {
        message: format!(
            "We have sent an email to {email}. Use the link in it to confirm your email address."
        ),
        email,
    }))
}

/// Sign in and get an access token.
///
/// Wrong email and wrong password get the same answer. From a browser without a device cookie
/// for the account, 10 failures on the account, or failures on 20 accounts from one address,
/// within 15 minutes make further attempts 429 with `Retry-After`; a browser that signed in to
/// the account before (its `cc2i_device` cookie, set by every sign-in) is exempt until it has
/// failed 10 times itself.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "accounts", operation_id = "login",
    request_body = Login,
    responses(
        (status = 200, description = "Signed in", body = AccessToken),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_credentials`; `mfa_required` (with `mfa_token`): finish at `POST /api/v1/auth/login/mfa`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<Login>,
) -> Result<HttpResponse, ApiError> {
    let Login { email, password } = body.0;
    let signed_in = sign_in::check(&req, &state, email, password).await?;
    token_answer(&state, signed_in)
}

/// An access token for a sign-in that succeeded, with the device cookie.
pub(super) fn token_answer(
    state: &AppState,
    signed_in: sign_in::SignedIn,
) -> Result<HttpResponse, ApiError> {
    let user = signed_in.user;
    let access_token = state
        .tokens
        .issue(
            &user.id,
            user.token_version,
            signed_in.mfa_at.map(|t| t.and_utc().timestamp()),
        )
        .map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok()
        .cookie(signed_in.device_cookie)
        .json(AccessToken {
            access_token,
            token_type: "Bearer".into(),
            expires_in: state.tokens.ttl_seconds(),
        }))
}

/// The signed-in user and the organisations they belong to.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "accounts", operation_id = "get_me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = Me),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_me(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let me = state
        .db
        .read(move |conn| {
            let row = repo::find_by_id(conn, &user.id)?.ok_or(ApiError::Unauthorized)?;
            Ok(Me {
                user: row.into(),
                memberships: repo::memberships_of(conn, &user.id)?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Change the signed-in user's password; every token issued before stops working.
#[utoipa::path(
    post, path = "/api/v1/me/password", tag = "accounts", operation_id = "change_password",
    security(("bearer" = [])),
    request_body = ChangePassword,
    responses(
        (status = 204, description = "Changed; sign in again"),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the current password is not right", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    body: ValidJson<ChangePassword>,
) -> Result<HttpResponse, ApiError> {
    let ChangePassword {
        current_password,
        new_password,
    } = body.0;
    let attempt =
        confirm_password(&req, &state, &user.id, current_password, "current_password").await?;
    let password_hash = hash(&state, new_password).await?;
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    state
        .db
        .write_unlisted(move |conn| {
            throttle::succeeded(conn, &attempt)?;
            repo::set_password(conn, &user.id, password_hash)?;
            let at = crate::clock::now_on(conn, test_clock)?;
            let entry = crate::audit::Entry::new("account.password_changed", "user", &user.id);
            crate::audit::record(conn, &ctx, entry, at)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Checks a signed-in person's password under the sign-in limits; a wrong one is 422 on
/// `field`. Returns the attempt to forget once the change it guards is made.
pub(super) async fn confirm_password(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    user_id: &str,
    password: String,
    field: &'static str,
) -> Result<throttle::Attempt, ApiError> {
    let ip = throttle::client_ip(req, &state.config.trusted_proxies);
    let cookie = super::device::value(req);
    let devices = state.devices.clone();
    let test_clock = state.config.test_clock;
    let user_id = user_id.to_string();
    let (attempt, row) = state
        .db
        .write_unlisted(move |conn| {
            let at = crate::clock::now_on(conn, test_clock)?;
            let row = repo::find_by_id(conn, &user_id)?.ok_or(ApiError::Unauthorized)?;
            let known = devices.nonce_for(cookie.as_deref(), &row.id);
            let attempt = throttle::begin(conn, &row.email, ip, known.as_deref(), at)?;
            Ok((attempt, row))
        })
        .await?;
    if !verify(state, password, Some(row.password_hash)).await? {
        let failed = attempt.clone();
        state
            .db
            .write_unlisted(move |conn| {
                let at = crate::clock::now_on(conn, test_clock)?;
                throttle::failed(conn, &failed, at)
            })
            .await?;
        let message = if field == "current_password" {
            "is not your current password"
        } else {
            "is not your password"
        };
        return Err(ApiError::field(field, message));
    }
    Ok(attempt)
}
