//! The CC2i single-page app: GOV.UK-style pages over the CC2i API.

mod api;
mod app;
mod components;
mod dates;
mod form_errors;
mod pages;
mod session;
mod title;
mod vocabulary;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
