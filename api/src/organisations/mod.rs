//! Organisations and their members.

pub mod handlers;
pub mod members;
pub mod repo;
pub mod rows;
