//! Email: each person's cadence, a queue written with every notification, daily and weekly
//! digests, an outbox drained by a background sender (SMTP, or `.eml` files for people
//! running locally), and unsubscribe links that work without signing in.

pub mod account_render;
pub mod digest;
pub mod handlers;
pub mod mailer;
pub mod outbox;
pub mod preferences;
pub mod render;
pub mod unsubscribe;
