//! Pledges, the rules that keep the counting totals and the ledger in step, and idempotency.

pub mod actions;
pub mod engine;
pub mod events;
pub mod handlers;
pub mod idempotency;
pub mod ledger;
pub mod milestones;
pub mod repo;
pub mod review;
pub mod rows;
