//! Signed webhooks: organisations' endpoints, the outbox of events written with their
//! causes, and the sender that delivers them with retries.

pub mod access;
pub mod deliveries;
pub mod events;
pub mod handlers;
pub mod outbox;
pub mod repo;
pub mod sender;
pub mod signature;
