//! The in-app notification feed, and the events that fill it.

pub mod handlers;
pub mod repo;
