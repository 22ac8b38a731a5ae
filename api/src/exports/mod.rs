//! CSV exports of pledges and commitments.

pub mod csv;
pub mod handlers;
