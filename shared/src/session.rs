//! Browser sessions: signing in to a cookie, and the list of one's sessions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::User;

/// A browser session just started (or the current one). The session itself is in an
/// `HttpOnly` cookie the page cannot read; writes authenticated by it must send `csrf_token`
/// in the `X-CSRF-Token` header (it is also in the `cc2i_csrf` cookie).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BrowserSession {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// When the session ends however busy it is (12 hours after signing in).
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub expires_at: DateTime<Utc>,
    /// It also ends after this many seconds unused.
    pub idle_timeout_seconds: i64,
    /// The account.
    pub user: User,
}

/// One of the signed-in person's browser sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SessionInfo {
    /// Opaque id, to sign this session out.
    pub id: String,
    /// The browser and system, such as "Firefox on Windows".
    pub device: String,
    /// The address it signed in from.
    pub ip: String,
    /// When it signed in.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// When it was last used (to the minute).
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub last_used_at: DateTime<Utc>,
    /// True for the session this request came with.
    pub current: bool,
}
