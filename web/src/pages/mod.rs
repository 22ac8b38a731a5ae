//! One routed page per file.

pub mod account;
pub mod home;
pub mod new_organisation;
pub mod not_found;
pub mod organisation;
pub mod organisations;
pub mod register;
pub mod sign_in;
pub mod sign_out;
