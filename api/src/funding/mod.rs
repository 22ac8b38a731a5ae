//! Funding progress, closing ideas (by hand and on schedule), commitments and the ledger.

pub mod handlers;
pub mod scheduler;
