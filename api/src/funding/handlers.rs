//! Handlers for funding progress, closing, commitments and the ledger.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::http_cache::{not_modified, strong_etag};
use crate::ideas::{access, repo as ideas};
use crate::organisations::members::role_of;
use crate::pledges::{ledger, repo as pledges, review};
use crate::state::AppState;
use cc2i_shared::fair_share::{price_curve, PricePoint};
use cc2i_shared::idea::{Funding, Idea};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::pledge::{LedgerEntry, LedgerQuery, PledgeStatus};
use cc2i_shared::{Page, Problem};

/// How far the price curve looks ahead.
pub const CURVE_JOINERS: i64 = 10;

/// An idea's funding progress and price curve.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FundingSummary {
    /// The progress, as on the idea.
    #[serde(flatten)]
    pub funding: Funding,
    /// The cap on counting pledges.
    pub max_total_bp: i32,
    /// The idea's status.
    pub status: IdeaStatus,
    /// What an average funder would pay as the next organisations join.
    pub price_curve: Vec<PricePoint>,
}

/// A funder's final share after the idea was funded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Commitment {
    /// The pledge.
    pub pledge_id: String,
    /// The funder.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// The share it pledged.
    pub pledged_share_bp: i64,
    /// Its final share; all of them sum to 10000.
    pub final_share_bp: i64,
    /// What it pays; all of them sum to the target.
    pub final_amount_pence: i64,
}

/// Funding progress with the price curve ("if N more organisations join at the average
/// share, each pays X").
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/funding", tag = "funding", operation_id = "get_funding",
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "Progress", body = FundingSummary),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_funding(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let signed_in = user.0.is_some();
    let id = id.into_inner();
    let summary = state
        .db
        .read(move |conn| {
            let row = access::visible(conn, &id, user.0.as_ref())?;
            let idea = ideas::to_idea(conn, row)?;
            Ok(summarise(&idea))
        })
        .await?;
    let body = serde_json::to_string(&summary).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(public_json(&req, body, !signed_in))
}

/// A JSON answer with a strong `ETag` (304 when `If-None-Match` matches). Anonymous answers
/// are public: any site's script may read them (`Access-Control-Allow-Origin: *`, never
/// with credentials) and caches may keep them briefly; answers to a signed-in caller may
/// include private ideas, so they carry no CORS header and stay private.
fn public_json(req: &HttpRequest, body: String, anonymous: bool) -> HttpResponse {
    let etag = strong_etag(body.as_bytes());
    let matches = not_modified(req, &etag);
    let mut res = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::ETAG, etag));
    if anonymous {
        res.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
            .insert_header((header::CACHE_CONTROL, "public, max-age=15"));
    } else {
        res.insert_header((header::CACHE_CONTROL, "private, no-cache"));
    }
    if matches {
        res.finish()
    } else {
        res.content_type("application/json").body(body)
    }
}

/// The funding summary of an idea.
pub fn summarise(idea: &Idea) -> FundingSummary {
    let f = &idea.funding;
    FundingSummary {
        price_curve: price_curve(
            f.target_cost_pence,
            f.pledged_bp,
            f.pledger_count,
            i64::from(idea.min_pledgers),
            CURVE_JOINERS,
        ),
        funding: f.clone(),
        max_total_bp: idea.max_total_bp,
        status: idea.status,
    }
}

/// Records that this call closed the idea (when `closed`), with its outcome and why:
/// `deadline`, `proposer` or `platform_admin`.
pub fn audit_closed(
    conn: &mut crate::db::AnyConnection,
    ctx: &crate::audit::Ctx,
    idea_id: &str,
    closed: bool,
    why: &str,
    at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    if !closed {
        return Ok(());
    }
    let (org, status): (String, String) = {
        use crate::db::schema::ideas as i;
        use diesel::prelude::*;
        i::table
            .find(idea_id)
            .select((i::organisation_id, i::status))
            .first(conn)?
    };
    let entry = crate::audit::Entry::new("idea.closed", "idea", idea_id)
        .org(&org)
        .change(
            serde_json::json!({"status": "open"}),
            serde_json::json!({"status": status, "reason": why}),
        );
    crate::audit::record(conn, ctx, entry, at)
}

