//! Handlers for `/api/v1/organisations/{id}/webhooks` and `/api/v1/webhooks/{id}`.

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::access::{ensure_can_change, ensure_can_manage};
use super::{deliveries, repo, signature};
use crate::auth::{needs, Actor, Scoped};
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::state::AppState;
use cc2i_shared::webhook::{
    CreateWebhook, CreatedWebhook, DeliveryPage, DeliveryQuery, UpdateWebhook, Webhook,
    WebhookDelivery,
};
use cc2i_shared::{FieldErrors, Problem};

fn forbidden_url(reason: String) -> ApiError {
    let mut errors = FieldErrors::new();
    errors.insert("url".into(), vec![reason]);
    ApiError::FieldRefused {
        code: "webhook_url_forbidden",
        detail: "Webhooks can only be sent to https addresses on the public internet.".into(),
        errors,
    }
}

/// Checks a URL against the SSRF rules, resolving its host: every address must pass.
async fn checked_url(raw: &str, allow_private: bool) -> Result<String, ApiError> {
    crate::outbound::checked(raw, allow_private)
        .await
        .map_err(forbidden_url)?;
    Ok(raw.trim().to_string())
}

/// The webhook, if the user may manage its organisation's webhooks (404 otherwise).
fn managed(conn: &mut AnyConnection, user: &Actor, id: &str) -> Result<repo::WebhookRow, ApiError> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    ensure_can_manage(conn, user, &row.organisation_id)?;
    Ok(row)
}

/// The webhook, if the user may change it (see [`ensure_can_change`]).
fn changeable(
    conn: &mut AnyConnection,
    user: &Actor,
    id: &str,
) -> Result<repo::WebhookRow, ApiError> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    ensure_can_change(conn, user, &row.organisation_id)?;
    Ok(row)
}

