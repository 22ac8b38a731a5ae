//! Extractors for request bodies and queries that fail as problem+json, never as a 500.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::BytesMut;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::ApiError;
use cc2i_shared::problem::field_errors;
use cc2i_shared::FieldErrors;

/// Bodies are limited to this many bytes unless a route sets its own [`JsonLimit`].
pub const DEFAULT_JSON_LIMIT: usize = 64 * 1024;

/// How long a body may take to arrive when the configuration is not at hand.
const DEFAULT_BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A per-route body limit, set with `.app_data(JsonLimit(n))`.
#[derive(Clone, Copy, Debug)]
pub struct JsonLimit(pub usize);

/// A JSON body that was read within its limit, parsed strictly and validated.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<JsonLimit>()
            .map_or(DEFAULT_JSON_LIMIT, |l| l.0);
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| {
                let v = v.trim().to_ascii_lowercase();
                v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
            })
            .unwrap_or(false);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let timeout = req
            .app_data::<actix_web::web::Data<crate::state::AppState>>()
            .map_or(DEFAULT_BODY_TIMEOUT, |s| {
                std::time::Duration::from_millis(s.config.request_body_timeout_ms)
            });
        let mut payload = payload.take();
        Box::pin(async move {
            if declared.is_some_and(|n| n > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let read = async {
                let mut body = BytesMut::new();
                while let Some(chunk) = payload.next().await {
                    let chunk = chunk.map_err(|_| ApiError::BadRequest {
                        code: "invalid_body",
                        detail: "The request body could not be read.".into(),
                    })?;
                    if body.len() + chunk.len() > limit {
                        return Err(ApiError::PayloadTooLarge { limit });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(body)
            };
            let body = tokio::time::timeout(timeout, read)
                .await
                .map_err(|_| ApiError::RequestTimeout)??;
            let value: T = parse_json(&body)?;
            validate(&value)?;
            Ok(ValidJson(value))
        })
    }
}

/// A query string parsed strictly (unknown parameters refused) and validated.
#[derive(Debug)]
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).and_then(|value: T| {
            validate(&value)?;
            Ok(ValidQuery(value))
        }))
    }
}

fn validate<T: Validate>(value: &T) -> Result<(), ApiError> {
    value
        .validate()
        .map_err(|e| ApiError::Validation(field_errors(&e)))
}

/// Parses JSON, reporting data errors per field (422) and syntax errors as 400.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    refuse_nul(body)?;
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{')
        && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
    {
        let mut errors = FieldErrors::new();
        errors.insert("body".into(), vec!["must be a JSON object".into()]);
        return Err(ApiError::Validation(errors));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                ApiError::Validation(data_error(&path, &inner.to_string()))
            }
            serde_json::error::Category::Eof if body.iter().all(u8::is_ascii_whitespace) => {
                ApiError::BadRequest {
                    code: "invalid_json",
                    detail: "The request body is empty; send a JSON object.".into(),
                }
            }
            _ => ApiError::BadRequest {
                code: "invalid_json",
                detail: format!(
                    "The request body is not valid JSON (line {}, column {}).",
                    inner.line(),
                    inner.column()
                ),
            },
        }
    })?;
    de.end().map_err(|_| ApiError::BadRequest {
        code: "invalid_json",
        detail: "The request body has trailing characters after the JSON value.".into(),
    })?;
    Ok(value)
}

/// Text never holds NUL characters (PostgreSQL cannot store them): a string with `\u0000`
/// is refused on its field.
fn refuse_nul(body: &[u8]) -> Result<(), ApiError> {
    fn find(value: &serde_json::Value, path: &str) -> Option<String> {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        match value {
            serde_json::Value::String(s) if s.contains('\0') => Some(if path.is_empty() {
                "body".into()
            } else {
                path.into()
            }),
            serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, path)),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
                if k.contains('\0') {
                    Some(join("body"))
                } else {
                    find(v, &join(k))
                }
            }),
            _ => None,
        }
    }
    let escaped = body
        .windows(6)
        .any(|w| w[0] == b'\\' && w[1..].eq_ignore_ascii_case(b"u0000"));
    if !escaped {
        return Ok(());
    }
    match serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| find(&v, ""))
    {
        Some(field) => Err(ApiError::field(&field, "must not contain NUL characters")),
        None => Ok(()),
    }
}

fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    if let Some((name, _)) =
        form_urlencoded::parse(query.as_bytes()).find(|(k, v)| k.contains('\0') || v.contains('\0'))
    {
        return Err(ApiError::field(&name, "must not contain NUL characters"));
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        ApiError::Validation(data_error(&path, &e.into_inner().to_string()))
    })
}

/// Rust type names in serde messages, in words.
fn plain_type(expected: &str) -> &str {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" | "bool" => "true or false",
        other => other,
    }
}

/// Turns a serde message into a field name and a message fit for a person.
fn data_error(path: &str, message: &str) -> FieldErrors {
    let message = message.split(" at line ").next().unwrap_or(message);
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_string).unwrap_or_default();
    let join = |field: &str| match path {
        "." | "" => field.to_string(),
        p => format!("{p}.{field}"),
    };
    let (field, text) = if message.starts_with("missing field") {
        (join(&quoted(message)), "is required".to_string())
    } else if message.starts_with("unknown field") {
        // serde_path_to_error already puts the unknown key at the end of the path.
        let field = if matches!(path, "." | "") {
            quoted(message)
        } else {
            path.to_string()
        };
        (field, "is not a recognised field".to_string())
    } else {
        // An element of a list of plain values is reported on the list: `service_areas`.
        let path = match path.rfind('[') {
            Some(i) if path.ends_with(']') => &path[..i],
            _ => path,
        };
        let field = if matches!(path, "." | "") {
            "body".to_string()
        } else {
            path.to_string()
        };
        let text = if let Some(allowed) = message.split("expected one of ").nth(1) {
            format!("must be one of: {}", allowed.replace('`', ""))
        } else if let Some(expected) = message
            .strip_prefix("invalid type: ")
            .and_then(|m| m.split(", expected ").nth(1))
        {
            format!("must be {}", plain_type(expected))
        } else if message.starts_with("invalid digit") || message.starts_with("number too large") {
            "must be a whole number".to_string()
        } else if message.starts_with("provided string was not") {
            "must be true or false".to_string()
        } else if let Some(expected) = message.split(", expected ").nth(1) {
            format!("must be {expected}")
        } else {
            "is not valid".to_string()
        };
        (field, text)
    };
    let mut errors = FieldErrors::new();
    errors.insert(field, vec![text]);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use cc2i_shared::CreateOrganisation;

    fn fields(err: ApiError) -> FieldErrors {
        match err {
            ApiError::Validation(f) => f,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_enum_values_are_reported_on_their_field() {
        let body =
            br#"{"name":"X Council","kind":"council","region":"london","identifier":"GB-LAE-XYZ"}"#;
        let errors = fields(parse_json::<CreateOrganisation>(body).unwrap_err());
        assert!(errors["kind"][0].starts_with("must be one of: local_authority"));
    }

    #[test]
    fn unknown_and_missing_fields_are_named() {
        let errors = fields(parse_json::<CreateOrganisation>(br#"{"nme":"x"}"#).unwrap_err());
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["nme"]);
        let errors = fields(parse_json::<CreateOrganisation>(br#"{"name":"x"}"#).unwrap_err());
        assert_eq!(errors["kind"], ["is required"]);
    }

    #[test]
    fn syntax_errors_are_bad_requests() {
        assert!(matches!(
            parse_json::<CreateOrganisation>(b"{nope"),
            Err(ApiError::BadRequest {
                code: "invalid_json",
                ..
            })
        ));
        assert!(matches!(
            parse_json::<CreateOrganisation>(b""),
            Err(ApiError::BadRequest { .. })
        ));
    }

    #[test]
    fn query_numbers_and_unknown_parameters_are_field_errors() {
        let errors =
            fields(parse_query::<cc2i_shared::OrganisationQuery>("limit=abc").unwrap_err());
        assert_eq!(errors["limit"], ["must be a whole number"]);
        let errors =
            fields(parse_query::<cc2i_shared::OrganisationQuery>("colour=red").unwrap_err());
        assert!(errors.contains_key("colour"));
    }
}