/// Close an open idea now: its proposer's owners and admins once the target is reached,
/// platform admins at any time. Closing an idea that is already closed changes nothing.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/close", tag = "funding", operation_id = "close_idea",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "Funded or not funded", body = Idea),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to close it (yet)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: not open", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn close_idea(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let idea = state
        .db
        .write(move |conn| {
            let row = access::visible(conn, &id, Some(&user))?;
            // Who may close comes first: a caller who may not gets 403 whatever the state.
            let manager = role_of(conn, &row.organisation_id, &user.id)?.is_some_and(|r| r.can_manage());
            if !manager && !user.is_platform_admin() {
                return Err(ApiError::Forbidden(
                    "Only the proposing organisation's owners and admins, or platform admins, can close an idea.".into(),
                ));
            }
            match row.status() {
                IdeaStatus::Open => {}
                IdeaStatus::Funded | IdeaStatus::NotFunded | IdeaStatus::InDelivery | IdeaStatus::Delivered => {
                    return ideas::to_idea(conn, row);
                }
                other => {
                    return Err(ApiError::conflict(
                        "invalid_transition",
                        format!("The idea is {} (status {}), so it cannot be closed.", other.label().to_lowercase(), other.code()),
                    ))
                }
            }
            if !user.is_platform_admin() {
                let reached = ideas::to_idea(conn, row.clone())?.funding.reached_target;
                if !reached {
                    return Err(ApiError::Forbidden(
                        "The proposing organisation's owners and admins can close an idea early once its target is reached.".into(),
                    ));
                }
            }
            let why = if user.is_platform_admin() { "platform_admin" } else { "proposer" };
            let closed = review::close(conn, &id, why)?;
            let at = crate::clock::now_on(conn, ctx.test_clock())?;
            audit_closed(conn, &ctx, &id, closed, why, at)?;
            let row = ideas::find_row(conn, &id)?.ok_or(ApiError::NotFound)?;
            ideas::to_idea(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(idea))
}

/// The fair-share commitments of a funded idea, in pledge order (empty before it is funded).
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/commitments", tag = "funding", operation_id = "list_commitments",
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "Commitments", body = Vec<Commitment>),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_commitments(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            access::visible(conn, &id, user.0.as_ref())?;
            let rows = pledges::of_idea(conn, &id, &[PledgeStatus::Committed])?;
            let names = pledges::organisation_names(conn, &rows)?;
            Ok(rows
                .into_iter()
                .map(|p| Commitment {
                    organisation_name: names.get(&p.organisation_id).cloned().unwrap_or_default(),
                    pledge_id: p.id,
                    organisation_id: p.organisation_id,
                    pledged_share_bp: p.share_bp,
                    final_share_bp: p.final_share_bp.unwrap_or(0),
                    final_amount_pence: p.final_amount_pence.unwrap_or(0),
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The idea's append-only ledger, oldest first. The counting total is the sum of `bp_delta`.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/ledger", tag = "funding", operation_id = "get_ledger",
    params(("id" = String, Path, description = "Idea id", max_length = 64), LedgerQuery),
    responses(
        (status = 200, description = "A page of entries", body = Page<LedgerEntry>),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_ledger(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
    query: ValidQuery<LedgerQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let after = match query.0.cursor.as_deref() {
        Some(c) => crate::extract::digits_cursor(c)
            .ok_or_else(|| ApiError::field("cursor", "is not a cursor from this ledger"))?,
        None => 0,
    };
    let limit = i64::from(query.0.limit.unwrap_or(20));
    let page = state
        .db
        .read(move |conn| {
            access::visible(conn, &id, user.0.as_ref())?;
            let mut items = ledger::page(conn, &id, after, limit + 1)?;
            let next_cursor = if items.len() as i64 > limit {
                items.truncate(limit as usize);
                items.last().map(|e| e.seq.to_string())
            } else {
                None
            };
            Ok(Page { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
