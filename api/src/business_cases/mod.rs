//! Versioned business cases: every version immutable; the idea's target follows the current one.

pub mod handlers;
pub mod repo;
