//! Approving an adoption fixes its fee and pays the re-use dividend to the original funders;
//! rejecting it ends it with nothing due. Both run under the idea's lock with their ledger
//! entries in the same transaction.

use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use serde_json::json;

use super::repo::{self, AdoptionRow};
use crate::auth::AuthUser;
use crate::db::schema::{adoption_rebates as rebates, adoptions};
use crate::db::{now, AnyConnection};
use crate::delivery::funders;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::rows::IdeaRow;
use crate::organisations::members::role_of;
use crate::pledges::engine::lock_idea;
use crate::pledges::ledger;
use crate::state::AppState;
use cc2i_shared::reuse::rules::{adoption_fee, fee_split};
use cc2i_shared::reuse::{Adoption, AdoptionStatus, RejectAdoption};
use cc2i_shared::Problem;

/// Approves a pending adoption: the fee is the build cost divided by the funders, the
/// adopters approved before and this one; `rebate_bp` of it is shared among the original
/// funders by final share and the rest goes to the proposer.
pub fn approve(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    row: &AdoptionRow,
    approver: &str,
) -> Result<(), ApiError> {
    let funders = funders::of_idea(conn, &idea.id)?;
    let before = repo::approved_count(conn, &idea.id)?;
    let fee = adoption_fee(funders::build_cost(&funders), funders.len() as i64, before);
    let split = fee_split(fee, i64::from(idea.rebate_bp), &funders::shares(&funders));
    let at = now();
    diesel::update(adoptions::table.find(&row.id))
        .set((
            adoptions::status.eq(AdoptionStatus::Approved.code()),
            adoptions::fee_pence.eq(Some(split.fee_pence)),
            adoptions::rebate_pence.eq(Some(split.rebate_pence)),
            adoptions::proposer_pence.eq(Some(split.proposer_pence)),
            adoptions::adopter_number.eq(Some(before + 1)),
            adoptions::approved_by.eq(Some(approver)),
            adoptions::approved_at.eq(Some(at)),
            adoptions::updated_at.eq(at),
        ))
        .execute(conn)?;
    let detail: Vec<_> = funders
        .iter()
        .zip(&split.rebates)
        .map(|(f, amount)| json!({"organisation_id": f.organisation_id, "final_share_bp": f.final_share_bp, "amount_pence": amount}))
        .collect();
    ledger::append(
        conn,
        &idea.id,
        "adoption_approved",
        None,
        0,
        json!({
            "adoption_id": row.id,
            "organisation_id": row.organisation_id,
            "adopter_number": before + 1,
            "funders": funders.len(),
            "build_cost_pence": funders::build_cost(&funders),
            "fee_pence": split.fee_pence,
            "rebate_bp": idea.rebate_bp,
            "rebate_pence": split.rebate_pence,
            "proposer_pence": split.proposer_pence,
            "rebates": detail,
            "approved_by": approver,
        }),
    )?;
    for (f, amount) in funders.iter().zip(&split.rebates) {
        diesel::insert_into(rebates::table)
            .values((
                rebates::adoption_id.eq(&row.id),
                rebates::organisation_id.eq(&f.organisation_id),
                rebates::idea_id.eq(&idea.id),
                rebates::pledge_id.eq(&f.pledge_id),
                rebates::amount_pence.eq(amount),
                rebates::created_at.eq(at),
            ))
            .execute(conn)?;
        ledger::append(
            conn,
            &idea.id,
            "reuse_dividend",
            Some((&f.pledge_id, &f.organisation_id)),
            0,
            json!({"adoption_id": row.id, "amount_pence": amount, "final_share_bp": f.final_share_bp}),
        )?;
    }
    super::events::approved(
        conn,
        idea,
        row,
        &funders,
        &split.rebates,
        split.fee_pence,
        approver,
    )
}

struct Context {
    row: AdoptionRow,
    idea: IdeaRow,
}

/// Loads a pending adoption for an owner or admin of its organisation (other members: 403;
/// others: 404; platform admins, who can see it: 403; its requester, when `approving`: 403
/// `self_approval_forbidden`) under the idea's lock, checking who may act before the state; 409 `invalid_adoption_status` unless it is pending.
fn pending(
    conn: &mut AnyConnection,
    id: &str,
    user: &AuthUser,
    approving: bool,
) -> Result<Context, ApiError> {
    let first = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let role = match role_of(conn, &first.organisation_id, &user.id)? {
        Some(role) => role,
        // Platform admins can read every adoption: refuse them, rather than pretend it is missing.
        None if user.is_platform_admin() => {
            return Err(ApiError::Forbidden(
                "Only the adopting organisation's owners and admins can do that.".into(),
            ))
        }
        None => return Err(ApiError::NotFound),
    };
    if !role.can_manage() {
        return Err(ApiError::Forbidden(
            "Only the organisation's owners and admins can approve or reject adoptions.".into(),
        ));
    }
    let idea = lock_idea(conn, &first.idea_id)?;
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    if approving && row.created_by == user.id {
        return Err(ApiError::Denied {
            code: "self_approval_forbidden",
            detail: "A second person must approve an adoption: you requested this one.".into(),
        });
    }
    if row.status() != AdoptionStatus::PendingApproval {
        return Err(ApiError::conflict(
            "invalid_adoption_status",
            format!(
                "This adoption is {}; only one awaiting approval can be approved or rejected.",
                row.status().label().to_lowercase()
            ),
        ));
    }
    Ok(Context { row, idea })
}

/// Approve an adoption as an owner or admin of the adopting organisation who did not
/// request it. Fixes the fee and pays the re-use dividend.
#[utoipa::path(
    post, path = "/api/v1/adoptions/{id}/approve", tag = "re-use", operation_id = "approve_adoption",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Adoption id", max_length = 64)),
    responses(
        (status = 200, description = "Approved", body = Adoption),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin, or `self_approval_forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such adoption, or not your organisation's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_adoption_status`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn approve_adoption(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let adoption: Adoption = state
        .db
        .write(move |conn| {
            let Context { row, idea } = pending(conn, &id, &user, true)?;
            approve(conn, &idea, &row, &user.id)?;
            let row = repo::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            repo::view(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(adoption))
}

/// Reject an adoption awaiting approval (owners and admins of the adopting organisation).
#[utoipa::path(
    post, path = "/api/v1/adoptions/{id}/reject", tag = "re-use", operation_id = "reject_adoption",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Adoption id", max_length = 64)),
    request_body = RejectAdoption,
    responses(
        (status = 200, description = "Rejected", body = Adoption),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such adoption, or not your organisation's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_adoption_status`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reject_adoption(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<RejectAdoption>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let reason = body.0.reason.trim().to_string();
    let adoption: Adoption = state
        .db
        .write(move |conn| {
            let Context { row, idea } = pending(conn, &id, &user, false)?;
            let at = now();
            diesel::update(adoptions::table.find(&row.id))
                .set((
                    adoptions::status.eq(AdoptionStatus::Rejected.code()),
                    adoptions::rejection_reason.eq(Some(&reason)),
                    adoptions::updated_at.eq(at),
                ))
                .execute(conn)?;
            ledger::append(
                conn,
                &idea.id,
                "adoption_rejected",
                None,
                0,
                json!({"adoption_id": row.id, "organisation_id": row.organisation_id, "reason": reason, "rejected_by": user.id}),
            )?;
            super::events::rejected(conn, &idea, &row, &reason)?;
            let row = repo::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            repo::view(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(adoption))
}
