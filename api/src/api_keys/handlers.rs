//! Handlers for `/api/v1/organisations/{id}/api-keys...` (owners and admins, people only).

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::repo;
use crate::auth::factors::require_step_up;
use crate::auth::AuthUser;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::organisations::{members, repo as orgs};
use crate::state::AppState;
use cc2i_shared::api_key::{ApiKey, CreateApiKey, CreatedApiKey};
use cc2i_shared::Problem;

/// Owners and admins only: outsiders 404 (as if it did not exist), members 403.
fn require_manager(
    conn: &mut AnyConnection,
    org_id: &str,
    user: &AuthUser,
) -> Result<(), ApiError> {
    orgs::get_or_404(conn, org_id)?;
    match members::role_of(conn, org_id, &user.id)? {
        Some(role) if role.can_manage() => Ok(()),
        Some(_) => Err(ApiError::Forbidden(
            "Only the organisation's owners and admins can manage its API keys.".into(),
        )),
        None => Err(ApiError::NotFound),
    }
}

/// Make an API key for the organisation (owners and admins). The response is the only
/// time the key itself is shown; only its SHA-256 is stored.
#[utoipa::path(
    post, path = "/api/v1/organisations/{id}/api-keys", tag = "api keys", operation_id = "create_api_key",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    request_body = CreateApiKey,
    responses(
        (status = 201, description = "Made: `key` is shown this once", body = CreatedApiKey),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`): a second factor used in the last ten minutes is needed; Not an owner or admin, or `insufficient_scope` (an API key)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not a member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`api_key_limit_reached`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (name, scopes)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_api_key(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<CreateApiKey>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    let created = state
        .db
        .write(move |conn| {
            require_manager(conn, &id, &user)?;
            require_step_up(&user)?;
            let created = repo::create(conn, &id, body.0, &user.id)?;
            let key = &created.api_key;
            let at = crate::clock::now_on(conn, test_clock)?;
            let entry = crate::audit::Entry::new("api_key.created", "api_key", &key.id)
                .org(&id)
                .after(json!({"name": key.name, "prefix": key.prefix, "scopes": key.scopes}));
            crate::audit::record(conn, &ctx, entry, at)?;
            Ok(created)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(created))
}

/// The organisation's live API keys, newest first, without their secrets (owners and
/// admins).
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/api-keys", tag = "api keys", operation_id = "list_api_keys",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "The keys", body = Vec<ApiKey>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin, or `insufficient_scope` (an API key)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not a member", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            require_manager(conn, &id, &user)?;
            repo::list(conn, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Revoke an API key (owners and admins): its very next request gets 401.
#[utoipa::path(
    delete, path = "/api/v1/organisations/{id}/api-keys/{key_id}", tag = "api keys", operation_id = "revoke_api_key",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Organisation id", max_length = 64),
        ("key_id" = String, Path, description = "API key id", max_length = 64),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`): a second factor used in the last ten minutes is needed; Not an owner or admin, or `insufficient_scope` (an API key)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or live key, or not a member", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn revoke_api_key(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, key_id) = path.into_inner();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    state
        .db
        .write(move |conn| {
            require_manager(conn, &id, &user)?;
            require_step_up(&user)?;
            repo::revoke(conn, &id, &key_id, &user.id)?;
            let at = crate::clock::now_on(conn, test_clock)?;
            let entry = crate::audit::Entry::new("api_key.revoked", "api_key", &key_id).org(&id);
            crate::audit::record(conn, &ctx, entry, at)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
