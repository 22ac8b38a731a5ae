//! Handlers for `/api/v1/ideas/{id}/business-case...`.

use actix_web::{web, HttpResponse};

use super::repo;
use crate::auth::{needs, MaybeActor, Scope, Scoped};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::access;
use crate::state::AppState;
use cc2i_shared::business_case::{BusinessCase, BusinessCaseVersion, BusinessCaseVersionSummary};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::Problem;

/// Business cases may be larger than other bodies.
pub const BUSINESS_CASE_LIMIT: usize = 1024 * 1024;

fn no_case() -> ApiError {
    ApiError::Missing {
        code: "business_case_not_found",
        detail: "This idea has no business case yet.".into(),
    }
}

/// Save a new version of the business case (members of the proposing organisation, while
/// the idea is a draft or open). Earlier versions never change.
#[utoipa::path(
    put, path = "/api/v1/ideas/{id}/business-case", tag = "business cases", operation_id = "put_business_case",
    security(("bearer" = []), ("api_key" = ["ideas:write"])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = BusinessCase,
    responses(
        (status = 201, description = "The new version", body = BusinessCaseVersion),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the proposing organisation, or `insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_editable` (in review or closed) or `stale_business_case`", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_business_case(
    state: web::Data<AppState>,
    actor: Scoped<needs::IdeasWrite>,
    id: web::Path<String>,
    body: ValidJson<BusinessCase>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    let id = id.into_inner();
    let version = state
        .db
        .write(move |conn| {
            let (row, _) = access::as_proposer(conn, &id, &actor)?;
            let status = row.status();
            if !matches!(status, IdeaStatus::Draft | IdeaStatus::Open) {
                return Err(ApiError::conflict(
                    "idea_not_editable",
                    format!("The business case can change while the idea is a draft or open, not while it is {} (status {}).", status.label().to_lowercase(), status.code()),
                ));
            }
            repo::create(conn, &row, body.0, actor.user_id())
        })
        .await?;
    Ok(HttpResponse::Created().json(version))
}

/// The current version of the business case.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/business-case", tag = "business cases", operation_id = "get_business_case",
    security((), ("bearer" = []), ("api_key" = ["ideas:read"])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "The current version", body = BusinessCaseVersion),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, not visible to you, or `business_case_not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_business_case(
    state: web::Data<AppState>,
    actor: MaybeActor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.scoped(Scope::IdeasRead)?;
    let id = id.into_inner();
    let version = state
        .db
        .read(move |conn| {
            let row = access::visible(conn, &id, actor.as_ref())?;
            let n = row.business_case_version.ok_or_else(no_case)?;
            repo::version(conn, &id, n)?.ok_or_else(no_case)
        })
        .await?;
    Ok(HttpResponse::Ok().json(version))
}

/// Every version, newest first, with who made it, when, and what changed.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/business-case/versions", tag = "business cases", operation_id = "list_business_case_versions",
    security((), ("bearer" = []), ("api_key" = ["ideas:read"])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "The history", body = Vec<BusinessCaseVersionSummary>),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_business_case_versions(
    state: web::Data<AppState>,
    actor: MaybeActor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.scoped(Scope::IdeasRead)?;
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            access::visible(conn, &id, actor.as_ref())?;
            repo::history(conn, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One version, exactly as it was saved.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/business-case/versions/{version}", tag = "business cases", operation_id = "get_business_case_version",
    security((), ("bearer" = []), ("api_key" = ["ideas:read"])),
    params(
        ("id" = String, Path, description = "Idea id", max_length = 64),
        ("version" = i32, Path, description = "Version number", minimum = 1, maximum = 100000),
    ),
    responses(
        (status = 200, description = "That version", body = BusinessCaseVersion),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea or version", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_business_case_version(
    state: web::Data<AppState>,
    actor: MaybeActor,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.scoped(Scope::IdeasRead)?;
    let (id, n) = path.into_inner();
    let version = state
        .db
        .read(move |conn| {
            access::visible(conn, &id, actor.as_ref())?;
            repo::version(conn, &id, n)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Ok().json(version))
}
