//! Queries on pledges.

use std::collections::HashMap;

use diesel::prelude::*;

use super::rows::PledgeRow;
use crate::db::schema::{organisations, pledges};
use crate::db::AnyConnection;
use crate::error::ApiError;
use cc2i_shared::pledge::PledgeStatus;

/// Live statuses, as codes.
pub fn live_codes() -> Vec<&'static str> {
    PledgeStatus::ALL
        .iter()
        .filter(|s| s.is_live())
        .map(|s| s.code())
        .collect()
}

/// One pledge.
pub fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<PledgeRow>, ApiError> {
    Ok(pledges::table
        .find(id)
        .select(pledges::all_columns)
        .first::<PledgeRow>(conn)
        .optional()?)
}

/// The organisation's live pledge on the idea, if any.
pub fn live_of(
    conn: &mut AnyConnection,
    idea_id: &str,
    org_id: &str,
) -> Result<Option<PledgeRow>, ApiError> {
    Ok(pledges::table
        .filter(pledges::idea_id.eq(idea_id))
        .filter(pledges::organisation_id.eq(org_id))
        // Spelled out rather than `eq_any`, so the statement is prepared once and cached.
        .filter(
            pledges::status
                .eq(PledgeStatus::PendingApproval.code())
                .or(pledges::status.eq(PledgeStatus::Active.code()))
                .or(pledges::status.eq(PledgeStatus::NeedsReconsent.code())),
        )
        .select(pledges::all_columns)
        .first::<PledgeRow>(conn)
        .optional()?)
}

/// The idea's pledges in these statuses, oldest first (pledge time breaks ties).
pub fn of_idea(
    conn: &mut AnyConnection,
    idea_id: &str,
    statuses: &[PledgeStatus],
) -> Result<Vec<PledgeRow>, ApiError> {
    let codes: Vec<&str> = statuses.iter().map(|s| s.code()).collect();
    Ok(pledges::table
        .filter(pledges::idea_id.eq(idea_id))
        .filter(pledges::status.eq_any(codes))
        .order((pledges::created_at.asc(), pledges::id.asc()))
        .select(pledges::all_columns)
        .load::<PledgeRow>(conn)?)
}

/// How many of the idea's pledges are active.
pub fn count_active(conn: &mut AnyConnection, idea_id: &str) -> Result<i64, ApiError> {
    Ok(pledges::table
        .filter(pledges::idea_id.eq(idea_id))
        .filter(pledges::status.eq(PledgeStatus::Active.code()))
        .count()
        .get_result(conn)?)
}

/// The idea's active pledges that carry a condition.
pub fn conditional_active(
    conn: &mut AnyConnection,
    idea_id: &str,
) -> Result<Vec<PledgeRow>, ApiError> {
    Ok(pledges::table
        .filter(pledges::idea_id.eq(idea_id))
        .filter(pledges::status.eq(PledgeStatus::Active.code()))
        .filter(pledges::condition_min_others.is_not_null())
        .select(pledges::all_columns)
        .load::<PledgeRow>(conn)?)
}

/// The organisation's pledges, newest first.
pub fn of_organisation(conn: &mut AnyConnection, org_id: &str) -> Result<Vec<PledgeRow>, ApiError> {
    Ok(pledges::table
        .filter(pledges::organisation_id.eq(org_id))
        .order((pledges::created_at.desc(), pledges::id.desc()))
        .limit(500)
        .select(pledges::all_columns)
        .load::<PledgeRow>(conn)?)
}

/// Organisation names by id.
pub fn organisation_names(
    conn: &mut AnyConnection,
    rows: &[PledgeRow],
) -> Result<HashMap<String, String>, ApiError> {
    let ids: Vec<&String> = rows.iter().map(|r| &r.organisation_id).collect();
    Ok(organisations::table
        .filter(organisations::id.eq_any(ids))
        .select((organisations::id, organisations::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}
