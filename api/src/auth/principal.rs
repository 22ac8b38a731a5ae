//! Who is calling: a signed-in person or an organisation's API key.
//!
//! Handlers that machines may call take [`Scoped<needs::X>`](Scoped) (checked before the
//! handler runs), or [`Actor`] and call [`Actor::require_scope`], or [`MaybeActor`] and
//! [`MaybeActor::scoped`] for public reads; person-only handlers keep taking [`AuthUser`],
//! which answers a valid API key with 403 `insufficient_scope`.
//!
//! A key acts for its own organisation only, with a member's rights there limited to its
//! scopes; for every other organisation it is an outsider (private things 404, the rest 403).

use std::collections::BTreeSet;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::extract::{credential, identify, may_act, state_of, AuthUser, Credential, Identified};
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::organisations::members::role_of;
use crate::state::AppState;
use cc2i_shared::OrgRole;

pub use cc2i_shared::api_key::Scope;

/// An API key that authenticated: what it may do and for whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyActor {
    /// The key's id.
    pub key_id: String,
    /// The organisation it acts for.
    pub organisation_id: String,
    /// What it may do.
    pub scopes: BTreeSet<Scope>,
    /// The person who made the key (recorded as `created_by` of what the key makes).
    pub created_by: String,
}

/// The caller of an endpoint that people and API keys may both use.
#[derive(Debug, Clone)]
pub enum Actor {
    /// A signed-in person (a JWT).
    Person(AuthUser),
    /// An organisation's API key.
    Key(KeyActor),
}

/// An actor if credentials were sent; invalid ones are still refused with 401.
#[derive(Debug, Clone)]
pub struct MaybeActor(pub Option<Actor>);

/// 403 `insufficient_scope`: the key lacks `scope`.
pub fn insufficient_scope(scope: Scope) -> ApiError {
    ApiError::Denied {
        code: "insufficient_scope",
        detail: format!(
            "This API key does not have the {} scope this operation needs.",
            scope.code()
        ),
    }
}

/// 403 `insufficient_scope`: only a signed-in person may do this, never an API key.
pub fn person_needed(why: &str) -> ApiError {
    ApiError::Denied {
        code: "insufficient_scope",
        detail: format!("{why} A signed-in person is needed: API keys cannot do this."),
    }
}

/// What access checks need to know about a caller, for people and keys alike.
pub trait Caller {
    /// True for platform staff (never for a key).
    fn is_platform_admin(&self) -> bool;
    /// The caller's role in an organisation: a person's membership; for a key, `Member`
    /// in its own organisation and nothing anywhere else.
    fn role_in(
        &self,
        conn: &mut AnyConnection,
        organisation_id: &str,
    ) -> Result<Option<OrgRole>, ApiError>;
}

impl Caller for AuthUser {
    fn is_platform_admin(&self) -> bool {
        AuthUser::is_platform_admin(self)
    }
    fn role_in(
        &self,
        conn: &mut AnyConnection,
        organisation_id: &str,
    ) -> Result<Option<OrgRole>, ApiError> {
        role_of(conn, organisation_id, &self.id)
    }
}

impl KeyActor {
    /// Ok if the key has `scope`, else 403 `insufficient_scope` naming it.
    pub fn require_scope(&self, scope: Scope) -> Result<(), ApiError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(insufficient_scope(scope))
        }
    }

    /// A member's role in its own organisation; nothing elsewhere.
    pub fn role_in(&self, organisation_id: &str) -> Option<OrgRole> {
        (self.organisation_id == organisation_id).then_some(OrgRole::Member)
    }
}

impl Actor {
    /// Ok for a person (their role decides); for a key, Ok only if it has `scope`
    /// (else 403 `insufficient_scope` naming the scope).
    pub fn require_scope(&self, scope: Scope) -> Result<(), ApiError> {
        match self {
            Actor::Person(_) => Ok(()),
            Actor::Key(key) => key.require_scope(scope),
        }
    }

    /// For actions on money and authority: a person must have used a second factor in the
    /// last ten minutes (see [`super::factors`]); API keys never step up.
    pub fn require_step_up(&self) -> Result<(), ApiError> {
        match self {
            Actor::Person(user) => super::factors::require_step_up(user),
            Actor::Key(_) => Ok(()),
        }
    }

    /// The person, if a person is calling.
    pub fn person(&self) -> Option<&AuthUser> {
        match self {
            Actor::Person(user) => Some(user),
            Actor::Key(_) => None,
        }
    }

    /// The person, or 403 `insufficient_scope` explaining `why` a person is needed.
    pub fn require_person(&self, why: &str) -> Result<&AuthUser, ApiError> {
        self.person().ok_or_else(|| person_needed(why))
    }

