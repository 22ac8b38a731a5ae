//! Sector radar: profiles from the database, scored by `shared::radar::fit`.

pub mod audience;
pub mod handlers;
pub mod profiles;
pub mod recommend;
