//! Delivery: starting delivery of a funded idea, milestones with payment shares, and the
//! funders' acceptance that releases each payment and finally marks the idea delivered.

pub mod acceptance;
pub mod events;
pub mod funders;
pub mod handlers;
pub mod repo;
pub mod view;
