//! Handlers that make and read pledges.

use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use cc2i_shared::webhook::WebhookEventType;
use serde_json::json;

use super::engine::{check_cap, lock_idea, settle_row, Before};
use super::idempotency::{
    claim, fingerprint, finish, is_in_progress, lease, release, replay, stored, Begin, Claim,
    IdempotencyKey, LeaseGuard,
};
use super::repo;
use super::rows::{amount_of, NewPledgeRow, PledgeRow};
use crate::auth::{needs, Actor, Caller, MaybeAuthUser, Scoped};
use crate::db::schema::{memberships, organisations, pledges};
use crate::db::{new_id, now, AnyConnection};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::access;
use crate::state::AppState;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::organisation::OrgRole;
use cc2i_shared::pledge::{CreatePledge, Pledge, PledgeStatus, PublicPledge};
use cc2i_shared::Problem;
use diesel::prelude::*;

/// The full view of a pledge.
pub fn full(conn: &mut AnyConnection, row: PledgeRow) -> Result<Pledge, ApiError> {
    let target =
        crate::ideas::repo::find_row(conn, &row.idea_id)?.map_or(0, |i| i.target_cost_pence);
    let name = repo::organisation_names(conn, std::slice::from_ref(&row))?
        .remove(&row.organisation_id)
        .unwrap_or_default();
    Ok(row.into_pledge(name, target))
}

/// 409 `stale_business_case` unless `version` is the idea's current one.
pub fn require_current_version(current: Option<i32>, version: i32) -> Result<(), ApiError> {
    if current == Some(version) {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "stale_business_case",
            format!(
                "You accepted version {version} of the business case, but the current version is {}. Read it and accept it.",
                current.unwrap_or(0)
            ),
        ))
    }
}

fn create(
    conn: &mut AnyConnection,
    idea_id: &str,
    actor: &Actor,
    new: CreatePledge,
) -> Result<Pledge, ApiError> {
    // The caller's role and the organisation's terms in one query, read before the idea's
    // lock so the lock is held for as little as possible (refusals keep their order).
    let membership: Option<(String, String, bool, i64)> = match actor {
        Actor::Person(user) => organisations::table
            .inner_join(memberships::table)
            .filter(organisations::id.eq(&new.organisation_id))
            .filter(memberships::user_id.eq(&user.id))
            .select((
                memberships::role,
                organisations::name,
                organisations::verified,
                organisations::self_approval_limit_pence,
            ))
            .first(conn)
            .optional()?,
        // A key pledges for its own organisation only, as a member.
        Actor::Key(key) if key.organisation_id == new.organisation_id => organisations::table
            .find(&new.organisation_id)
            .select((
                organisations::name,
                organisations::verified,
                organisations::self_approval_limit_pence,
            ))
            .first::<(String, bool, i64)>(conn)
            .optional()?
            .map(|(name, verified, limit)| {
                (OrgRole::Member.code().to_string(), name, verified, limit)
            }),
        Actor::Key(_) => None,
    };
    let idea = lock_idea(conn, idea_id)?;
    if !idea.status().is_public()
        && !actor.is_platform_admin()
        && actor.role_in(conn, &idea.organisation_id)?.is_none()
    {
        return Err(ApiError::NotFound);
    }
    if idea.status() != IdeaStatus::Open {
        return Err(ApiError::conflict(
            "idea_not_open",
            format!(
                "Pledges are taken while an idea is open; this one is {} (status {}).",
                idea.status().label().to_lowercase(),
                idea.status().code()
            ),
        ));
    }
    let (role, organisation_name, verified, limit) = membership.ok_or_else(|| {
        ApiError::Forbidden("You can only pledge for organisations you belong to.".into())
    })?;
    let role = OrgRole::from_code(&role)
        .ok_or_else(|| ApiError::Internal(format!("unknown role {role}")))?;
    if !verified {
        return Err(ApiError::conflict(
            "organisation_not_verified",
            "Only organisations verified by CC2i can pledge public money.",
        ));
    }
    require_current_version(idea.business_case_version, new.business_case_version)?;
    if new.share_bp < i64::from(idea.min_pledge_bp) {
        return Err(ApiError::field(
            "share_bp",
            format!(
                "must be at least {} basis points for this idea",
                idea.min_pledge_bp
            ),
        ));
    }
    if repo::live_of(conn, idea_id, &new.organisation_id)?.is_some() {
        return Err(ApiError::conflict(
            "already_pledged",
            "Your organisation already has a live pledge on this idea; change it instead.",
        ));
    }
    // Maker-checker: a pledge made with an API key always waits for a person.
    let self_approved = actor.person().is_some()
        && role.can_manage()
        && amount_of(idea.target_cost_pence, new.share_bp) <= limit;
    let status = if self_approved {
        check_cap(&idea, new.share_bp)?;
        PledgeStatus::Active
    } else {
        PledgeStatus::PendingApproval
    };
    let at = now();
    let id = new_id();
    let inserted: PledgeRow = diesel::insert_into(pledges::table)
        .values(&NewPledgeRow {
            id: id.clone(),
            idea_id: idea_id.to_string(),
            organisation_id: new.organisation_id,
            share_bp: new.share_bp,
            status: status.code().into(),
            business_case_version: new.business_case_version,
            condition_min_others: new.condition.map(|c| c.min_other_organisations),
            condition_met: new.condition.is_none(),
            created_by: actor.user_id().to_string(),
            approved_by: None,
            created_at: at,
            updated_at: at,
            created_by_api_key_id: actor.api_key_id().map(str::to_string),
        })
        .returning(pledges::all_columns)
        .get_result(conn)?;
    let data = json!({
        "share_bp": new.share_bp,
        "status": status.code(),
        "business_case_version": new.business_case_version,
        "condition": new.condition,
    });
    let row = settle_row(
        conn,
        idea_id,
        inserted,
        Before::NOTHING,
        "pledge_created",
        data,
    )?;
    if status == PledgeStatus::PendingApproval {
        super::events::awaiting_approval(conn, &idea, &row, row.share_bp)?;
    }
    crate::webhooks::events::pledge(conn, WebhookEventType::PledgeCreated, &row.id, at)?;
    if status == PledgeStatus::Active {
        crate::webhooks::events::pledge(conn, WebhookEventType::PledgeApproved, &row.id, at)?;
    }
    Ok(row.into_pledge(organisation_name, idea.target_cost_pence))
}

