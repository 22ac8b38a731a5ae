//! The CC2i wire contract and pure domain rules.
//!
//! Compiled by the API server and by the browser (wasm32), so nothing here does I/O.

pub mod api_key;
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
pub mod moderation;
pub mod money;
pub mod notification;
pub mod organisation;
pub mod page;
pub mod password;
pub mod pledge;
pub mod problem;
pub mod radar;
pub mod reuse;
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
