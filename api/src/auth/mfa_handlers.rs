//! Handlers for second factors: enrolling an authenticator app, the second step of signing
//! in (for a token or a browser session), and stepping up.

use actix_web::{web, HttpRequest, HttpResponse};

use super::handlers::token_answer;
use super::session_handlers::start_session;
use super::{repo, sign_in, totp, AnyUser, AuthUser};
use crate::clock;
use crate::db::utc;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::mfa::{
    ConfirmTotp, MfaStatus, RecoveryCodes, ResetSecondFactor, SecondFactor, SecondFactorReset,
    TotpEnrolment,
};
use cc2i_shared::session::BrowserSession;
use cc2i_shared::{AccessToken, Problem};

/// Start adding an authenticator app: a new secret, as text, as an `otpauth://` address and
/// as a QR code. Confirm it with a code to finish; until then sign-in does not ask for one.
#[utoipa::path(
    post, path = "/api/v1/me/mfa/totp", tag = "accounts", operation_id = "start_totp",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Add this to your app, then confirm", body = TotpEnrolment),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`mfa_already_enrolled`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn start_totp(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let test_clock = state.config.test_clock;
    let (secret, email) = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let row = repo::find_by_id(conn, &user.id)?.ok_or(ApiError::Unauthorized)?;
            Ok((totp::start(conn, &user.id, at)?, row.email))
        })
        .await?;
    let otpauth_url = totp::otpauth_url(&secret, &email)?;
    let qr_svg = super::qr::svg(
        &otpauth_url,
        "QR code to add CC2i to your authenticator app",
    )
    .ok_or_else(|| ApiError::Internal("QR code".into()))?;
    Ok(HttpResponse::Created().json(TotpEnrolment {
        secret,
        otpauth_url,
        qr_svg,
    }))
}

/// Confirm the authenticator app with the code it shows: from now on signing in asks for a
/// code. The answer holds ten recovery codes, shown this once.
#[utoipa::path(
    post, path = "/api/v1/me/mfa/totp/confirm", tag = "accounts", operation_id = "confirm_totp",
    security(("bearer" = [])),
    request_body = ConfirmTotp,
    responses(
        (status = 200, description = "Confirmed; keep these recovery codes safe", body = RecoveryCodes),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the code is not right (or was used)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn confirm_totp(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    body: ValidJson<ConfirmTotp>,
) -> Result<HttpResponse, ApiError> {
    let test_clock = state.config.test_clock;
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let codes = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let codes = totp::confirm(conn, &user.id, &body.0.code, at)?;
            let entry = crate::audit::Entry::new("mfa.totp_added", "user", &user.id);
            crate::audit::record(conn, &ctx, entry, at)?;
            Ok(codes)
        })
        .await?;
    Ok(HttpResponse::Ok().json(RecoveryCodes { codes }))
}

