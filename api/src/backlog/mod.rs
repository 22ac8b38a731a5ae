//! The funders' backlog: requirements that funders and the proposer add, funders' votes on
//! them (one per organisation per requirement, weighed by the idea's voting model), and the
//! proposer's decisions on them, with every status kept.
//!
//! Who may do what:
//! - read: anyone who may see the idea;
//! - add: any member of a funding organisation (a pledge that counts: active with its
//!   condition met, or committed) or of the proposing organisation;
//! - vote and retract: any member of a funding organisation, for that organisation (votes
//!   steer priorities and commit no money, so they need no owner or admin; who voted is
//!   recorded). Retracting needs only membership, so a former funder can take its vote back;
//! - set statuses and the voting model: owners and admins of the proposing organisation.

pub mod access;
pub mod events;
pub mod handlers;
pub mod repo;
pub mod rows;
pub mod votes;
pub mod voting_model;
