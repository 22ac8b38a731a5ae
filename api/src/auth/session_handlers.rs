//! Handlers for browser sessions: signing in to a cookie, the current session, signing out,
//! and the list of one's sessions.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{web, HttpRequest, HttpResponse};

use super::sessions::{self, SessionRow, ABSOLUTE_HOURS, CSRF_COOKIE, IDLE_MINUTES};
use super::sign_in::{self, insecure_cookies_allowed};
use super::{repo, AnyUser};
use crate::clock;
use crate::db::utc;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::session::{BrowserSession, SessionInfo};
use cc2i_shared::{Login, Problem, User};

fn session_cookies(state: &AppState, token: &str, csrf: &str) -> [Cookie<'static>; 2] {
    let secure = !insecure_cookies_allowed(&state.config.public_url);
    let age = CookieDuration::hours(ABSOLUTE_HOURS);
    [
        Cookie::build(sessions::COOKIE, token.to_string())
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(age)
            .finish(),
        Cookie::build(CSRF_COOKIE, csrf.to_string())
            .path("/")
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(age)
            .finish(),
    ]
}

fn cleared(state: &AppState) -> [Cookie<'static>; 2] {
    let mut cookies = session_cookies(state, "", "");
    for c in &mut cookies {
        c.make_removal();
    }
    cookies
}

fn browser_session(row: &SessionRow, user: User) -> BrowserSession {
    BrowserSession {
        csrf_token: row.csrf_token.clone(),
        expires_at: utc(row.expires_at),
        idle_timeout_seconds: IDLE_MINUTES * 60,
        user,
    }
}

fn user_agent(req: &HttpRequest) -> String {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Sign in to a browser session.
///
/// The same checks and limits as `POST /api/v1/auth/login`; instead of a token, the answer
/// sets the session cookie (`cc2i_session`: `HttpOnly`, `SameSite=Lax`, `Secure` except on a
/// plain-http loopback address), the CSRF cookie (`cc2i_csrf`) and the device cookie. The
/// session ends after 30 minutes unused or 12 hours in all; a session the browser had ends.
#[utoipa::path(
    post, path = "/api/v1/auth/session", tag = "accounts", operation_id = "create_session",
    request_body = Login,
    responses(
        (status = 200, description = "Signed in; the cookies are set", body = BrowserSession),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`csrf_failed`: sent from another site", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<Login>,
) -> Result<HttpResponse, ApiError> {
    let Login { email, password } = body.0;
    let signed_in = sign_in::check(&req, &state, email, password).await?;
    start_session(&req, &state, signed_in).await
}

/// Opens a browser session for a sign-in that succeeded (replacing the one the browser had):
/// the session, its person, and the cookies to set (session, CSRF and device).
pub(crate) async fn open(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    signed_in: sign_in::SignedIn,
) -> Result<(SessionRow, User, Vec<Cookie<'static>>), ApiError> {
    let user = signed_in.user;
    let mfa_at = signed_in.mfa_at;
    let agent = user_agent(req);
    let ip = super::throttle::client_ip(req, &state.config.trusted_proxies).to_string();
    let replacing = req.cookie(sessions::COOKIE).map(|c| c.value().to_string());
    let test_clock = state.config.test_clock;
    let wire = User::from(user.clone());
    let started = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            sessions::start(conn, &user, &agent, &ip, replacing.as_deref(), mfa_at, at)
        })
        .await?;
    let mut cookies = session_cookies(state, &started.token, &started.row.csrf_token).to_vec();
    cookies.push(signed_in.device_cookie);
    Ok((started.row, wire, cookies))
}

/// Starts a browser session for a sign-in that succeeded and answers with its cookies.
pub(super) async fn start_session(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    signed_in: sign_in::SignedIn,
) -> Result<HttpResponse, ApiError> {
    let (row, user, cookies) = open(req, state, signed_in).await?;
    let mut res = HttpResponse::Ok();
    for cookie in cookies {
        res.cookie(cookie);
    }
    Ok(res.json(browser_session(&row, user)))
}

