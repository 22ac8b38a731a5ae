//! The CC2i single-page app: GOV.UK-style pages over the CC2i API.
//!
//! The app ships as several wasm bundles (one binary each in `src/bin/`), so a first load
//! fetches only the pages of one area; [`bundles`] says which pages each holds.

mod api;
mod app;
pub mod bundles;
mod business_case_json;
mod case_draft;
mod case_forms;
mod components;
mod dates;
mod discussion;
mod form_errors;
mod idea_details;
mod loading;
mod pages;
mod route_paths;
mod router;
mod session;
mod title;
mod units;
mod viewer;
mod vocabulary;
mod webauthn;

/// Renders the app with the pages of one bundle; a route another bundle holds is reached by
/// loading that page in full.
pub fn start(pages: bundles::Pages) {
    app::start(pages);
}
