//! One error type; every error leaves the service as RFC 9457 `application/problem+json`.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use cc2i_shared::{FieldErrors, Problem};

/// Everything that can go wrong in a request, with one status table below.
#[derive(Debug)]
pub enum ApiError {
    /// The body or query failed validation: 422 with messages per field.
    Validation(FieldErrors),
    /// The request could not be read (bad JSON and the like): 400.
    BadRequest { code: &'static str, detail: String },
    /// No valid access token: 401.
    Unauthorized,
    /// Wrong email or password: 401.
    InvalidCredentials,
    /// The password was right and a second factor is needed: 401 with the token for the
    /// second step.
    MfaRequired {
        /// For the second step.
        token: String,
        /// The factors the person can use (`totp`, `passkey`), space-separated.
        factors: String,
    },
    /// The second step's token is unknown, used or expired: 401 (sign in again).
    MfaChallengeInvalid,
    /// The action needs a second factor used within the last ten minutes: 403
    /// `mfa_required` with hint `step_up`.
    StepUpRequired,
    /// The person must add a second factor before acting: 403 `mfa_enrolment_required` with
    /// hint `enrol`.
    SecondFactorNeeded,
    /// Signed in but not allowed: 403.
    Forbidden(String),
    /// Signed in but not allowed, with a specific code: 403.
    Denied { code: &'static str, detail: String },
    /// Missing, or someone else's private resource: 404.
    NotFound,
    /// A named thing that must exist does not: 404 with its own code.
    Missing { code: &'static str, detail: String },
    /// No such route: 404.
    RouteNotFound,
    /// The route exists but not for this method: 405.
    MethodNotAllowed,
    /// Well-formed but refused for a reason other than its fields: 422 with its own code.
    Unprocessable { code: &'static str, detail: String },
    /// Refused for a reason of its own that lies in named fields: 422 with its own code and
    /// messages per field.
    FieldRefused {
        code: &'static str,
        detail: String,
        errors: FieldErrors,
    },
    /// The request conflicts with the current state: 409.
    Conflict { code: &'static str, detail: String },
    /// The body is larger than this route accepts: 413.
    PayloadTooLarge { limit: usize },
    /// The body did not arrive in time: 408.
    RequestTimeout,
    /// The body is not JSON: 415.
    UnsupportedMediaType,
    /// Too many failed sign-ins: 429 with `Retry-After`.
    TooManyAttempts { retry_after_seconds: u64 },
    /// Over another limit, with its own code: 429 with `Retry-After`.
    Throttled {
        code: &'static str,
        detail: String,
        retry_after_seconds: u64,
    },
    /// A form of the resource this service does not offer: 501 with its own code.
    NotImplemented { code: &'static str, detail: String },
    /// A service CC2i depends on (an organisation's identity provider) did not answer
    /// properly: 502 with its own code.
    Upstream { code: &'static str, detail: String },
    /// The database cannot be reached: 503.
    Unavailable,
    /// This replica is shutting down (after `SIGTERM`): 503 from `/readyz`.
    Draining,
    /// A fault of ours; the cause is logged, never sent.
    Internal(String),
}

impl ApiError {
    /// A 409 with a stable code.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            detail: detail.into(),
        }
    }

    /// A 422 for one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_string(), vec![message.into()]);
        ApiError::Validation(errors)
    }

    /// Status, stable code and title: the one table.
    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        use ApiError::*;
        match self {
            Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "The request has invalid fields",
            ),
            BadRequest { code, .. } => (
                StatusCode::BAD_REQUEST,
                code,
                "The request could not be read",
            ),
            Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Sign in to continue",
            ),
            InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "Email address or password is not right",
            ),
            MfaRequired { .. } => (
                StatusCode::UNAUTHORIZED,
                "mfa_required",
                "Confirm it is you with your second factor",
            ),
            MfaChallengeInvalid => (
                StatusCode::UNAUTHORIZED,
                "mfa_challenge_invalid",
                "Sign in again",
            ),
            StepUpRequired => (StatusCode::FORBIDDEN, "mfa_required", "Confirm it is you"),
            SecondFactorNeeded => (
                StatusCode::FORBIDDEN,
                "mfa_enrolment_required",
                "Add a second factor to your account",
            ),
            Forbidden(_) => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "You are not allowed to do that",
            ),
            Denied { code, .. } => (
                StatusCode::FORBIDDEN,
                code,
                "You are not allowed to do that",
            ),
            Upstream { code, .. } => (
                StatusCode::BAD_GATEWAY,
                code,
                "A service CC2i depends on did not answer",
            ),
            NotFound => (StatusCode::NOT_FOUND, "not_found", "Not found"),
            Missing { code, .. } => (StatusCode::NOT_FOUND, code, "Not found"),
            RouteNotFound => (
                StatusCode::NOT_FOUND,
                "route_not_found",
                "There is no such address",
            ),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method not allowed",
            ),
            Unprocessable { code, .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                "The request cannot be processed",
            ),
            FieldRefused { code, .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                "The request cannot be processed",
            ),
            Conflict { code, .. } => (
                StatusCode::CONFLICT,
                code,
                "The request conflicts with the current state",
            ),
            PayloadTooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "The request body is too large",
            ),
            RequestTimeout => (
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                "The request took too long to send",
            ),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send JSON",
            ),
            TooManyAttempts { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "Too many attempts",
            ),
            Throttled { code, .. } => (StatusCode::TOO_MANY_REQUESTS, code, "Too many requests"),
            NotImplemented { code, .. } => (StatusCode::NOT_IMPLEMENTED, code, "Not implemented"),
            Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "The service is unavailable",
            ),
            Draining => (
                StatusCode::SERVICE_UNAVAILABLE,
                "draining",
                "This server is shutting down",
            ),
            Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "Something went wrong",
            ),
        }
    }

    fn detail(&self) -> String {
        use ApiError::*;
        match self {
            Validation(_) => "Correct the fields listed in errors and try again.".into(),
            BadRequest { detail, .. }
            | Unprocessable { detail, .. }
            | FieldRefused { detail, .. }
            | Denied { detail, .. }
            | Conflict { detail, .. }
            | Missing { detail, .. }
            | Throttled { detail, .. }
            | NotImplemented { detail, .. }
            | Upstream { detail, .. }
            | Forbidden(detail) => detail.clone(),
            Unauthorized => "Send a valid access token in the Authorization header.".into(),
            InvalidCredentials => "The email address or password is not right.".into(),
            MfaRequired { .. } => "Your account has a second factor (listed in `hint`: totp, passkey): send a code from your authenticator app, a passkey's answer (start at POST /api/v1/auth/login/passkey) or a recovery code, with this mfa_token, to finish signing in.".into(),
            MfaChallengeInvalid => "This sign-in has expired or was already finished. Sign in again with your email address and password.".into(),
            StepUpRequired => format!("This action needs a second factor (an authenticator app code, a passkey or a recovery code) used in the last {} minutes. Enter one at POST /api/v1/auth/step-up, then try again.", cc2i_shared::mfa::STEP_UP_MINUTES),
            SecondFactorNeeded => "Platform staff, and owners and admins of a verified organisation, must add an authenticator app to their account before they act: start at POST /api/v1/me/mfa/totp (in the browser: Your account, then Set up an authenticator app).".into(),
            NotFound => "There is nothing here, or you cannot see it.".into(),
            RouteNotFound => "No API operation has this path.".into(),
            MethodNotAllowed => "This path does not accept that HTTP method.".into(),
            PayloadTooLarge { limit } => {
                format!("Bodies for this operation are limited to {limit} bytes.")
            }
            UnsupportedMediaType => "Send the body as application/json.".into(),
            RequestTimeout => "The request body did not arrive in time; send it again.".into(),
            TooManyAttempts {
                retry_after_seconds,
            } => {
                format!(
                    "Too many failed sign-in attempts. Try again in {retry_after_seconds} seconds."
                )
            }
            Unavailable => "The database cannot be reached. Try again shortly.".into(),
            Draining => "This server is finishing its requests before it stops. Send new requests to another server.".into(),
            Internal(_) => "Something went wrong on our side. It has been logged.".into(),
        }
    }

    /// The problem body.
    pub fn problem(&self) -> Problem {
        let (status, code, title) = self.parts();
        Problem {
            kind: format!("https://cc2i.org.uk/problems/{}", code.replace('_', "-")),
            title: title.into(),
            status: status.as_u16(),
            detail: self.detail(),
            code: code.into(),
            errors: match self {
                ApiError::Validation(errors) | ApiError::FieldRefused { errors, .. } => {
                    Some(errors.clone())
                }
                _ => None,
            },
            mfa_token: match self {
                ApiError::MfaRequired { token, .. } => Some(token.clone()),
                _ => None,
            },
            hint: match self {
                ApiError::MfaRequired { factors, .. } => Some(factors.clone()),
                ApiError::StepUpRequired => Some("step_up".into()),
                ApiError::SecondFactorNeeded => Some("enrol".into()),
                _ => None,
            },
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.parts().1)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.parts().0
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(cause = %cause, "internal error");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if let ApiError::TooManyAttempts {
            retry_after_seconds,
        }
        | ApiError::Throttled {
            retry_after_seconds,
            ..
        } = self
        {
            res.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
        }
        if matches!(self, ApiError::RequestTimeout) {
            res.force_close();
        }
        if matches!(self, ApiError::Unauthorized | ApiError::InvalidCredentials) {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        res.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => ApiError::NotFound,
            diesel::result::Error::DatabaseError(_, ref info)
                if info.message().contains("statement timeout") =>
            {
                // CC2I_DB_STATEMENT_TIMEOUT_MS cut a statement short (PostgreSQL 57014).
                tracing::warn!(error = %e, "database statement timed out");
                ApiError::Unavailable
            }
            diesel::result::Error::DatabaseError(kind, ref info)
                if matches!(kind, diesel::result::DatabaseErrorKind::ClosedConnection)
                    || info.message().contains("terminating connection")
                    || info.message().contains("server closed the connection") =>
            {
                // The session died mid-request (failover, restart): nothing was committed.
                tracing::warn!(error = %e, "database connection lost");
                ApiError::Unavailable
            }
            other => ApiError::Internal(format!("database: {other}")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        tracing::warn!(error = %e, "database pool unavailable");
        ApiError::Unavailable
    }
}

/// True when a database error is a unique-constraint violation.
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}
