//! What every handler can reach: the database, the configuration and the token keys.

use std::sync::Arc;

use crate::auth::password::PasswordHasher;
use crate::auth::token::TokenKeys;
use crate::config::Config;
use crate::db::Db;
use crate::email::mailer::Mailer;
use crate::ideas::list_cache::ListCache;
use crate::metrics::Metrics;

/// Shared application state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pools.
    pub db: Db,
    /// The configuration the service started with.
    pub config: Arc<Config>,
    /// Signs and checks access tokens.
    pub tokens: Arc<TokenKeys>,
    /// Signs and checks device cookies (sign-in throttling).
    pub devices: Arc<crate::auth::device::DeviceKey>,
    /// The WebAuthn relying party (passkeys), when `CC2I_PUBLIC_URL` is on a domain name.
    pub webauthn: Option<Arc<webauthn_rs::Webauthn>>,
    /// Encrypts identity providers' client secrets.
    pub sso_box: Arc<crate::sso::secret_box::SecretBox>,
    /// Hashes and checks passwords.
    pub passwords: Arc<PasswordHasher>,
    /// Builds and sends email; signs unsubscribe links.
    pub mailer: Arc<Mailer>,
    /// Recently served pages of the public idea list, until the next write.
    pub idea_lists: Arc<ListCache>,
    /// Set on `SIGTERM`: `/readyz` fails from then on while requests in progress finish.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
    /// Requests answered by this process, for `/metrics`.
    pub metrics: Arc<Metrics>,
}
