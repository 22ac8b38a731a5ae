//! Organisation API keys: made and revoked by owners and admins, used by machines as
//! `Authorization: Bearer cc2i_...` within their scopes (see `auth::principal`).

pub mod auth;
pub mod handlers;
pub mod repo;
pub mod secret;
