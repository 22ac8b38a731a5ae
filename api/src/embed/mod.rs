//! Embedding ideas in other sites: a self-contained widget page for iframes, the script
//! that places it, an SVG badge and oEmbed. These pages may be framed by any site; every
//! other page refuses framing (see [`crate::security::headers`]).

pub mod badge;
pub mod handlers;
pub mod oembed;
pub mod snapshot;
pub mod widget;
