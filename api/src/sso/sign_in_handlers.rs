//! Signing in through one's organisation: `POST /api/v1/auth/sso/start` sends the browser to
//! the provider; `GET /api/v1/auth/sso/callback` is where it comes back.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::provider::{self, Provider};
use super::{repo, service};
use crate::auth::sign_in::{self, insecure_cookies_allowed};
use crate::clock;
use crate::db::utc;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::sso::{email_domain, SsoRedirect, SsoStart};
use cc2i_shared::Problem;

/// Holds the `state` of the sign-in this browser started, so an answer started elsewhere
/// (login CSRF) is refused.
const STATE_COOKIE: &str = "cc2i_sso";
const COOKIE_PATH: &str = "/api/v1/auth/sso";
/// Where the sign-in page is, for failures.
const SIGN_IN_PAGE: &str = "/sign-in/organisation";

fn state_cookie(state: &AppState, value: &str) -> Cookie<'static> {
    Cookie::build(STATE_COOKIE, value.to_string())
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(!insecure_cookies_allowed(&state.config.public_url))
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::minutes(repo::LOGIN_MINUTES))
        .finish()
}

fn provider_of(state: &AppState, row: &repo::ProviderRow) -> Result<Provider, ApiError> {
    Ok(Provider {
        issuer: row.issuer.clone(),
        client_id: row.client_id.clone(),
        client_secret: state
            .sso_box
            .open(&row.client_secret)
            .map_err(ApiError::Internal)?,
        redirect_uri: service::redirect_uri(&state.config.public_url),
        allow_private: state.config.outbound_allow_private,
    })
}

/// Start signing in through your organisation's identity provider.
///
/// The email address's domain picks the organisation whose provider vouches for it (404
/// `sso_not_available` if none does). The answer is the provider's authorization URL
/// (authorization code flow with PKCE, `state` and `nonce`, the address as `login_hint`) and
/// a `cc2i_sso` cookie tying the sign-in to this browser; send the browser there. It comes
/// back to `GET /api/v1/auth/sso/callback`.
#[utoipa::path(
    post, path = "/api/v1/auth/sso/start", tag = "single sign-on", operation_id = "start_sso",
    request_body = SsoStart,
    responses(
        (status = 200, description = "Send the browser to `authorization_url`", body = SsoRedirect),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`csrf_failed`: sent from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`sso_not_available`: no organisation signs in people at this domain", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "`sso_provider_unavailable`: the provider did not answer", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn start(
    state: web::Data<AppState>,
    body: ValidJson<SsoStart>,
) -> Result<HttpResponse, ApiError> {
    let email = body.0.email.trim().to_string();
    let domain = email_domain(&email).unwrap_or_default();
    let row = state
        .db
        .read(move |conn| repo::provider_for_domain(conn, &domain))
        .await?
        .ok_or_else(|| ApiError::Missing {
            code: "sso_not_available",
            detail: "No organisation signs in its people at this email address through its own service. Sign in with your email address and password instead.".into(),
        })?;
    let provider = provider_of(&state, &row)?;
    let sent = provider::authorize(&provider, &email)
        .await
        .map_err(|failure| ApiError::Upstream {
            code: failure.code(),
            detail: "Your organisation's sign-in service did not answer. Try again later, or sign in with your email address and password.".into(),
        })?;
    let (org, sent_state) = (row.organisation_id.clone(), sent.state.clone());
    let (nonce, verifier) = (sent.nonce.clone(), sent.pkce_verifier.clone());
    let test_clock = state.config.test_clock;
    state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            repo::begin_login(conn, &org, &sent_state, &nonce, &verifier, at)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .cookie(state_cookie(&state, &sent.state))
        .json(SsoRedirect {
            authorization_url: sent.url,
        }))
}