/// Add a webhook endpoint (owners and admins). The answer carries the signing secret,
/// shown this once. The URL must be `https` to a public address: every address its host
/// resolves to is checked (422 `webhook_url_forbidden` otherwise), and again at each
/// delivery. Each delivery is a `POST` of a `WebhookEvent`, signed in `CC2i-Signature`.
#[utoipa::path(
    post, path = "/api/v1/organisations/{id}/webhooks", tag = "webhooks", operation_id = "create_webhook",
    security(("bearer" = []), ("api_key" = ["webhooks:manage"])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    request_body = CreateWebhook,
    responses(
        (status = 201, description = "Added; the secret is shown this once", body = CreatedWebhook),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`): a second factor used in the last ten minutes is needed; A member, but not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or `webhook_url_forbidden` (with a message on `url`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: Scoped<needs::WebhooksManage>,
    id: web::Path<String>,
    body: ValidJson<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let org_id = id.into_inner();
    let new = body.0;
    {
        let (u, o) = (user.clone(), org_id.clone());
        state
            .db
            .read(move |conn| ensure_can_change(conn, &u, &o))
            .await?;
    }
    let url = checked_url(&new.url, state.config.outbound_allow_private).await?;
    let ctx = crate::audit::Ctx::actor(&state, &req, &user);
    let test_clock = state.config.test_clock;
    let created = state
        .db
        .write(move |conn| {
            ensure_can_change(conn, &user, &org_id)?;
            let secret = signature::new_secret();
            let row = repo::insert(
                conn,
                &org_id,
                &url,
                &new.events,
                &secret,
                user.user_id(),
                now(),
            )?;
            let webhook = repo::view(conn, &row)?;
            let at = crate::clock::now_on(conn, test_clock)?;
            let entry = crate::audit::Entry::new("webhook.created", "webhook", &webhook.id)
                .org(&org_id)
                .after(
                    json!({"url": webhook.url, "events": webhook.events, "active": webhook.active}),
                );
            crate::audit::record(conn, &ctx, entry, at)?;
            Ok(CreatedWebhook { webhook, secret })
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// The organisation's webhooks, oldest first, each with its most recent delivery (owners
/// and admins). Secrets are never shown.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/webhooks", tag = "webhooks", operation_id = "list_webhooks",
    security(("bearer" = []), ("api_key" = ["webhooks:manage"])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "Oldest first", body = Vec<Webhook>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member, but not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    user: Scoped<needs::WebhooksManage>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let org_id = id.into_inner();
    let list: Vec<Webhook> = state
        .db
        .read(move |conn| {
            ensure_can_manage(conn, &user, &org_id)?;
            repo::of_organisation(conn, &org_id)?
                .iter()
                .map(|row| repo::view(conn, row))
                .collect()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Change a webhook's URL (checked like a new one's), events, or pause it with
/// `active: false` (no deliveries are queued for it while paused).
#[utoipa::path(
    patch, path = "/api/v1/webhooks/{id}", tag = "webhooks", operation_id = "update_webhook",
    security(("bearer" = []), ("api_key" = ["webhooks:manage"])),
    params(("id" = String, Path, description = "Webhook id", max_length = 64)),
    request_body = UpdateWebhook,
    responses(
        (status = 200, description = "Changed", body = Webhook),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`): a second factor used in the last ten minutes is needed; A member, but not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or `webhook_url_forbidden`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: Scoped<needs::WebhooksManage>,
    id: web::Path<String>,
    body: ValidJson<UpdateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let change = body.0;
    {
        let (u, i) = (user.clone(), id.clone());
        state.db.read(move |conn| changeable(conn, &u, &i)).await?;
    }
    let url = match &change.url {
        Some(raw) => Some(checked_url(raw, state.config.outbound_allow_private).await?),
        None => None,
    };
    let ctx = crate::audit::Ctx::actor(&state, &req, &user);
    let test_clock = state.config.test_clock;
    let updated = state
        .db
        .write(move |conn| {
            let old = changeable(conn, &user, &id)?;
            let before = repo::view(conn, &old)?;
            repo::update(
                conn,
                &id,
                url.as_deref(),
                change.events.as_deref(),
                change.active,
                now(),
            )?;
            let row = repo::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            let after = repo::view(conn, &row)?;
            let (was, now) = crate::audit::diff(&before, &after);
            let at = crate::clock::now_on(conn, test_clock)?;
            let entry = crate::audit::Entry::new("webhook.updated", "webhook", &id)
                .org(&row.organisation_id)
                .change(was, now);
            crate::audit::record(conn, &ctx, entry, at)?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(updated))
}

/// Remove a webhook with its deliveries log; nothing more is sent to it.
#[utoipa::path(
    delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", operation_id = "delete_webhook",
    security(("bearer" = []), ("api_key" = ["webhooks:manage"])),
    params(("id" = String, Path, description = "Webhook id", max_length = 64)),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`): a second factor used in the last ten minutes is needed; A member, but not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: Scoped<needs::WebhooksManage>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let ctx = crate::audit::Ctx::actor(&state, &req, &user);
    let test_clock = state.config.test_clock;
    state
        .db
        .write(move |conn| {
            let row = changeable(conn, &user, &id)?;
            repo::delete(conn, &id)?;
            let at = crate::clock::now_on(conn, test_clock)?;
            let entry = crate::audit::Entry::new("webhook.deleted", "webhook", &id)
                .org(&row.organisation_id);
            crate::audit::record(conn, &ctx, entry, at)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The webhook's deliveries, newest first, each with its attempts (time, HTTP status,
/// error, duration), status and next attempt.
#[utoipa::path(
    get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", operation_id = "list_webhook_deliveries",
    security(("bearer" = []), ("api_key" = ["webhooks:manage"])),
    params(("id" = String, Path, description = "Webhook id", max_length = 64), DeliveryQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = DeliveryPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member, but not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_webhook_deliveries(
    state: web::Data<AppState>,
    user: Scoped<needs::WebhooksManage>,
    id: web::Path<String>,
    query: ValidQuery<DeliveryQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let limit = i64::from(query.0.limit.unwrap_or(20));
    let cursor = query.0.cursor;
    let page = state
        .db
        .read(move |conn| {
            managed(conn, &user, &id)?;
            deliveries::page(conn, &id, cursor, limit)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Send a delivery again now (pending, delivered or failed alike); a failed one gets
/// another 24 hours of retries.
#[utoipa::path(
    post, path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry", tag = "webhooks", operation_id = "retry_webhook_delivery",
    security(("bearer" = []), ("api_key" = ["webhooks:manage"])),
    params(
        ("id" = String, Path, description = "Webhook id", max_length = 64),
        ("delivery_id" = String, Path, description = "Delivery id", max_length = 64),
    ),
    responses(
        (status = 202, description = "Queued again, due now", body = WebhookDelivery),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member, but not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook or delivery, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn retry_webhook_delivery(
    state: web::Data<AppState>,
    user: Scoped<needs::WebhooksManage>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = path.into_inner();
    let delivery = state
        .db
        .write(move |conn| {
            managed(conn, &user, &id)?;
            deliveries::retry(conn, &id, &delivery_id, now())
        })
        .await?;
    Ok(HttpResponse::Accepted().json(delivery))
}
