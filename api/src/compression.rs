//! Which responses `Compress` leaves alone: bodies under [`MIN_BODY`] bytes.
//!
//! actix-web's `Compress` compresses every body a client will take compressed. For a small
//! JSON answer that costs more than it saves: setting up a deflate or brotli state means
//! allocating and clearing hundreds of kilobytes, which took more time than the rest of
//! `/healthz` put together. [`keep_small_plain`] runs inside `Compress` and marks a small
//! body `Content-Encoding: identity`, which `Compress` respects; [`unmark`] runs outside it
//! and takes the mark off again, so no client ever sees it.

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{HeaderValue, CONTENT_ENCODING};

/// Bodies shorter than this are sent as they are.
pub const MIN_BODY: u64 = 1024;

const IDENTITY: HeaderValue = HeaderValue::from_static("identity");

/// Inside `Compress`: marks a small body of known size to be sent as it is.
pub fn keep_small_plain<B: MessageBody>(res: &mut ServiceResponse<B>) {
    let small = matches!(res.response().body().size(), BodySize::Sized(n) if n < MIN_BODY);
    if small && !res.headers().contains_key(CONTENT_ENCODING) {
        res.headers_mut().insert(CONTENT_ENCODING, IDENTITY);
    }
}

/// Outside `Compress`: removes the mark [`keep_small_plain`] left.
pub fn unmark<B>(res: &mut ServiceResponse<B>) {
    if res.headers().get(CONTENT_ENCODING) == Some(&IDENTITY) {
        res.headers_mut().remove(CONTENT_ENCODING);
    }
}
