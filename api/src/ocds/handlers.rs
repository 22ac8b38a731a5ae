//! `GET /api/v1/ideas/{id}/ocds` and `GET /api/v1/ocds/releases`.

use actix_web::{web, HttpResponse};
use chrono::DateTime;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::facts::{self, PUBLISHED};
use super::feed::{self, Cursor};
use super::package::package;
use super::release::releases;
use crate::db::now;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::ideas::repo::find_row;
use crate::state::AppState;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::Problem;

/// The OCDS release package of one funded-or-later idea: every release of its planning
/// process, oldest first.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/ocds", tag = "open data", operation_id = "idea_ocds",
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "An OCDS 1.1 release package (with the budgetBreakdown extension): `planning.budget` in pounds with each funder's commitment, `parties` by org-id identifier, delivery milestones once in delivery. Its ocid is `<CC2I_OCID_PREFIX>-<idea id>`.", body = Object, content_type = "application/json"),
        (status = 404, description = "`not_found`: no such idea, or a private one; `ocds_not_published`: the idea is public but not funded, so it has no OCDS releases yet", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn idea_ocds(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let prefix = state.config.ocid_prefix.clone();
    let uri = format!("{}/api/v1/ideas/{id}/ocds", state.config.public_url);
    let public_url = state.config.public_url.clone();
    let body = state
        .db
        .read(move |conn| {
            let row = find_row(conn, &id)?.ok_or(ApiError::NotFound)?;
            let status = row.status();
            if !status.is_public() {
                return Err(ApiError::NotFound);
            }
            if !PUBLISHED.contains(&status) {
                let detail = match status {
                    IdeaStatus::Open => {
                        "This idea is still open for pledges: it has OCDS releases once it is funded."
                    }
                    IdeaStatus::Withdrawn => {
                        "This idea was withdrawn before it was funded, so it has no OCDS releases."
                    }
                    _ => "This idea was not funded, so it has no OCDS releases.",
                };
                return Err(ApiError::Missing {
                    code: "ocds_not_published",
                    detail: detail.into(),
                });
            }
            let facts = facts::load(conn, row)?;
            Ok(package(
                &uri,
                &public_url,
                &releases(&facts, &prefix),
                now(),
                None,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Paging through every OCDS release.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReleasesQuery {
    /// Only releases dated at or after this instant (RFC 3339, like
    /// `2027-01-01T00:00:00Z`); all of them if absent.
    #[validate(length(max = 64, message = "is not an RFC 3339 date-time"))]
    #[param(max_length = 64)]
    pub since: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// Where the page starts: from the previous page's `links.next`.
    #[validate(length(max = 300, message = "is not a cursor from this feed"))]
    #[param(max_length = 300)]
    pub cursor: Option<String>,
}

/// An OCDS release package of every release of every funded-or-later idea dated at or
/// after `since`, ordered by date then release id; `links.next` points at the next page.
#[utoipa::path(
    get, path = "/api/v1/ocds/releases", tag = "open data", operation_id = "ocds_releases",
    params(ReleasesQuery),
    responses(
        (status = 200, description = "An OCDS 1.1 release package; `links.next` (the OCDS pagination extension's convention) when there is another page. `releases` is empty when nothing matches.", body = Object, content_type = "application/json"),
        (status = 422, description = "`since` is not an RFC 3339 date-time, `cursor` is not one of this feed's, or `limit` is out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn ocds_releases(
    state: web::Data<AppState>,
    query: ValidQuery<ReleasesQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let since = match &query.since {
        Some(raw) => DateTime::parse_from_rfc3339(raw)
            .map_err(|_| {
                ApiError::field(
                    "since",
                    "must be an RFC 3339 date-time, like 2027-01-01T00:00:00Z",
                )
            })?
            .naive_utc(),
        None => DateTime::UNIX_EPOCH.naive_utc(),
    };
    let cursor = match &query.cursor {
        Some(raw) => Some(
            Cursor::decode(raw)
                .ok_or_else(|| ApiError::field("cursor", "is not a cursor from this feed"))?,
        ),
        None => None,
    };
    let limit = query.limit.unwrap_or(50) as usize;
    let prefix = state.config.ocid_prefix.clone();
    let base = format!("{}/api/v1/ocds/releases", state.config.public_url);
    let public_url = state.config.public_url.clone();
    let body = state
        .db
        .read(move |conn| {
            let (page, more) = feed::page(conn, &prefix, since, cursor.as_ref(), limit)?;
            let mut params: Vec<(&str, String)> = Vec::new();
            if let Some(raw) = &query.since {
                params.push(("since", raw.clone()));
            }
            params.push(("limit", limit.to_string()));
            let self_uri = with_query(&base, &params, query.cursor.as_deref());
            let next = match (more, page.last()) {
                (true, Some(last)) => {
                    let c = Cursor {
                        date: last.date,
                        id: last.id.clone(),
                    };
                    Some(with_query(&base, &params, Some(&c.encode())))
                }
                _ => None,
            };
            Ok(package(&self_uri, &public_url, &page, now(), next))
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// `base?k=v&...&cursor=c`, every value percent-encoded.
fn with_query(base: &str, params: &[(&str, String)], cursor: Option<&str>) -> String {
    let mut parts: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if let Some(c) = cursor {
        parts.push(format!("cursor={}", encode(c)));
    }
    format!("{base}?{}", parts.join("&"))
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