/// The browser session this request came with (its CSRF token, for a page that was
/// reloaded). 401 without a live session cookie.
#[utoipa::path(
    get, path = "/api/v1/auth/session", tag = "accounts", operation_id = "get_session",
    security(("session" = [])),
    responses(
        (status = 200, description = "The current session", body = BrowserSession),
        (status = 401, description = "No live session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_session(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let session_id = user.session_id.clone().ok_or(ApiError::Unauthorized)?;
    let (row, account) = state
        .db
        .read(move |conn| {
            use crate::db::schema::sessions as s;
            use diesel::prelude::*;
            let row = s::table
                .find(&session_id)
                .select(s::all_columns)
                .first::<SessionRow>(conn)?;
            let account = repo::find_by_id(conn, &row.user_id)?.ok_or(ApiError::Unauthorized)?;
            Ok((row, account))
        })
        .await?;
    Ok(HttpResponse::Ok().json(browser_session(&row, account.into())))
}

/// Sign out of this browser session: it ends and its cookies are cleared.
#[utoipa::path(
    delete, path = "/api/v1/auth/session", tag = "accounts", operation_id = "delete_session",
    security(("session" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No live session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`csrf_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_session(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let session_id = user.session_id.clone().ok_or(ApiError::Unauthorized)?;
    let test_clock = state.config.test_clock;
    state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            sessions::end(conn, &user.id, &session_id, at)
        })
        .await?;
    let mut res = HttpResponse::NoContent();
    for cookie in cleared(&state) {
        res.cookie(cookie);
    }
    Ok(res.finish())
}

/// The signed-in person's browser sessions: device, where from, when signed in and last
/// used, and which one this is.
#[utoipa::path(
    get, path = "/api/v1/me/sessions", tag = "accounts", operation_id = "list_sessions",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Live sessions, most recently used first", body = [SessionInfo]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_sessions(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let test_clock = state.config.test_clock;
    let current = user.session_id.clone();
    let rows = state
        .db
        .read(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            sessions::list(conn, &user.id, at)
        })
        .await?;
    let list: Vec<SessionInfo> = rows
        .into_iter()
        .map(|s| SessionInfo {
            current: current.as_deref() == Some(s.id.as_str()),
            device: sessions::device_name(&s.user_agent),
            ip: s.ip,
            created_at: utc(s.created_at),
            last_used_at: utc(s.last_used_at),
            id: s.id,
        })
        .collect();
    Ok(HttpResponse::Ok().json(list))
}

/// Sign one of one's sessions out.
#[utoipa::path(
    delete, path = "/api/v1/me/sessions/{id}", tag = "accounts", operation_id = "delete_my_session",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Session id", max_length = 64)),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key; `csrf_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such live session of yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_my_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let test_clock = state.config.test_clock;
    let id = id.into_inner();
    let current = user.session_id.as_deref() == Some(id.as_str());
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let ended = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let ended = sessions::end(conn, &user.id, &id, at)?;
            if ended {
                let entry = crate::audit::Entry::new("session.revoked", "session", &id);
                crate::audit::record(conn, &ctx, entry, at)?;
            }
            Ok(ended)
        })
        .await?;
    if !ended {
        return Err(ApiError::NotFound);
    }
    let mut res = HttpResponse::NoContent();
    if current {
        for cookie in cleared(&state) {
            res.cookie(cookie);
        }
    }
    Ok(res.finish())
}

/// Sign out everywhere: every browser session ends and every access token stops working.
#[utoipa::path(
    delete, path = "/api/v1/me/sessions", tag = "accounts", operation_id = "delete_my_sessions",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out everywhere"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope`: an API key; `csrf_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_my_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let test_clock = state.config.test_clock;
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            repo::sign_out_everywhere(conn, &user.id)?;
            sessions::end_all(conn, &user.id, at)?;
            let entry = crate::audit::Entry::new("session.revoked_all", "user", &user.id);
            crate::audit::record(conn, &ctx, entry, at)
        })
        .await?;
    let mut res = HttpResponse::NoContent();
    for cookie in cleared(&state) {
        res.cookie(cookie);
    }
    Ok(res.finish())
}