/// What the provider sends back.
#[derive(Debug, Deserialize)]
struct Answer {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Where the provider sends the browser back after signing in.
///
/// Checks that `state` is the one this browser started (its `cc2i_sso` cookie) and is live
/// and unused (ten minutes, once); redeems the code with the PKCE verifier; verifies the ID
/// token (signature, issuer, audience, expiry, `nonce`); then signs in to the account linked
/// to the person, or the account with their address if the provider verified it, or a new
/// account. Success: 303 to `/account` with the session cookies (a second factor counts as
/// used if the token's `amr` says so). Failure: 303 to `/sign-in/organisation?sso_error=`
/// with a code: `sso_cancelled`, `sso_state_invalid`, `sso_token_invalid`,
/// `sso_nonce_invalid`, `sso_provider_unavailable`, `sso_email_missing`,
/// `sso_domain_not_vouched`, `sso_email_unverified` or `sso_failed`.
#[utoipa::path(
    get, path = "/api/v1/auth/sso/callback", tag = "single sign-on", operation_id = "sso_callback",
    params(
        ("code" = Option<String>, Query, description = "The authorization code", max_length = 2000),
        ("state" = Option<String>, Query, description = "The state sent", max_length = 200),
        ("error" = Option<String>, Query, description = "The provider's error, if it refused", max_length = 200),
    ),
    responses(
        (status = 303, description = "To `/account` signed in, or to `/sign-in/organisation?sso_error=CODE`", headers(("Location" = String, description = "Where to go next"))),
        (status = 400, description = "`invalid_query`: a parameter is longer than documented", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    // Longer than any provider sends: refused before anything is looked up.
    if let Ok(answer) = web::Query::<Answer>::from_query(req.query_string()) {
        let too_long = |v: &Option<String>, max: usize| v.as_ref().is_some_and(|v| v.len() > max);
        if too_long(&answer.code, 2000)
            || too_long(&answer.state, 200)
            || too_long(&answer.error, 200)
        {
            return Err(ApiError::BadRequest {
                code: "invalid_query",
                detail: "A parameter is longer than any identity provider sends.".into(),
            });
        }
    }
    let mut gone = state_cookie(&state, "");
    gone.make_removal();
    match finish(&req, &state).await {
        Ok(cookies) => {
            let mut res = HttpResponse::SeeOther();
            res.insert_header((header::LOCATION, "/account"));
            for cookie in cookies {
                res.cookie(cookie);
            }
            Ok(res.cookie(gone).finish())
        }
        Err(code) => {
            sign_in::event(&req, code, "anonymous");
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("{SIGN_IN_PAGE}?sso_error={code}")))
                .cookie(gone)
                .finish())
        }
    }
}

fn code_of(error: ApiError) -> &'static str {
    match error {
        ApiError::Denied { code, .. } => code,
        other => {
            tracing::error!(error = ?other, "single sign-on: the sign-in failed");
            "sso_failed"
        }
    }
}

async fn finish(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<Vec<Cookie<'static>>, &'static str> {
    let answer = web::Query::<Answer>::from_query(req.query_string())
        .map_err(|_| "sso_state_invalid")?
        .into_inner();
    if answer.error.is_some() {
        return Err("sso_cancelled");
    }
    let (Some(code), Some(sent_state)) = (answer.code, answer.state) else {
        return Err("sso_state_invalid");
    };
    let ours = req.cookie(STATE_COOKIE).map(|c| c.value().to_string());
    if !ours.is_some_and(|c| crate::secret::same(&c, &sent_state)) {
        return Err("sso_state_invalid");
    }
    let test_clock = state.config.test_clock;
    let (login, row, at) = state
        .db
        .write_unlisted(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let Some(login) = repo::take_login(conn, &sent_state, at)? else {
                return Ok(None);
            };
            let row = repo::provider(conn, &login.organisation_id)?;
            Ok(row.map(|row| (login, row, at)))
        })
        .await
        .map_err(code_of)?
        .ok_or("sso_state_invalid")?;
    let provider = provider_of(state, &row).map_err(code_of)?;
    let asserted = provider::redeem(
        &provider,
        &code,
        &login.pkce_verifier,
        &login.nonce,
        utc(at),
    )
    .await
    .map_err(|f| f.code())?;
    let multi_factor = asserted.multi_factor;
    let org = login.organisation_id.clone();
    let ctx = crate::audit::Ctx::anonymous(state, req);
    let user = state
        .db
        .write(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let user = service::account_for(conn, &org, &asserted, at)?;
            let entry = crate::audit::Entry::new("sign_in.sso", "user", &user.id)
                .org(&org)
                .after(
                    serde_json::json!({"issuer": asserted.issuer, "multi_factor": multi_factor}),
                );
            crate::audit::record(conn, &ctx.as_person(&user.id), entry, at)?;
            Ok(user)
        })
        .await
        .map_err(code_of)?;
    // A new account whose address the provider did not verify was sent a link.
    state.mailer.wake();
    sign_in::event(req, "sso_success", &format!("user:{}", user.id));
    let signed_in = sign_in::signed_in(state, user, multi_factor.then_some(at));
    let (_, _, cookies) = crate::auth::session_handlers::open(req, state, signed_in)
        .await
        .map_err(code_of)?;
    Ok(cookies)
}