    /// The key, if a key is calling.
    pub fn key(&self) -> Option<&KeyActor> {
        match self {
            Actor::Person(_) => None,
            Actor::Key(key) => Some(key),
        }
    }

    /// The key's id, if a key is calling.
    pub fn api_key_id(&self) -> Option<&str> {
        self.key().map(|k| k.key_id.as_str())
    }

    /// The user recorded as doing things: the person, or the person who made the key.
    pub fn user_id(&self) -> &str {
        match self {
            Actor::Person(user) => &user.id,
            Actor::Key(key) => &key.created_by,
        }
    }

    /// True for platform staff (never for a key).
    pub fn is_platform_admin(&self) -> bool {
        self.person().is_some_and(AuthUser::is_platform_admin)
    }

    /// The caller's role in an organisation (see [`Caller::role_in`]).
    pub fn role_in(
        &self,
        conn: &mut AnyConnection,
        organisation_id: &str,
    ) -> Result<Option<OrgRole>, ApiError> {
        match self {
            Actor::Person(user) => role_of(conn, organisation_id, &user.id),
            Actor::Key(key) => Ok(key.role_in(organisation_id)),
        }
    }

    /// For an organisation's private resources: the caller's role if they belong to it
    /// (platform admins pass with `None`); 404 for outsiders, as for people.
    pub fn member_of(
        &self,
        conn: &mut AnyConnection,
        organisation_id: &str,
    ) -> Result<Option<OrgRole>, ApiError> {
        match self.role_in(conn, organisation_id)? {
            Some(role) => Ok(Some(role)),
            None if self.is_platform_admin() => Ok(None),
            None => Err(ApiError::NotFound),
        }
    }

    /// For things an organisation's owners and admins manage and a key may manage with
    /// `scope` (e.g. webhooks with [`Scope::WebhooksManage`]): outsiders (and keys of other
    /// organisations) 404; members who are not owners or admins 403; a key of this
    /// organisation without `scope` 403 `insufficient_scope`.
    pub fn manage_or_scope(
        &self,
        conn: &mut AnyConnection,
        organisation_id: &str,
        scope: Scope,
    ) -> Result<(), ApiError> {
        match self {
            Actor::Person(user) => match role_of(conn, organisation_id, &user.id)? {
                Some(role) if role.can_manage() => Ok(()),
                Some(_) => Err(ApiError::Forbidden(
                    "Only the organisation's owners and admins can do that.".into(),
                )),
                None => Err(ApiError::NotFound),
            },
            Actor::Key(key) => match key.role_in(organisation_id) {
                Some(_) => key.require_scope(scope),
                None => Err(ApiError::NotFound),
            },
        }
    }
}

impl Caller for Actor {
    fn is_platform_admin(&self) -> bool {
        Actor::is_platform_admin(self)
    }
    fn role_in(
        &self,
        conn: &mut AnyConnection,
        organisation_id: &str,
    ) -> Result<Option<OrgRole>, ApiError> {
        Actor::role_in(self, conn, organisation_id)
    }
}

/// A scope as a type, so a handler can ask for it in its signature: [`Scoped`].
pub trait NeedsScope {
    /// The scope a key must have.
    const SCOPE: Scope;
}

/// The scopes as types, for [`Scoped`].
pub mod needs {
    use super::{NeedsScope, Scope};

    macro_rules! scope_types {
        ($($name:ident),*) => {$(
            #[doc = concat!("Needs `Scope::", stringify!($name), "`.")]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            impl NeedsScope for $name {
                const SCOPE: Scope = Scope::$name;
            }
        )*};
    }
    scope_types!(
        IdeasRead,
        IdeasWrite,
        PledgesRead,
        PledgesWrite,
        WebhooksManage
    );
}

/// An [`Actor`] that, if it is a key, has scope `S`: checked while extracting, before the
/// handler runs, so the check cannot be forgotten. Use `Scoped<needs::WebhooksManage>` in a
/// handler's signature and `.0` for the actor. (Actix polls a handler's extractors
/// together, so a malformed body may still be answered 422 first; nothing is written.)
#[derive(Debug, Clone)]
pub struct Scoped<S>(pub Actor, std::marker::PhantomData<S>);

impl<S> std::ops::Deref for Scoped<S> {
    type Target = Actor;
    fn deref(&self) -> &Actor {
        &self.0
    }
}

impl<S: NeedsScope + 'static> FromRequest for Scoped<S> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let actor = Actor::from_request(req, payload);
        Box::pin(async move {
            let actor = actor.await?;
            actor.require_scope(S::SCOPE)?;
            Ok(Scoped(actor, std::marker::PhantomData))
        })
    }
}

