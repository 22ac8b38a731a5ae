//! Re-use: the public catalogue of delivered ideas, adoption by other verified
//! organisations (maker-checker, as for pledges) for a fee that falls as adopters join,
//! the re-use dividend paid back to the original funders, and each organisation's
//! funding summary.

pub mod adoptions;
pub mod approval;
pub mod catalogue;
pub mod events;
pub mod repo;
pub mod summary;
