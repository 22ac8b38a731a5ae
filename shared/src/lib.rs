//! The CC2i wire contract and pure domain rules.
//!
//! Compiled by the API server and by the browser (wasm32), so nothing here does I/O.

/// The JSON Schema `pattern` of text that must not be blank: at least one character that is not
/// Unicode White_Space (what `str::trim` removes). Spelled out rather than `\S`, whose meaning
/// differs between regex dialects (ECMA-262 counts U+FEFF as a space and U+0085 as not).
/// `#[schema(pattern = ...)]` takes a literal: the contract tests check each one equals this.
pub const NOT_BLANK_PATTERN: &str =
    r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

pub mod account;
pub mod api_key;
pub mod audit;
pub mod auth;
pub mod backlog;
pub mod business_case;
pub mod delivery;
pub mod discussion;
pub mod fair_share;
pub mod idea;
pub mod identifier;
pub mod invitation;
pub mod jobs;
pub mod lifecycle;
pub mod membership;
pub mod mfa;
pub mod moderation;
pub mod money;
pub mod notification;
pub mod organisation;
pub mod page;
pub mod passkey;
pub mod password;
pub mod pledge;
pub mod problem;
pub mod radar;
pub mod reuse;
pub mod session;
pub mod sso;
pub mod taxonomy;
#[cfg(test)]
mod test_random;
#[cfg(any(target_arch = "wasm32", test))]
pub mod wasm_dates;
pub mod webhook;

pub use auth::*;
pub use organisation::*;
pub use page::Page;
pub use problem::{FieldErrors, Problem};
pub use taxonomy::{OrgKind, Region, ServiceArea};
