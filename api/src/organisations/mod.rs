//! Organisations and their members.

pub mod access;
pub mod handlers;
pub mod members;
pub mod membership_handlers;
pub mod membership_invitations;
pub mod repo;
pub mod rows;
