//! The one function that talks to the CC2i API, and the errors it returns.

use cc2i_shared::Problem;
use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::session;

/// Why a request failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The API refused the request and said why (`application/problem+json`).
    Problem(Problem),
    /// The API refused the session's token (401): the user must sign in again.
    SignedOut,
    /// The request never reached the API, or its answer made no sense.
    Failed(String),
}

impl ClientError {
    /// The problem's stable code, if the API sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Problem(problem) => Some(&problem.code),
            _ => None,
        }
    }
}

/// A request that failed for a reason the user cannot act on. The reason is a fixed text:
/// formatting the underlying error would bring its `Display` code into every bundle, and no
/// page shows it (they say "Sorry, there is a problem with the service").
pub fn failed(reason: &'static str) -> ClientError {
    ClientError::Failed(reason.into())
}

/// For requests without a body.
pub const NO_BODY: Option<&()> = None;

/// A fresh `Idempotency-Key`: the time and two random numbers of ten base-36 digits each,
/// about 30 characters of `[a-z0-9-]`.
pub fn new_idempotency_key() -> String {
    let random = || 36_u64.pow(9) + (js_sys::Math::random() * 1e14) as u64;
    format!(
        "{}-{}-{}",
        radix36(js_sys::Date::now() as u64),
        radix36(random()),
        radix36(random())
    )
}

fn radix36(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// Percent-encodes one path segment, such as an id taken from the address bar.
pub fn segment(raw: &str) -> String {
    String::from(js_sys::encode_uri_component(raw))
}

/// Sends `method /api/v1{path}` with the session's bearer token and an optional JSON body.
///
/// A 2xx answer is decoded as `T` (an empty body, as with 204, decodes as `null`, so `()` fits).
/// A problem+json answer becomes [`ClientError::Problem`], except that a 401 to a request that
/// carried a token means the session is over: the token is dropped and [`ClientError::SignedOut`]
/// returned. A 401 `invalid_credentials` is a wrong password, not a dead session.
pub async fn request<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<T, ClientError> {
    request_with_key(method, path, body, None).await
}

/// [`request`] with an `Idempotency-Key` header, so a retry after a network error is not
/// taken for a second request.
pub async fn request_with_key<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    idempotency_key: Option<&str>,
) -> Result<T, ClientError> {
    let body = match body {
        Some(body) => Some(
            serde_json::to_string(body).map_err(|_| failed("the request could not be encoded"))?,
        ),
        None => None,
    };
    let text = send(method, path, body, idempotency_key).await?;
    let text = if text.trim().is_empty() {
        "null"
    } else {
        &text
    };
    serde_json::from_str(text).map_err(|_| failed("the answer was not what was expected"))
}

/// Sends `method /api/v1{path}` with no body and returns the text of a 2xx answer, with the
/// errors of [`request`].
pub async fn send_text(method: Method, path: &str) -> Result<String, ClientError> {
    send(method, path, None, None).await
}

/// The part of [`request`] that does not depend on the types, so it is compiled once: sends
/// the request and returns the body of a 2xx answer.
async fn send(
    method: Method,
    path: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
) -> Result<String, ClientError> {
    exchange(
        method,
        path,
        body,
        idempotency_key,
        "application/json, application/problem+json",
    )
    .await?
    .text()
    .await
    .map_err(|_| failed("the request failed"))
}

/// GETs `/api/v1{path}` with the session's bearer token and returns the body's bytes as
/// sent (a CSV keeps its byte-order mark), with the same errors as [`request`].
pub async fn download(path: &str, accept: &str) -> Result<Vec<u8>, ClientError> {
    exchange(
        Method::GET,
        path,
        None,
        None,
        &format!("{accept}, application/problem+json"),
    )
    .await?
    .binary()
    .await
    .map_err(|_| failed("the request failed"))
}

/// Sends the request; a 2xx answer is returned unread, any other becomes the error.
async fn exchange(
    method: Method,
    path: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
    accept: &str,
) -> Result<gloo_net::http::Response, ClientError> {
    let mut builder = RequestBuilder::new(&format!("/api/v1{path}"))
        .method(method.clone())
        .header("Accept", accept);
    if let Some(key) = idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    // The session cookie goes by itself (same origin); a write carries its CSRF token.
    let csrf = session::csrf_token();
    if let (Some(csrf), false) = (&csrf, matches!(method, Method::GET | Method::HEAD)) {
        builder = builder.header("X-CSRF-Token", csrf);
    }
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
    .map_err(|_| failed("the request failed"))?;
    let response = request
        .send()
        .await
        .map_err(|_| failed("the request failed"))?;
    let status = response.status();
    if (200..300).contains(&status) {
        return Ok(response);
    }
    let is_problem = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.starts_with("application/problem+json"));
    let text = response
        .text()
        .await
        .map_err(|_| failed("the request failed"))?;
    let problem = if is_problem {
        serde_json::from_str::<Problem>(&text).ok()
    } else {
        None
    };
    // Answers to signing in, not to a dead session.
    let refused_credentials = problem.as_ref().is_some_and(|p| {
        matches!(
            p.code.as_str(),
            "invalid_credentials" | "mfa_required" | "mfa_challenge_invalid"
        )
    });
    if status == 401 && csrf.is_some() && !refused_credentials {
        session::forget();
        return Err(ClientError::SignedOut);
    }
    match problem {
        Some(problem) => Err(ClientError::Problem(problem)),
        None => Err(ClientError::Failed(format!("the API answered {status}"))),
    }
}
