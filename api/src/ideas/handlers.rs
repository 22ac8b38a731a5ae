//! Handlers for drafting, reading and listing ideas.

use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use chrono::{TimeDelta, Utc};

use super::list_cache::CachedPage;
use super::{access, list, repo};
use crate::auth::{needs, AuthUser, MaybeActor, Scope, Scoped};
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::http_cache::{accepts_gzip, not_modified};
use crate::organisations::repo as orgs;
use crate::state::AppState;
use cc2i_shared::idea::{CreateIdea, Idea, IdeaQuery, UpdateIdea};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::{Page, Problem};

/// Deadlines are in the future and at most this many days away.
pub const MAX_DEADLINE_DAYS: i64 = 730;

fn check_deadline(deadline: chrono::DateTime<Utc>) -> Result<(), ApiError> {
    let now = Utc::now();
    if deadline <= now {
        return Err(ApiError::field("deadline", "must be in the future"));
    }
    if deadline > now + TimeDelta::days(MAX_DEADLINE_DAYS) {
        return Err(ApiError::field("deadline", "must be within two years"));
    }
    Ok(())
}

fn not_editable(status: IdeaStatus) -> ApiError {
    ApiError::conflict(
        "idea_not_editable",
        format!(
            "The idea is {} (status {}); only drafts can be edited.",
            status.label().to_lowercase(),
            status.code()
        ),
    )
}

/// Draft an idea for an organisation you belong to.
#[utoipa::path(
    post, path = "/api/v1/ideas", tag = "ideas", operation_id = "create_idea",
    security(("bearer" = []), ("api_key" = ["ideas:write"])),
    request_body = CreateIdea,
    responses(
        (status = 201, description = "Drafted", body = Idea),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of that organisation, or `insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_idea(
    state: web::Data<AppState>,
    actor: Scoped<needs::IdeasWrite>,
    body: ValidJson<CreateIdea>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    let new = body.0;
    check_deadline(new.deadline)?;
    let idea = state
        .db
        .write(move |conn| {
            if orgs::get(conn, &new.organisation_id)?.is_none() {
                return Err(ApiError::field("organisation_id", "is not an organisation"));
            }
            if actor.role_in(conn, &new.organisation_id)?.is_none() {
                return Err(ApiError::Forbidden(
                    "You can only propose ideas for organisations you belong to.".into(),
                ));
            }
            let row = repo::insert(conn, new, actor.user_id())?;
            repo::to_idea(conn, row)
        })
        .await?;
    Ok(HttpResponse::Created().json(idea))
}

/// One idea with its proposer and funding. Drafts and ideas in review are visible only to
/// the proposing organisation's members and platform admins.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}", tag = "ideas", operation_id = "get_idea",
    security((), ("bearer" = []), ("api_key" = ["ideas:read"])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "The idea", body = Idea),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_idea(
    state: web::Data<AppState>,
    actor: MaybeActor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.scoped(Scope::IdeasRead)?;
    let id = id.into_inner();
    let idea = state
        .db
        .read(move |conn| {
            let row = access::visible(conn, &id, actor.as_ref())?;
            repo::to_idea(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(idea))
}

/// Change a draft idea (members of the proposing organisation).
#[utoipa::path(
    patch, path = "/api/v1/ideas/{id}", tag = "ideas", operation_id = "update_idea",
    security(("bearer" = []), ("api_key" = ["ideas:write"])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = UpdateIdea,
    responses(
        (status = 200, description = "The updated idea", body = Idea),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the proposing organisation, or `insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_editable`: not a draft", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_idea(
    state: web::Data<AppState>,
    actor: Scoped<needs::IdeasWrite>,
    id: web::Path<String>,
    body: ValidJson<UpdateIdea>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    let changes = body.0;
    if let Some(deadline) = changes.deadline {
        check_deadline(deadline)?;
    }
    let id = id.into_inner();
    let idea = state
        .db
        .write(move |conn| {
            let (row, _) = access::as_proposer(conn, &id, &actor)?;
            if row.status() != IdeaStatus::Draft {
                return Err(not_editable(row.status()));
            }
            let row = repo::update(conn, &id, changes)?;
            repo::to_idea(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(idea))
}

/// Public ideas (open and later), filtered, ordered and paged.
#[utoipa::path(
    get, path = "/api/v1/ideas", tag = "ideas", operation_id = "list_ideas",
    params(IdeaQuery),
    responses(
        (status = 200, description = "A page of ideas (with a strong `ETag`)", body = Page<Idea>),
        (status = 304, description = "Not modified: `If-None-Match` holds the page's `ETag`"),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_ideas(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let generation = state.db.generation();
    // Only a valid query is ever cached, so a hit needs no parsing.
    let page = match state.idea_lists.get(req.query_string(), generation) {
        Some(page) => page,
        None => {
            let ValidQuery(query) = ValidQuery::<IdeaQuery>::extract(&req).await?;
            let page = state.db.read(move |conn| list::list(conn, query)).await?;
            let body = serde_json::to_vec(&page).map_err(|e| ApiError::Internal(e.to_string()))?;
            let page =
                Arc::new(CachedPage::new(body).map_err(|e| ApiError::Internal(e.to_string()))?);
            let key = req.query_string().to_string();
            state.idea_lists.put(key, generation, page.clone());
            page
        }
    };
    let gzip = accepts_gzip(&req);
    let etag = if gzip { &page.gzip_etag } else { &page.etag };
    let unchanged = [&page.etag, &page.gzip_etag]
        .iter()
        .any(|tag| tag.to_str().is_ok_and(|tag| not_modified(&req, tag)));
    let mut res = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::ETAG, etag.clone()))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .insert_header((header::VARY, HeaderValue::from_static("accept-encoding")));
    if unchanged {
        return Ok(res.finish());
    }
    res.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    ));
    Ok(if gzip {
        res.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("gzip")))
            .body(page.gzip.clone())
    } else {
        res.body(page.body.clone())
    })
}

/// An organisation's ideas, newest first: drafts and reviews too for its members and
/// platform admins.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/ideas", tag = "ideas", operation_id = "list_organisation_ideas",
    security((), ("bearer" = []), ("api_key" = ["ideas:read"])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "The organisation's ideas", body = Vec<Idea>),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_organisation_ideas(
    state: web::Data<AppState>,
    actor: MaybeActor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.scoped(Scope::IdeasRead)?;
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            orgs::get_or_404(conn, &id)?;
            let private = match &actor {
                Some(a) => a.is_platform_admin() || a.role_in(conn, &id)?.is_some(),
                None => false,
            };
            list::of_organisation(conn, &id, private)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Ideas waiting for review, oldest first (platform admins).
#[utoipa::path(
    get, path = "/api/v1/admin/review-queue", tag = "ideas", operation_id = "review_queue",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Ideas in review", body = Vec<Idea>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn review_queue(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<HttpResponse, ApiError> {
    if !user.is_platform_admin() {
        return Err(ApiError::Forbidden(
            "Only CC2i platform staff review ideas.".into(),
        ));
    }
    let list = state.db.read(list::review_queue).await?;
    Ok(HttpResponse::Ok().json(list))
}
