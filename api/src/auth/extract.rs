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

/// The signed-in user, from a valid bearer token of a user who still exists and has not
/// changed their password since it was issued. A valid API key gets 403
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
}

impl AuthUser {
    /// True for platform staff.
    pub fn is_platform_admin(&self) -> bool {
        self.platform_role == PlatformRole::Admin
    }
}

/// A user if a token was sent; an invalid token is still refused with 401. A valid API
/// key counts as no user here (endpoints that take keys use `principal::MaybeActor`).
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

pub(super) fn bearer(req: &HttpRequest) -> Option<Result<String, ApiError>> {
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

pub(super) async fn authenticate(
    state: web::Data<AppState>,
    token: String,
) -> Result<AuthUser, ApiError> {
    let claims = state.tokens.verify(&token).ok_or(ApiError::Unauthorized)?;
    let user = state
        .db
        .read(move |conn| super::repo::find_by_id(conn, &claims.sub).map(|u| (u, claims.ver)))
        .await?;
    match user {
        (Some(row), ver) if row.token_version == ver => Ok(AuthUser {
            email_verified: row.email_verified(),
            id: row.id,
            platform_role: PlatformRole::from_code(&row.platform_role),
        }),
        _ => Err(ApiError::Unauthorized),
    }
}

/// 403 `email_unverified`: until their address is verified a person may look around and
/// look after their own account, but not act.
pub fn email_unverified() -> ApiError {
    ApiError::Denied {
        code: "email_unverified",
        detail: "Confirm your email address first: use the link we emailed you, or ask for a new one from your account page.".into(),
    }
}

/// A person acting (any method but `GET`, `HEAD` and `OPTIONS`) needs a verified address.
pub(super) fn may_act(req: &HttpRequest, user: &AuthUser) -> Result<(), ApiError> {
    let safe = matches!(
        *req.method(),
        actix_web::http::Method::GET
            | actix_web::http::Method::HEAD
            | actix_web::http::Method::OPTIONS
    );
    if safe || user.email_verified {
        Ok(())
    } else {
        Err(email_unverified())
    }
}

/// A signed-in person, verified or not: for looking after one's own account (profile,
/// password, email address, notifications). Everything else takes [`AuthUser`].
#[derive(Debug, Clone)]
pub struct AnyUser(pub AuthUser);

impl FromRequest for AnyUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = state_of(req);
        let req = req.clone();
        Box::pin(async move {
            let token = token.ok_or(ApiError::Unauthorized)??;
            if is_api_key(&token) {
                // A valid key is refused as out of scope; an unknown one is 401 as usual.
                let key = api_keys::auth::authenticate(state?, &token).await?;
                record_actor(&req, format!("key:{}", key.key_id));
                return Err(person_needed("This operation is for people only."));
            }
            let user = authenticate(state?, token).await?;
            record_actor(&req, format!("user:{}", user.id));
            Ok(AnyUser(user))
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
        let token = bearer(req);
        let state = state_of(req);
        let req = req.clone();
        Box::pin(async move {
            match token {
                None => Ok(MaybeAuthUser(None)),
                Some(token) => {
                    let token = token?;
                    if is_api_key(&token) {
                        // Where keys are not taken, a valid key reads what the public reads.
                        let key = api_keys::auth::authenticate(state?, &token).await?;
                        record_actor(&req, format!("key:{}", key.key_id));
                        return Ok(MaybeAuthUser(None));
                    }
                    let user = authenticate(state?, token).await?;
                    record_actor(&req, format!("user:{}", user.id));
                    may_act(&req, &user)?;
                    Ok(MaybeAuthUser(Some(user)))
                }
            }
        })
    }
}
