//! `AuthUser` and `MaybeAuthUser`: a handler's signature says whether it needs a user.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::principal::person_needed;
use crate::api_keys::{self, secret::is_api_key};
use crate::error::ApiError;
use crate::security::record_actor;
use crate::state::AppState;
use cc2i_shared::PlatformRole;

/// The signed-in user, from a valid bearer token or session cookie of a user who still exists
/// and has not changed their password since it was issued. A valid API key gets 403
/// `insufficient_scope` (a person is needed); see `principal::Actor` for endpoints keys use.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The user's id.
    pub id: String,
    /// The user's platform role.
    pub platform_role: PlatformRole,
    /// True once their address is verified. [`AuthUser`] on a request that changes something
    /// refuses anyone unverified (403 `email_unverified`); [`AnyUser`] lets them look after
    /// their own account.
    pub email_verified: bool,
    /// The browser session, when the request came with the session cookie.
    pub session_id: Option<String>,
    /// When this token or session last used a second factor.
    pub mfa_at: Option<chrono::NaiveDateTime>,
    /// True when the person has a confirmed second factor. Looked up on writes only (every
    /// check that needs it is on a write); false on reads.
    pub has_second_factor: bool,
    /// True on a write by someone who must have a second factor and has none (see
    /// [`super::factors`]).
    pub must_enrol: bool,
    /// The service's time when the request was identified (the test clock's, if on).
    pub seen_at: chrono::NaiveDateTime,
}

impl AuthUser {
    /// The person of an account row, as seen at `seen_at`.
    pub fn of(
        row: &super::rows::UserRow,
        session_id: Option<String>,
        mfa_at: Option<chrono::NaiveDateTime>,
        seen_at: chrono::NaiveDateTime,
    ) -> Self {
        AuthUser {
            id: row.id.clone(),
            platform_role: PlatformRole::from_code(&row.platform_role),
            email_verified: row.email_verified(),
            session_id,
            mfa_at,
            has_second_factor: false,
            must_enrol: false,
            seen_at,
        }
    }

    /// True when this token or session used a second factor recently enough for actions on
    /// money and authority.
    pub fn stepped_up(&self) -> bool {
        cc2i_shared::mfa::stepped_up(self.mfa_at, self.seen_at)
    }

    /// True for platform staff.
    pub fn is_platform_admin(&self) -> bool {
        self.platform_role == PlatformRole::Admin
    }
}

/// A user if a token was sent; an invalid token is still refused with 401. A valid API
/// key counts as no user here (endpoints that take keys use `principal::MaybeActor`).
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

fn bearer(req: &HttpRequest) -> Option<Result<String, ApiError>> {
    let value = req.headers().get(header::AUTHORIZATION)?;
    let parsed = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_string())
        .filter(|t| !t.is_empty() && t.len() <= 4096)
        .ok_or(ApiError::Unauthorized);
    Some(parsed)
}

/// What a request authenticates with: `Authorization: Bearer` (a JWT or an API key), or else
/// the browser's session cookie. A request carrying `Authorization` ignores cookies.
#[derive(Debug, Clone)]
pub(super) enum Credential {
    /// A JWT or a `cc2i_` API key.
    Bearer(String),
    /// The session cookie's secret, and the CSRF token the request carried.
    Session { token: String, csrf: Option<String> },
}

pub(super) fn credential(req: &HttpRequest) -> Option<Result<Credential, ApiError>> {
    if let Some(bearer) = bearer(req) {
        return Some(bearer.map(Credential::Bearer));
    }
    let cookie = req.cookie(super::sessions::COOKIE)?;
    let csrf = req
        .headers()
        .get(super::sessions::CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    Some(Ok(Credential::Session {
        token: cookie.value().to_string(),
        csrf,
    }))
}

/// Who a credential is: a person or an organisation's key.
pub(super) enum Identified {
    Person(AuthUser),
    Key(super::principal::KeyActor),
}

async fn person_from_jwt(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    token: String,
) -> Result<AuthUser, ApiError> {
    let claims = state.tokens.verify(&token).ok_or(ApiError::Unauthorized)?;
    let mfa_at = claims
        .mfa_at
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.naive_utc());
    let (test_clock, write) = (state.config.test_clock, !is_safe(req));
    state
        .db
        .read(move |conn| {
            let at = crate::clock::now_on(conn, test_clock)?;
            match super::repo::find_by_id(conn, &claims.sub)? {
                Some(row) if row.token_version == claims.ver => {
                    with_factors(conn, AuthUser::of(&row, None, mfa_at, at), write)
                }
                _ => Err(ApiError::Unauthorized),
            }
        })
        .await
}

/// On a write, notes whether the person has a second factor and whether they must have one
/// (reads skip both queries).
fn with_factors(
    conn: &mut crate::db::AnyConnection,
    mut user: AuthUser,
    write: bool,
) -> Result<AuthUser, ApiError> {
    if !write {
        return Ok(user);
    }
    user.has_second_factor = super::factors::enrolled(conn, &user.id)?;
    user.must_enrol =
        !user.has_second_factor && super::factors::required(conn, &user.id, user.platform_role)?;
    Ok(user)
}

