//! Invitations: the proposer's owners and admins invite organisations and people to an idea.

pub mod handlers;
pub mod repo;
