//! Reading the audit log: an organisation's entries (its owners and admins, and platform
//! staff), and every entry (platform staff), as JSON pages or CSV.

use actix_web::{web, HttpRequest, HttpResponse};

use super::{record, repo, Ctx, Entry};
use crate::auth::AuthUser;
use crate::clock;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::exports::csv::{Cell, Csv};
use crate::exports::handlers::attachment;
use crate::extract::ValidQuery;
use crate::state::AppState;
use cc2i_shared::audit::{AuditEntry, AuditPage, AuditQuery};
use cc2i_shared::Problem;

/// The most rows one CSV holds (narrow the filters for more).
const CSV_ROWS: i64 = 10_000;

/// Owners and admins of the organisation, and platform staff; 404 for anyone outside it.
fn ensure_can_read(
    conn: &mut AnyConnection,
    user: &AuthUser,
    org_id: &str,
) -> Result<(), ApiError> {
    let role = crate::organisations::access::member_role(conn, org_id, user)?;
    match role {
        None => Ok(()), // platform staff (member_role refused everyone else)
        Some(r) if r.can_manage() => Ok(()),
        Some(_) => Err(ApiError::Forbidden(
            "Only the organisation's owners and admins can read its audit log.".into(),
        )),
    }
}

fn staff_only(user: &AuthUser) -> Result<(), ApiError> {
    if user.is_platform_admin() {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "Only CC2i platform staff can read the whole audit log.".into(),
        ))
    }
}

fn page_of(items: Vec<AuditEntry>, more: bool) -> AuditPage {
    AuditPage {
        next_cursor: more.then(|| items.last().map(|e| e.id.clone())).flatten(),
        items,
    }
}

fn csv_of(items: &[AuditEntry]) -> String {
    let mut csv = Csv::new(&[
        "id",
        "at",
        "actor_type",
        "actor_id",
        "organisation_id",
        "action",
        "target_type",
        "target_id",
        "before",
        "after",
        "request_id",
    ]);
    let text = |v: &Option<String>| Cell::Text(v.clone().unwrap_or_default());
    let json = |v: &Option<serde_json::Value>| {
        Cell::Text(v.as_ref().map(|v| v.to_string()).unwrap_or_default())
    };
    for e in items {
        csv.row([
            Cell::Text(e.id.clone()),
            Cell::Text(e.at.to_rfc3339()),
            Cell::Text(e.actor_type.code().to_string()),
            text(&e.actor_id),
            text(&e.organisation_id),
            Cell::Text(e.action.clone()),
            text(&e.target_type),
            text(&e.target_id),
            json(&e.before),
            json(&e.after),
            text(&e.request_id),
        ]);
    }
    csv.finish()
}

/// An organisation's audit log, newest first (owners and admins; platform staff).
///
/// Every security-relevant or administrative action about the organisation: members,
/// roles, limits, verification, single sign-on, API keys, webhooks, ideas, exports. Filter by
/// `actor` (a user or key id), `action` (exact, or a prefix ending in `.`), `target` (an id)
/// and time (`from` inclusive, `to` exclusive); page with `cursor`.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/audit-log", tag = "audit", operation_id = "organisation_audit_log",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64), AuditQuery),
    responses(
        (status = 200, description = "Newest first", body = AuditPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member, but not an owner or admin; `insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn organisation_log(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    query: ValidQuery<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let org = id.into_inner();
    let q = query.0;
    let limit = i64::from(q.limit.unwrap_or(50));
    let (items, more) = state
        .db
        .read(move |conn| {
            ensure_can_read(conn, &user, &org)?;
            repo::page(conn, Some(&org), &q, limit)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page_of(items, more)))
}

/// An organisation's audit log as CSV (the same readers and filters, newest first, at most
/// 10,000 rows). Downloading it is itself recorded.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/audit-log.csv", tag = "audit", operation_id = "organisation_audit_log_csv",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64), AuditQuery),
    responses(
        (status = 200, description = "RFC 4180 CSV, UTF-8", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member, but not an owner or admin; `insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn organisation_log_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    query: ValidQuery<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let org = id.into_inner();
    let filename = format!("cc2i-organisation-{org}-audit-log.csv");
    let q = query.0;
    let ctx = Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    let body = state
        .db
        .write_unlisted(move |conn| {
            ensure_can_read(conn, &user, &org)?;
            let (items, _) = repo::page(conn, Some(&org), &q, CSV_ROWS)?;
            let at = clock::now_on(conn, test_clock)?;
            let entry = Entry::new("export.audit_log", "organisation", &org).org(&org);
            record(conn, &ctx, entry, at)?;
            Ok(csv_of(&items))
        })
        .await?;
    Ok(attachment(&filename, body))
}

/// The whole audit log, newest first (platform staff): the organisation filters and more.
#[utoipa::path(
    get, path = "/api/v1/admin/audit-log", tag = "audit", operation_id = "admin_audit_log",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "Newest first", body = AuditPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not platform staff; `insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn admin_log(
    state: web::Data<AppState>,
    user: AuthUser,
    query: ValidQuery<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    staff_only(&user)?;
    let q = query.0;
    let limit = i64::from(q.limit.unwrap_or(50));
    let (items, more) = state
        .db
        .read(move |conn| repo::page(conn, None, &q, limit))
        .await?;
    Ok(HttpResponse::Ok().json(page_of(items, more)))
}

/// The whole audit log as CSV (platform staff; at most 10,000 rows). Downloading it is
/// itself recorded.
#[utoipa::path(
    get, path = "/api/v1/admin/audit-log.csv", tag = "audit", operation_id = "admin_audit_log_csv",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "RFC 4180 CSV, UTF-8", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not platform staff; `insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn admin_log_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    query: ValidQuery<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    staff_only(&user)?;
    let q = query.0;
    let ctx = Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    let body = state
        .db
        .write_unlisted(move |conn| {
            let (items, _) = repo::page(conn, None, &q, CSV_ROWS)?;
            let at = clock::now_on(conn, test_clock)?;
            let entry = Entry {
                action: "export.audit_log",
                ..Default::default()
            };
            record(conn, &ctx, entry, at)?;
            Ok(csv_of(&items))
        })
        .await?;
    Ok(attachment("cc2i-audit-log.csv", body))
}