/// The signed-in person's second factors, and when this token or session last used one.
#[utoipa::path(
    get, path = "/api/v1/me/mfa", tag = "accounts", operation_id = "get_mfa",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Second factors", body = MfaStatus),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_mfa(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let stepped_up_at = user.mfa_at.map(utc);
    let (totp, passkeys, recovery_codes_left) = state
        .db
        .read(move |conn| {
            Ok((
                totp::enrolled(conn, &user.id)?,
                super::passkeys::list(conn, &user.id)?,
                super::recovery::left(conn, &user.id)?,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(MfaStatus {
        totp,
        passkeys,
        recovery_codes_left,
        stepped_up_at,
    }))
}

/// Finish signing in for an access token: the `mfa_token` from `POST /api/v1/auth/login`'s
/// 401 `mfa_required` (five minutes, once) and a code from the app, or a recovery code. A
/// wrong code counts as a failed sign-in.
#[utoipa::path(
    post, path = "/api/v1/auth/login/mfa", tag = "accounts", operation_id = "login_mfa",
    request_body = SecondFactor,
    responses(
        (status = 200, description = "Signed in", body = AccessToken),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`mfa_challenge_invalid`: sign in again", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the code is not right (or was used)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn login_mfa(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<SecondFactor>,
) -> Result<HttpResponse, ApiError> {
    let signed_in = sign_in::finish(&req, &state, body.0).await?;
    token_answer(&state, signed_in)
}

/// Finish signing in to a browser session, as `POST /api/v1/auth/login/mfa` does for a token.
#[utoipa::path(
    post, path = "/api/v1/auth/session/mfa", tag = "accounts", operation_id = "create_session_mfa",
    request_body = SecondFactor,
    responses(
        (status = 200, description = "Signed in; the cookies are set", body = BrowserSession),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`mfa_challenge_invalid`: sign in again", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the code is not right (or was used)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_session_mfa(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<SecondFactor>,
) -> Result<HttpResponse, ApiError> {
    let signed_in = sign_in::finish(&req, &state, body.0).await?;
    start_session(&req, &state, signed_in).await
}

/// Remove a person's lost second factor (platform admins, with a second factor used in the
/// last ten minutes): their app and recovery codes go, they are signed out everywhere and
/// emailed, and the reset is recorded with its reason. Not for one's own account.
#[utoipa::path(
    post, path = "/api/v1/admin/mfa-resets", tag = "accounts", operation_id = "reset_second_factor",
    security(("bearer" = [])),
    request_body = ResetSecondFactor,
    responses(
        (status = 201, description = "Removed and recorded", body = SecondFactorReset),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform admin; `mfa_required` (hint `step_up`); `self_reset_forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`user_not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`mfa_not_enrolled`: nothing to reset", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reset_second_factor(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<ResetSecondFactor>,
) -> Result<HttpResponse, ApiError> {
    if !user.is_platform_admin() {
        return Err(ApiError::Forbidden(
            "Only CC2i platform staff reset second factors.".into(),
        ));
    }
    let test_clock = state.config.test_clock;
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let reset = state
        .db
        .write(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let reason = body.0.reason.clone();
            let reset = super::mfa_resets::reset(conn, &user.id, body.0, at)?;
            let entry = crate::audit::Entry::new("mfa.reset", "user", &reset.user_id)
                .after(serde_json::json!({"reason": reason}));
            crate::audit::record(conn, &ctx, entry, at)?;
            Ok(reset)
        })
        .await?;
    state.mailer.wake();
    Ok(HttpResponse::Created().json(reset))
}

/// Step up: use a second factor now (an app code, a passkey or a recovery code), as actions on money
/// and authority need within the last 10 minutes. With a bearer token, the answer is a new
/// token that says so; with the session cookie, the session is replaced by a new one (new
/// cookies) that says so.
#[utoipa::path(
    post, path = "/api/v1/auth/step-up", tag = "accounts", operation_id = "step_up",
    security(("bearer" = [])),
    request_body = SecondFactor,
    responses(
        (status = 200, description = "Stepped up: a new access token, or (by cookie) a new session", body = AccessToken),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`mfa_not_enrolled`: add a second factor first; `passkeys_unavailable`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the code is not right (or was used)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn step_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    body: ValidJson<SecondFactor>,
) -> Result<HttpResponse, ApiError> {
    // Known from identifying the person (a write): no second read.
    if !user.has_second_factor {
        return Err(ApiError::conflict(
            "mfa_not_enrolled",
            "Add an authenticator app or a passkey to your account first.",
        ));
    }
    let id = user.id.clone();
    let (row, at) =
        sign_in::check_second_factor(&req, &state, user.id.clone(), &body.0, move |conn, _| {
            repo::find_by_id(conn, &id)?.ok_or(ApiError::Unauthorized)
        })
        .await?;
    let signed_in = sign_in::SignedIn {
        device_cookie: super::device::cookie(
            state.devices.issue(&row.id),
            !sign_in::insecure_cookies_allowed(&state.config.public_url),
        ),
        user: row,
        mfa_at: Some(at),
    };
    if user.session_id.is_some() {
        // A new session (cookie) on step-up; the old one ends.
        return start_session(&req, &state, signed_in).await;
    }
    token_answer(&state, signed_in)
}