/// The person of a live session. A write must carry the session's own CSRF token (403
/// `csrf_failed`); `last_used_at` is noted at most once a minute.
async fn person_from_session(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    token: String,
    csrf: Option<String>,
) -> Result<AuthUser, ApiError> {
    let (test_clock, write) = (state.config.test_clock, !is_safe(req));
    let (session, user, at) = state
        .db
        .read(move |conn| {
            let at = crate::clock::now_on(conn, test_clock)?;
            let Some((session, row)) = super::sessions::find(conn, &token, at)? else {
                return Err(ApiError::Unauthorized);
            };
            let user = AuthUser::of(&row, Some(session.id.clone()), session.mfa_at, at);
            Ok((session, with_factors(conn, user, write)?, at))
        })
        .await?;
    if !is_safe(req)
        && !crate::secret::same(csrf.as_deref().unwrap_or_default(), &session.csrf_token)
    {
        return Err(crate::security::csrf_failed());
    }
    if super::sessions::needs_touch(&session, at) {
        let id = session.id.clone();
        state
            .db
            .write_unlisted(move |conn| super::sessions::touch(conn, &id, at))
            .await?;
    }
    Ok(user)
}

/// Authenticates a credential and records who it is on the request (for the access log).
pub(super) async fn identify(
    req: &HttpRequest,
    state: web::Data<AppState>,
    credential: Credential,
) -> Result<Identified, ApiError> {
    let who = match credential {
        Credential::Bearer(token) if is_api_key(&token) => {
            Identified::Key(api_keys::auth::authenticate(state, &token).await?)
        }
        Credential::Bearer(token) => Identified::Person(person_from_jwt(req, &state, token).await?),
        Credential::Session { token, csrf } => {
            Identified::Person(person_from_session(req, &state, token, csrf).await?)
        }
    };
    record_actor(
        req,
        match &who {
            Identified::Person(user) => format!("user:{}", user.id),
            Identified::Key(key) => format!("key:{}", key.key_id),
        },
    );
    Ok(who)
}

fn is_safe(req: &HttpRequest) -> bool {
    matches!(
        *req.method(),
        actix_web::http::Method::GET
            | actix_web::http::Method::HEAD
            | actix_web::http::Method::OPTIONS
    )
}

/// 403 `email_unverified`: until their address is verified a person may look around and
/// look after their own account, but not act.
pub fn email_unverified() -> ApiError {
    ApiError::Denied {
        code: "email_unverified",
        detail: "Confirm your email address first: use the link we emailed you, or ask for a new one from your account page.".into(),
    }
}

/// A person acting (any method but `GET`, `HEAD` and `OPTIONS`) needs a verified address;
/// someone who must have a second factor needs one (403 `mfa_enrolment_required`); and every
/// write by platform staff needs a second factor used in the last ten minutes (403
/// `mfa_required`).
pub(super) fn may_act(req: &HttpRequest, user: &AuthUser) -> Result<(), ApiError> {
    if is_safe(req) {
        return Ok(());
    }
    if !user.email_verified {
        return Err(email_unverified());
    }
    if user.must_enrol {
        return Err(ApiError::SecondFactorNeeded);
    }
    if user.is_platform_admin() && !user.stepped_up() {
        return Err(ApiError::StepUpRequired);
    }
    Ok(())
}

/// A signed-in person, verified or not: for looking after one's own account (profile,
/// password, email address, notifications). Everything else takes [`AuthUser`].
#[derive(Debug, Clone)]
pub struct AnyUser(pub AuthUser);

impl FromRequest for AnyUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let credential = credential(req);
        let state = state_of(req);
        let req = req.clone();
        Box::pin(async move {
            let credential = credential.ok_or(ApiError::Unauthorized)??;
            match identify(&req, state?, credential).await? {
                Identified::Person(user) => Ok(AnyUser(user)),
                // A valid key is refused as out of scope; an unknown one is 401 as usual.
                Identified::Key(_) => Err(person_needed("This operation is for people only.")),
            }
        })
    }
}

pub(super) fn state_of(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal("application state missing".into()))
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    /// [`AnyUser`], and on a write a verified address.
    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let person = AnyUser::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let AnyUser(user) = person.await?;
            may_act(&req, &user)?;
            Ok(user)
        })
    }
}

impl FromRequest for MaybeAuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let credential = credential(req);
        let state = state_of(req);
        let req = req.clone();
        Box::pin(async move {
            let Some(credential) = credential else {
                return Ok(MaybeAuthUser(None));
            };
            match identify(&req, state?, credential?).await? {
                // Where keys are not taken, a valid key reads what the public reads.
                Identified::Key(_) => Ok(MaybeAuthUser(None)),
                Identified::Person(user) => {
                    may_act(&req, &user)?;
                    Ok(MaybeAuthUser(Some(user)))
                }
            }
        })
    }
}
