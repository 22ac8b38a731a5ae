//! One routed page per file.

pub mod account;
pub mod approvals;
pub mod audience;
pub mod backlog;
pub mod case_task;
pub mod check_answers;
pub mod edit_idea;
pub mod funding_history;
pub mod home;
pub mod idea;
pub mod idea_submitted;
pub mod idea_tasks;
pub mod ideas;
pub mod invitations;
pub mod moderation;
pub mod new_idea;
pub mod new_organisation;
pub mod not_found;
pub mod notifications;
pub mod organisation;
pub mod organisations;
pub mod register;
pub mod review_queue;
pub mod sign_in;
pub mod sign_out;
