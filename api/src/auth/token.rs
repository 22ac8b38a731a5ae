//! Access tokens: HS256 JWTs with every registered claim required and checked.

use jsonwebtoken::{
    decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation,
};
use serde::{Deserialize, Serialize};

/// The audience every CC2i token is for.
pub const AUDIENCE: &str = "cc2i-api";
/// The key id in every token's header; any other is refused.
pub const KEY_ID: &str = "cc2i-hs256-1";

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// Issuer: the service's public URL.
    pub iss: String,
    /// Audience: [`AUDIENCE`].
    pub aud: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Not before.
    pub nbf: i64,
    /// Expires at.
    pub exp: i64,
    /// The user's token version when issued; changing the password increments it.
    pub ver: i64,
    /// When the person last used a second factor for this token (seconds since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_at: Option<i64>,
}

/// Signs and verifies tokens with one pinned algorithm and key.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    ttl_seconds: i64,
}

impl TokenKeys {
    /// Keys from the shared secret.
    pub fn new(secret: &[u8], issuer: &str, ttl_seconds: i64) -> Self {
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            issuer: issuer.to_string(),
            ttl_seconds,
        }
    }

    /// Seconds a new token lives.
    pub fn ttl_seconds(&self) -> i64 {
        self.ttl_seconds
    }

    /// A signed token for `user_id` at `version`; `mfa_at` when a second factor was just used.
    pub fn issue(
        &self,
        user_id: &str,
        version: i64,
        mfa_at: Option<i64>,
    ) -> Result<String, String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            iss: self.issuer.clone(),
            aud: AUDIENCE.to_string(),
            iat: now,
            nbf: now,
            exp: now + self.ttl_seconds,
            ver: version,
            mfa_at,
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(KEY_ID.to_string());
        encode(&header, &claims, &self.encoding).map_err(|e| format!("token signing failed: {e}"))
    }

    /// The claims of a valid token, or `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let header = decode_header(token).ok()?;
        if header.alg != Algorithm::HS256 || header.kid.as_deref() != Some(KEY_ID) {
            return None;
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        let claims = decode::<Claims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        (claims.iat <= chrono::Utc::now().timestamp() + validation.leeway as i64).then_some(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"0123456789abcdef0123456789abcdef", "http://cc2i.test", 900)
    }

    #[test]
    fn a_fresh_token_verifies() {
        let token = keys().issue("u1", 3, None).unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.ver), ("u1", 3));
    }

    #[test]
    fn another_issuer_or_key_is_refused() {
        let token = keys().issue("u1", 1, None).unwrap();
        assert!(
            TokenKeys::new(b"0123456789abcdef0123456789abcdef", "http://evil", 900)
                .verify(&token)
                .is_none()
        );
        assert!(
            TokenKeys::new(b"another-secret-another-secret-xx", "http://cc2i.test", 900)
                .verify(&token)
                .is_none()
        );
        assert!(keys().verify(&token[..token.len() - 2]).is_none());
    }
}
