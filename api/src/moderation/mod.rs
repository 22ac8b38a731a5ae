//! Moderation of questions and updates: reports from people, hiding at three organisations'
//! reports, and platform staff's decisions to hide or restore.

pub mod admin;
pub mod queue;
pub mod reports;
pub mod state;