impl MaybeActor {
    /// The actor, after checking that a key has `scope` (403 `insufficient_scope`).
    pub fn scoped(self, scope: Scope) -> Result<Option<Actor>, ApiError> {
        if let Some(actor) = &self.0 {
            actor.require_scope(scope)?;
        }
        Ok(self.0)
    }
}

/// A person from a JWT or the session cookie, or a key from `cc2i_...`; anything unknown is
/// 401. The caller is recorded on the request for the audit log.
async fn actor_from(
    req: HttpRequest,
    state: web::Data<AppState>,
    credential: Credential,
) -> Result<Actor, ApiError> {
    match identify(&req, state, credential).await? {
        Identified::Key(key) => Ok(Actor::Key(key)),
        Identified::Person(user) => {
            may_act(&req, &user)?;
            Ok(Actor::Person(user))
        }
    }
}

impl FromRequest for Actor {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let credential = credential(req);
        let state = state_of(req);
        let req = req.clone();
        Box::pin(async move {
            let credential = credential.ok_or(ApiError::Unauthorized)??;
            actor_from(req, state?, credential).await
        })
    }
}

impl FromRequest for MaybeActor {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let credential = credential(req);
        let state = state_of(req);
        let req = req.clone();
        Box::pin(async move {
            match credential {
                None => Ok(MaybeActor(None)),
                Some(c) => Ok(MaybeActor(Some(actor_from(req, state?, c?).await?))),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cc2i_shared::PlatformRole;

    fn key(scopes: &[Scope]) -> Actor {
        Actor::Key(KeyActor {
            key_id: "k1".into(),
            organisation_id: "org-a".into(),
            scopes: scopes.iter().copied().collect(),
            created_by: "u1".into(),
        })
    }

    fn code(e: ApiError) -> String {
        e.problem().code
    }

    #[test]
    fn a_key_has_exactly_its_scopes() {
        for scope in Scope::ALL {
            let actor = key(&[*scope]);
            for other in Scope::ALL {
                let result = actor.require_scope(*other);
                if other == scope {
                    assert!(result.is_ok());
                } else {
                    let e = result.err().map(|e| e.problem());
                    assert_eq!(e.as_ref().map(|p| p.status), Some(403));
                    assert_eq!(
                        e.as_ref().map(|p| p.code.as_str()),
                        Some("insufficient_scope")
                    );
                    assert!(e.is_some_and(|p| p.detail.contains(other.code())));
                }
            }
        }
    }

    #[test]
    fn webhooks_manage_is_a_scope_of_its_own() {
        assert!(key(&[Scope::WebhooksManage])
            .require_scope(Scope::WebhooksManage)
            .is_ok());
        let everything_else: Vec<Scope> = Scope::ALL
            .iter()
            .copied()
            .filter(|s| *s != Scope::WebhooksManage)
            .collect();
        assert_eq!(
            key(&everything_else)
                .require_scope(Scope::WebhooksManage)
                .err()
                .map(code)
                .as_deref(),
            Some("insufficient_scope")
        );
    }

    #[test]
    fn a_person_passes_scope_checks_and_a_key_is_never_a_person() {
        let person = Actor::Person(AuthUser {
            id: "u2".into(),
            platform_role: PlatformRole::User,
            email_verified: true,
            session_id: None,
            mfa_at: None,
            has_second_factor: false,
            must_enrol: false,
            seen_at: chrono::Utc::now().naive_utc(),
        });
        for scope in Scope::ALL {
            assert!(person.require_scope(*scope).is_ok());
        }
        assert!(person.require_person("Approving needs a person.").is_ok());
        // No factor: a person must enrol first; a key never steps up.
        assert_eq!(
            person.require_step_up().err().map(|e| e.problem().code),
            Some("mfa_enrolment_required".to_string())
        );
        assert!(key(Scope::ALL).require_step_up().is_ok());
        assert_eq!(person.user_id(), "u2");
        let key = key(Scope::ALL);
        assert_eq!(key.user_id(), "u1");
        assert_eq!(key.api_key_id(), Some("k1"));
        assert!(!key.is_platform_admin());
        assert_eq!(
            key.require_person("Approving needs a person.")
                .err()
                .map(code)
                .as_deref(),
            Some("insufficient_scope")
        );
    }

    #[test]
    fn a_key_is_a_member_of_its_own_organisation_only() {
        let Actor::Key(k) = key(&[Scope::IdeasRead]) else {
            unreachable!()
        };
        assert_eq!(k.role_in("org-a"), Some(OrgRole::Member));
        assert_eq!(k.role_in("org-b"), None);
    }
}
