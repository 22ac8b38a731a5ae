//! Ideas: drafting, review, publication, withdrawal and discovery.

pub mod access;
pub mod handlers;
pub mod lifecycle;
pub mod list;
pub mod list_cache;
pub mod repo;
pub mod rows;
