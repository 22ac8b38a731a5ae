//! Device cookies (OWASP Authentication Cheat Sheet): after a successful sign-in the browser
//! holds `cc2i_device`, a signed note of the account and a random nonce. Sign-in attempts that
//! bring a genuine one for the account they try are from a *known device* and escape the
//! limits an attacker can trigger (see [`super::throttle`]).

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::HttpRequest;

/// The value of the request's device cookie, if it has one.
pub fn value(req: &HttpRequest) -> Option<String> {
    req.cookie(COOKIE).map(|c| c.value().to_string())
}

use crate::secret::{random_token, SigningKey};

/// The cookie's name.
pub const COOKIE: &str = "cc2i_device";
/// How long a browser stays a known device without signing in again: 180 days.
pub const LIFETIME_DAYS: i64 = 180;

/// Signs and checks device cookies.
#[derive(Clone)]
pub struct DeviceKey(SigningKey);

impl DeviceKey {
    /// The key, derived from the service's token secret.
    pub fn derive(secret: &[u8]) -> Self {
        DeviceKey(SigningKey::derive(secret, b"cc2i device cookie v1"))
    }

    /// A new cookie value for `user_id`.
    pub fn issue(&self, user_id: &str) -> String {
        self.0.sign(&format!("{user_id}:{}", random_token()))
    }

    /// The nonce of a device cookie's value, if it is genuine and for `user_id`.
    pub fn nonce_for(&self, value: Option<&str>, user_id: &str) -> Option<String> {
        let payload = self.0.verify(value?)?;
        let (owner, nonce) = payload.split_once(':')?;
        (owner == user_id).then(|| nonce.to_string())
    }
}

/// The `Set-Cookie` for a device cookie: HttpOnly, `SameSite=Lax`, sent only to sign-in.
pub fn cookie(value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path("/api/v1/auth")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(LIFETIME_DAYS))
        .finish()
}
