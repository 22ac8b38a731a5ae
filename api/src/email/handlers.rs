//! Handlers for notification preferences and unsubscribe links.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::preferences;
use super::unsubscribe::Recipient;
use crate::auth::AnyUser;
use crate::db::now;
use crate::db::schema::{email_suppressions, users};
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::state::AppState;
use cc2i_shared::notification::{EmailCadence, NotificationPreferences};
use cc2i_shared::Problem;

/// How often you get notifications by email.
#[utoipa::path(
    get, path = "/api/v1/me/notification-preferences", tag = "notifications", operation_id = "get_notification_preferences",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Your preferences (`daily` until you change them)", body = NotificationPreferences),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_preferences(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
) -> Result<HttpResponse, ApiError> {
    let (email, _) = state
        .db
        .read(move |conn| preferences::get(conn, &user.id))
        .await?;
    Ok(HttpResponse::Ok().json(NotificationPreferences { email }))
}

/// Choose how often you get notifications by email: `immediate` (one email each), `daily`
/// or `weekly` (a digest of everything since the last one), or `off`.
#[utoipa::path(
    put, path = "/api/v1/me/notification-preferences", tag = "notifications", operation_id = "put_notification_preferences",
    security(("bearer" = [])),
    request_body = NotificationPreferences,
    responses(
        (status = 200, description = "Saved", body = NotificationPreferences),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_preferences(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    body: ValidJson<NotificationPreferences>,
) -> Result<HttpResponse, ApiError> {
    let email = body.0.email;
    state
        .db
        .write(move |conn| preferences::set(conn, &user.id, email))
        .await?;
    Ok(HttpResponse::Ok().json(NotificationPreferences { email }))
}

/// The token from an email's unsubscribe link.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// The signed token.
    #[validate(length(min = 1, max = 1000, message = "is not an unsubscribe token"))]
    #[param(min_length = 1, max_length = 1000)]
    pub token: String,
}

fn wants_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

const DONE_HTML: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unsubscribed - CC2i</title></head>\n<body style=\"font-family: Arial, sans-serif; font-size: 19px; max-width: 40em; margin: 2em auto;\">\n<main><h1>You are unsubscribed</h1>\n<p>CC2i will not email you any more. You can still see your notifications when you sign in, and turn email back on in your account settings.</p></main>\n</body></html>\n";

/// Stop email from CC2i, from an email's link, without signing in. The token is signed:
/// an altered or made-up token gets 400 `invalid_unsubscribe_token`. Repeating it is
/// harmless. Also accepts RFC 8058 one-click `POST` from mail clients.
#[utoipa::path(
    get, path = "/api/v1/unsubscribe", tag = "notifications", operation_id = "unsubscribe",
    params(UnsubscribeQuery),
    responses(
        (status = 200, description = "Email is off (an HTML page when the client accepts text/html)", body = NotificationPreferences),
        (status = 400, description = "`invalid_unsubscribe_token`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn unsubscribe(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ValidQuery<UnsubscribeQuery>,
) -> Result<HttpResponse, ApiError> {
    let invalid = || {
        ApiError::BadRequest {
        code: "invalid_unsubscribe_token",
        detail: "This unsubscribe link is not valid. Copy the whole link from the email, or change your email settings when signed in.".into(),
    }
    };
    let recipient = state
        .mailer
        .key()
        .verify(&query.0.token)
        .ok_or_else(invalid)?;
    state
        .db
        .write(move |conn| match recipient {
            Recipient::User(id) => {
                let exists: i64 = users::table.find(&id).count().get_result(conn)?;
                if exists == 0 {
                    return Err(invalid());
                }
                preferences::set(conn, &id, EmailCadence::Off)
            }
            Recipient::Address(address) => {
                let known: i64 = email_suppressions::table
                    .find(&address)
                    .count()
                    .get_result(conn)?;
                if known == 0 {
                    diesel::insert_into(email_suppressions::table)
                        .values((
                            email_suppressions::address.eq(&address),
                            email_suppressions::created_at.eq(now()),
                        ))
                        .execute(conn)?;
                }
                Ok(())
            }
        })
        .await?;
    if wants_html(&req) {
        return Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(DONE_HTML));
    }
    Ok(HttpResponse::Ok().json(NotificationPreferences {
        email: EmailCadence::Off,
    }))
}

/// RFC 8058 one-click unsubscribe (`List-Unsubscribe-Post`): the same as the link.
#[utoipa::path(
    post, path = "/api/v1/unsubscribe", tag = "notifications", operation_id = "unsubscribe_one_click",
    params(UnsubscribeQuery),
    responses(
        (status = 200, description = "Email is off", body = NotificationPreferences),
        (status = 400, description = "`invalid_unsubscribe_token`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn unsubscribe_one_click(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ValidQuery<UnsubscribeQuery>,
) -> Result<HttpResponse, ApiError> {
    unsubscribe(req, state, query).await
}
