//! Handlers that look after an account: confirming the address, a forgotten password, the
//! profile and a new address.

use actix_web::{web, HttpRequest, HttpResponse};

use super::handlers::{confirm_password, hash};
use super::requests::{self, Request};
use super::{account_service as service, repo, throttle, AnyUser};
use crate::clock;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::account::{
    ChangeEmail, CheckEmail, EmailVerified, RequestPasswordReset, ResetPassword, UpdateMe,
    VerifyEmail,
};
use cc2i_shared::{Problem, User};

/// Stores a registration or reset request and works it through once answered; the work
/// (and so the time taken) before the answer is the same whatever the address.
pub(super) async fn take_request(
    state: &web::Data<AppState>,
    email: &str,
    request: Request,
) -> Result<(), ApiError> {
    let test_clock = state.config.test_clock;
    let email = email.to_string();
    let id = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            requests::store(conn, &email, request, at)
        })
        .await?;
    let state = state.clone();
    actix_web::rt::spawn(async move {
        let done = async {
            let at = clock::now(&state.db, test_clock).await?;
            state
                .db
                .write_unlisted(move |conn| requests::process(conn, &id, at))
                .await
        };
        match done.await {
            Ok(true) => state.mailer.wake(),
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(error = %e, "account request not worked through yet; the scheduler will retry")
            }
        }
    });
    Ok(())
}

/// Wakes the email sender once a write that queued an account email has committed.
fn sent(state: &AppState) {
    state.mailer.wake();
}

/// Confirm an email address with the token from the link CC2i emailed: a new account's, or
/// a new address the account then moves to (the old address is told). No sign-in needed.
#[utoipa::path(
    post, path = "/api/v1/auth/verify-email", tag = "accounts", operation_id = "verify_email",
    request_body = VerifyEmail,
    responses(
        (status = 200, description = "Confirmed", body = EmailVerified),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken`: another account took the new address meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or `token_invalid`, `token_expired`, `token_used`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn verify_email(
    state: web::Data<AppState>,
    body: ValidJson<VerifyEmail>,
) -> Result<HttpResponse, ApiError> {
    let test_clock = state.config.test_clock;
    let verified = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            service::verify_email(conn, &body.0.token, at)
        })
        .await?;
    sent(&state);
    Ok(HttpResponse::Ok().json(verified))
}

/// Ask for a link to choose a new password (valid 30 minutes). The answer is the same
/// whether or not the address has an account, and comes before anything is looked up.
#[utoipa::path(
    post, path = "/api/v1/auth/password-reset", tag = "accounts", operation_id = "request_password_reset",
    request_body = RequestPasswordReset,
    responses(
        (status = 202, description = "Check your email", body = CheckEmail),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    body: ValidJson<RequestPasswordReset>,
) -> Result<HttpResponse, ApiError> {
    let email = body.0.email.trim().to_string();
    take_request(&state, &email, Request::ResetPassword).await?;
    Ok(HttpResponse::Accepted().json(CheckEmail {
        message: format!(
            "If {email} has a CC2i account, we have sent it a link to choose a new password. The link works for 30 minutes."
        ),
        email,
    }))
}

/// Choose a new password with the token from a reset link. Signs the account out
/// everywhere, counts its address as confirmed, and emails the person.
#[utoipa::path(
    post, path = "/api/v1/auth/password-reset/complete", tag = "accounts", operation_id = "reset_password",
    request_body = ResetPassword,
    responses(
        (status = 204, description = "Changed; sign in with the new password"),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or `token_invalid`, `token_expired`, `token_used`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reset_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<ResetPassword>,
) -> Result<HttpResponse, ApiError> {
    let ResetPassword {
        token,
        new_password,
    } = body.0;
    let password_hash = hash(&state, new_password).await?;
    let test_clock = state.config.test_clock;
    let ctx = crate::audit::Ctx::anonymous(&state, &req);
    state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let id = service::reset_password(conn, &token, password_hash, at)?;
            let entry = crate::audit::Entry::new("account.password_reset", "user", &id)
                .after(serde_json::json!({"sessions_ended": true}));
            crate::audit::record(conn, &ctx.as_person(&id), entry, at)
        })
        .await?;
    sent(&state);
    Ok(HttpResponse::NoContent().finish())
}

/// Email a new link to confirm the signed-in person's address (at most once a minute and
/// five times a day).
#[utoipa::path(
    post, path = "/api/v1/me/email-verification", tag = "accounts", operation_id = "resend_email_verification",
    security(("bearer" = [])),
    responses(
        (status = 202, description = "Sent"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_verified`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resend_email_verification(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let test_clock = state.config.test_clock;
    state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            service::resend_verification(conn, &user.id, at)
        })
        .await?;
    sent(&state);
    Ok(HttpResponse::Accepted().finish())
}

/// Change the signed-in person's name.
#[utoipa::path(
    patch, path = "/api/v1/me", tag = "accounts", operation_id = "update_me",
    security(("bearer" = [])),
    request_body = UpdateMe,
    responses(
        (status = 200, description = "Changed", body = User),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_me(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    body: ValidJson<UpdateMe>,
) -> Result<HttpResponse, ApiError> {
    let row = state
        .db
        .write_unlisted(move |conn| repo::set_display_name(conn, &user.id, &body.0.display_name))
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok(HttpResponse::Ok().json(User::from(row)))
}

/// Change the address the signed-in person signs in with. Needs their password. The new
/// address gets a link (valid 24 hours); the account moves to it once the link is used, and
/// the old address is told. Until then nothing changes.
#[utoipa::path(
    post, path = "/api/v1/me/email", tag = "accounts", operation_id = "change_email",
    security(("bearer" = [])),
    request_body = ChangeEmail,
    responses(
        (status = 202, description = "Check the new address's email", body = CheckEmail),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the password is not right", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts` or `too_many_requests`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    body: ValidJson<ChangeEmail>,
) -> Result<HttpResponse, ApiError> {
    let ChangeEmail {
        new_email,
        password,
    } = body.0;
    let attempt = confirm_password(&req, &state, &user.id, password, "password").await?;
    let test_clock = state.config.test_clock;
    let to = new_email.trim().to_string();
    state
        .db
        .write_unlisted(move |conn| {
            throttle::succeeded(conn, &attempt)?;
            let at = clock::now_on(conn, test_clock)?;
            service::request_email_change(conn, &user.id, &new_email, at)
        })
        .await?;
    sent(&state);
    Ok(HttpResponse::Accepted().json(CheckEmail {
        message: format!(
            "We have sent an email to {to}. Use the link in it to confirm the new address; until then you sign in with your current one."
        ),
        email: to,
    }))
}
