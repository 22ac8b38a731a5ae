//! Accounts: registration, sign-in, tokens, throttling and the signed-in user.

pub mod account_handlers;
pub mod account_service;
pub mod account_tokens;
pub mod device;
pub mod extract;
pub mod factors;
pub mod handlers;
pub mod hashing_pool;
pub mod mfa_challenges;
pub mod mfa_handlers;
pub mod mfa_resets;
pub mod passkey_handlers;
pub mod passkeys;
pub mod password;
pub mod principal;
pub mod qr;
pub mod recovery;
pub mod repo;
pub mod requests;
pub mod rows;
pub mod session_handlers;
pub mod sessions;
pub mod sign_in;
pub mod throttle;
pub mod token;
pub mod totp;

pub use extract::{AnyUser, AuthUser, MaybeAuthUser};
pub use factors::SteppedUp;
pub use principal::{needs, Actor, Caller, MaybeActor, Scope, Scoped};
