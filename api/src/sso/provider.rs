//! The OpenID Connect exchange with an organisation's provider, through the `openidconnect`
//! crate: discovery, the key set and the token request all go through the outbound guard
//! ([`crate::outbound::exchange`]); the ID token's signature, issuer, audience, expiry (on the
//! service's clock) and nonce are checked by the crate.

use chrono::{DateTime, Utc};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// One organisation's provider, as CC2i is registered with it.
pub struct Provider {
    /// The issuer URL.
    pub issuer: String,
    /// CC2i's client id there.
    pub client_id: String,
    /// CC2i's client secret there (decrypted).
    pub client_secret: String,
    /// `{public_url}/api/v1/auth/sso/callback`.
    pub redirect_uri: String,
    /// Loopback and private addresses allowed (`CC2I_OUTBOUND_ALLOW_PRIVATE`).
    pub allow_private: bool,
}

/// Why a sign-in through the provider failed: each is a stable code for the sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The provider's discovery document or keys could not be fetched or read.
    Unreachable,
    /// The code was refused, or the ID token's signature or claims are not right.
    TokenInvalid,
    /// The ID token answers another sign-in (its nonce is not this one's).
    NonceInvalid,
}

impl Failure {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Failure::Unreachable => "sso_provider_unavailable",
            Failure::TokenInvalid => "sso_token_invalid",
            Failure::NonceInvalid => "sso_nonce_invalid",
        }
    }
}

/// The provider's discovery document (with its key set), fetched through the guard. The
/// error says why, for the person setting it up.
pub async fn discover(issuer: &str, allow_private: bool) -> Result<CoreProviderMetadata, String> {
    let issuer_url =
        IssuerUrl::new(issuer.trim().to_string()).map_err(|e| format!("not a URL: {e}"))?;
    let http = |request| crate::outbound::exchange(request, allow_private);
    CoreProviderMetadata::discover_async(issuer_url, &http)
        .await
        .map_err(|e| describe(&e))
}

fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A sign-in sent to the provider: its URL, and what must be kept to check the answer.
pub struct Authorization {
    /// Where to send the browser.
    pub url: String,
    /// The `state` sent.
    pub state: String,
    /// The `nonce` sent.
    pub nonce: String,
    /// The PKCE verifier (S256).
    pub pkce_verifier: String,
}

fn client(
    p: &Provider,
    metadata: CoreProviderMetadata,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    Failure,
> {
    let redirect = RedirectUrl::new(p.redirect_uri.clone()).map_err(|_| Failure::Unreachable)?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(p.client_id.clone()),
        Some(ClientSecret::new(p.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// The authorization request (code flow, PKCE S256, fresh `state` and `nonce`, scopes
/// `openid email profile`, the person's address as `login_hint`).
pub async fn authorize(p: &Provider, login_hint: &str) -> Result<Authorization, Failure> {
    let metadata = discover(&p.issuer, p.allow_private).await.map_err(|e| {
        tracing::warn!(issuer = %p.issuer, error = %e, "single sign-on: discovery failed");
        Failure::Unreachable
    })?;
    let client = client(p, metadata)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .add_extra_param("login_hint", login_hint.to_string())
        .url();
    Ok(Authorization {
        url: url.to_string(),
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
    })
}

/// What the provider asserts about the person, from a verified ID token.
#[derive(Debug, Clone)]
pub struct Asserted {
    /// The issuer (as configured).
    pub issuer: String,
    /// The person's subject at the issuer.
    pub subject: String,
    /// Their email address, if the token carries one.
    pub email: Option<String>,
    /// True when the provider says it verified the address (`email_verified`, or Entra ID's
    /// `xms_edov`).
    pub email_verified: bool,
    /// Their name, if given.
    pub name: Option<String>,
    /// True when `amr` says more than one factor was used.
    pub multi_factor: bool,
}

/// Redeems the code (with the PKCE verifier) and verifies the ID token against the nonce,
/// with `now` as the time for its expiry.
pub async fn redeem(
    p: &Provider,
    code: &str,
    pkce_verifier: &str,
    nonce: &str,
    now: DateTime<Utc>,
) -> Result<Asserted, Failure> {
    let metadata = discover(&p.issuer, p.allow_private).await.map_err(|e| {
        tracing::warn!(issuer = %p.issuer, error = %e, "single sign-on: discovery failed");
        Failure::Unreachable
    })?;
    let client = client(p, metadata)?;
    let allow_private = p.allow_private;
    let http = |request| crate::outbound::exchange(request, allow_private);
    let tokens = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(|_| Failure::Unreachable)?
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
        .request_async(&http)
        .await
        .map_err(|e| {
            tracing::info!(issuer = %p.issuer, error = %describe(&e), "single sign-on: code refused");
            Failure::TokenInvalid
        })?;
    let id_token = tokens.id_token().ok_or(Failure::TokenInvalid)?;
    let verifier = client.id_token_verifier().set_time_fn(move || now);
    let claims = id_token
        .claims(&verifier, &Nonce::new(nonce.to_string()))
        .map_err(|e| {
            tracing::info!(issuer = %p.issuer, error = %e, "single sign-on: ID token refused");
            match e {
                ClaimsVerificationError::InvalidNonce(_) => Failure::NonceInvalid,
                _ => Failure::TokenInvalid,
            }
        })?;
    let amr: Vec<String> = claims
        .auth_method_refs()
        .map(|list| list.iter().map(|m| m.to_string()).collect())
        .unwrap_or_default();
    let extra = payload(&id_token.to_string());
    let entra_verified = extra
        .get("xms_edov")
        .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true") || v == 1);
    Ok(Asserted {
        issuer: p.issuer.clone(),
        subject: claims.subject().to_string(),
        email: claims.email().map(|e| e.to_string()),
        email_verified: claims.email_verified() == Some(true) || entra_verified,
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string()),
        multi_factor: cc2i_shared::sso::amr_is_multi_factor(&amr),
    })
}

/// The claims of a JWT whose signature was already verified (for claims the crate does not
/// model, such as Entra ID's `xms_edov`).
fn payload(jwt: &str) -> serde_json::Map<String, serde_json::Value> {
    jwt.split('.')
        .nth(1)
        .and_then(|part| URL_SAFE_NO_PAD.decode(part).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}
