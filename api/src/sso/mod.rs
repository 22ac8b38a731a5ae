//! Single sign-on through an organisation's own OpenID Connect provider (Microsoft Entra ID,
//! Google Workspace and others): its owners set it up ([`handlers`]); its people sign in
//! through it ([`sign_in_handlers`]).

pub mod handlers;
pub mod provider;
pub mod repo;
pub mod secret_box;
pub mod service;
pub mod sign_in_handlers;
