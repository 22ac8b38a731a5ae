//! The CC2i single-page app: GOV.UK-style pages over the CC2i API.

mod api;
mod app;
mod case_draft;
mod case_forms;
mod components;
mod dates;
mod discussion;
mod form_errors;
mod idea_details;
mod loading;
mod pages;
mod session;
mod title;
mod units;
mod viewer;
mod vocabulary;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