/// Pledge a share of an idea's cost for your organisation.
///
/// Send an `Idempotency-Key` header: a retry with the same key replays the first answer
/// (`Idempotent-Replayed: true`) and never creates a second pledge. A pledge by an owner
/// or admin within the organisation's self-approval limit is active at once; any other
/// waits for a second person's approval.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/pledges", tag = "pledges", operation_id = "create_pledge",
    security(("bearer" = []), ("api_key" = ["pledges:write"])),
    params(
        ("id" = String, Path, description = "Idea id", max_length = 64),
        ("Idempotency-Key" = String, Header, description = "16 to 128 characters of A-Z, a-z, 0-9, - and _", min_length = 16, max_length = 128, pattern = "^[A-Za-z0-9_-]{16,128}$"),
    ),
    request_body = CreatePledge,
    responses(
        (status = 201, description = "Pledged (active or pending approval)", body = Pledge),
        (status = 400, description = "Bad JSON, or `idempotency_key_missing` / `idempotency_key_invalid`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of that organisation, or `insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_open`, `organisation_not_verified`, `stale_business_case`, `already_pledged`, `funding_full` or `request_in_progress`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`), such as a `share_bp` below the idea's `min_pledge_bp`, or `idempotency_key_reused`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_pledge(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Scoped<needs::PledgesWrite>,
    key: IdempotencyKey,
    id: web::Path<String>,
    body: ValidJson<CreatePledge>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    let hash = fingerprint(req.path(), &body.0);
    // Idempotency keys are per person, and per API key for machines.
    let user_id = match actor.api_key_id() {
        Some(key_id) => format!("api_key:{key_id}"),
        None => actor.user_id().to_string(),
    };
    let key = key.0;
    let (uid, k, h) = (user_id.clone(), key.clone(), hash.clone());
    // Leased in its own committed transaction, so a duplicate on any replica sees it.
    let holder = match state
        .db
        .write_unlisted(move |conn| lease(conn, &uid, &k, &h))
        .await?
    {
        Begin::Replay { status, body } => return Ok(replay(status, body)),
        Begin::Leased(holder) => holder,
    };
    let mut guard = LeaseGuard::new(state.db.clone(), &user_id, &key, &holder);
    let (uid, k, h, who) = (user_id.clone(), key.clone(), hash.clone(), holder.clone());
    let result = state
        .db
        .write(move |conn| {
            if let Claim::Replay { status, body } = claim(conn, &uid, &k, &h)? {
                release(conn, &uid, &k, &who)?;
                return Ok((status, body, true));
            }
            let pledge = create(conn, &id, &actor, body.0)?;
            let json =
                serde_json::to_string(&pledge).map_err(|e| ApiError::Internal(e.to_string()))?;
            finish(conn, &uid, &k, &h, 201, &json)?;
            release(conn, &uid, &k, &who)?;
            Ok((201, json, false))
        })
        .await;
    if result.is_ok() {
        guard.disarm();
    }
    match result {
        Ok((status, body, true)) => Ok(replay(status, body)),
        Ok((_, json, false)) => Ok(HttpResponse::Created()
            .content_type("application/json")
            .body(json)),
        Err(error) if is_in_progress(&error) => {
            // Another request (its lease expired) committed this key first: answer as it did.
            let (uid, k) = (user_id.clone(), key.clone());
            match state.db.read(move |conn| stored(conn, &uid, &k)).await? {
                Some((status, body)) => Ok(replay(status, body)),
                None => Err(error),
            }
        }
        Err(error) if error.status_code().is_client_error() => {
            // A refusal is an answer too: store it so a retry gets the same one.
            let status = error.status_code().as_u16();
            let problem = serde_json::to_string(&error.problem()).unwrap_or_default();
            let outcome = state
                .db
                .write(move |conn| {
                    let answer = match claim(conn, &user_id, &key, &hash)? {
                        Claim::Fresh => {
                            finish(conn, &user_id, &key, &hash, status, &problem)?;
                            None
                        }
                        Claim::Replay { status, body } => Some((status, body)),
                    };
                    release(conn, &user_id, &key, &holder)?;
                    Ok(answer)
                })
                .await;
            if outcome.is_ok() {
                guard.disarm();
            }
            match outcome {
                // A duplicate whose lease outlived ours answered first: answer as it did.
                Ok(Some((status, body))) => Ok(replay(status, body)),
                Ok(None) => Err(error),
                Err(e) if e.status_code().is_client_error() => Err(error),
                Err(e) => {
                    tracing::warn!(error = %e, "could not store a refused request's answer");
                    Err(error)
                }
            }
        }
        Err(error) => Err(error),
    }
}

/// The idea's pledges this caller may see, oldest first, with their organisations' names:
/// public statuses to everyone, pending and rejected ones to their own organisation (and
/// platform admins). 404 if the idea is not visible to them.
pub fn visible_pledges<C: Caller>(
    conn: &mut AnyConnection,
    idea_id: &str,
    user: Option<&C>,
) -> Result<Vec<(PledgeRow, String)>, ApiError> {
    access::visible(conn, idea_id, user)?;
    let rows = repo::of_idea(conn, idea_id, PledgeStatus::ALL)?;
    let mut visible = Vec::new();
    for row in rows {
        let own = match user {
            Some(u) => u.is_platform_admin() || u.role_in(conn, &row.organisation_id)?.is_some(),
            None => false,
        };
        if row.status().is_public() || own {
            visible.push(row);
        }
    }
    let names = repo::organisation_names(conn, &visible)?;
    Ok(visible
        .into_iter()
        .map(|r| {
            let name = names.get(&r.organisation_id).cloned().unwrap_or_default();
            (r, name)
        })
        .collect())
}

/// An idea's pledges: organisations and shares, never the people. Pending and rejected
/// pledges are shown only to their own organisation.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/pledges", tag = "pledges", operation_id = "list_idea_pledges",
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "The pledges, oldest first", body = Vec<PublicPledge>),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_idea_pledges(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            Ok(visible_pledges(conn, &id, user.0.as_ref())?
                .into_iter()
                .map(|(row, name)| row.into_public(name))
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One pledge in full (its organisation's members and platform admins).
#[utoipa::path(
    get, path = "/api/v1/pledges/{id}", tag = "pledges", operation_id = "get_pledge",
    security(("bearer" = []), ("api_key" = ["pledges:read"])),
    params(("id" = String, Path, description = "Pledge id", max_length = 64)),
    responses(
        (status = 200, description = "The pledge", body = Pledge),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pledge, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_pledge(
    state: web::Data<AppState>,
    actor: Scoped<needs::PledgesRead>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    let id = id.into_inner();
    let pledge = state
        .db
        .read(move |conn| {
            let row = repo::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            actor.member_of(conn, &row.organisation_id)?;
            full(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(pledge))
}

/// An organisation's pledges, newest first (its members and platform admins).
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/pledges", tag = "pledges", operation_id = "list_organisation_pledges",
    security(("bearer" = []), ("api_key" = ["pledges:read"])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "The pledges", body = Vec<Pledge>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not a member", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_organisation_pledges(
    state: web::Data<AppState>,
    actor: Scoped<needs::PledgesRead>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            crate::organisations::repo::get_or_404(conn, &id)?;
            actor.member_of(conn, &id)?;
            repo::of_organisation(conn, &id)?
                .into_iter()
                .map(|row| full(conn, row))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
