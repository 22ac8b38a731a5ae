//! One integration binary; a module per area. Every test runs against its own server and
//! database, on SQLite by default and on PostgreSQL when `TEST_DATABASE_URL` is set.
#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod accounts;
mod api_keys;
mod audit_log;
mod authz_matrix;
mod backlog;
mod business_cases;
mod closing;
mod concurrency;
mod contract;
mod contract_bounds;
mod contract_fuzzing;
mod crash;
mod delivery;
mod discovery;
mod discussion;
mod email;
mod embed;
mod errors;
mod exports;
mod idea_lifecycle;
mod ideas;
mod idempotency;
mod invitations;
mod ledger;
mod limits;
mod members;
mod metrics;
mod migrations;
mod milestones;
mod moderation;
mod notifications;
mod ocds;
mod operations;
mod organisations;
mod pledge_approval;
mod pledges;
mod radar;
mod reuse;
mod scale;
mod smtp;
mod throttling;
mod tokens;
mod webhooks;
