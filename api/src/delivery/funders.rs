//! The original funders of a funded idea: its committed pledges, in pledge-time order.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::schema::organisations;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::pledges::repo as pledges;
use cc2i_shared::pledge::PledgeStatus;

/// One funder and its commitment.
#[derive(Debug, Clone)]
pub struct Funder {
    /// Its committed pledge.
    pub pledge_id: String,
    /// The organisation.
    pub organisation_id: String,
    /// Its name.
    pub name: String,
    /// Its final share; all of them sum to 10000.
    pub final_share_bp: i64,
    /// What it committed; all of them sum to the build cost.
    pub final_amount_pence: i64,
}

/// The idea's funders, earliest pledge first (that order breaks ties in every split).
pub fn of_idea(conn: &mut AnyConnection, idea_id: &str) -> Result<Vec<Funder>, ApiError> {
    let rows = pledges::of_idea(conn, idea_id, &[PledgeStatus::Committed])?;
    let names = pledges::organisation_names(conn, &rows)?;
    Ok(rows
        .into_iter()
        .map(|p| Funder {
            name: names.get(&p.organisation_id).cloned().unwrap_or_default(),
            pledge_id: p.id,
            organisation_id: p.organisation_id,
            final_share_bp: p.final_share_bp.unwrap_or(0),
            final_amount_pence: p.final_amount_pence.unwrap_or(0),
        })
        .collect())
}

/// What it cost to build: the sum of the commitments (the target when it was funded).
pub fn build_cost(funders: &[Funder]) -> i64 {
    funders.iter().map(|f| f.final_amount_pence).sum()
}

/// The final shares in pledge order.
pub fn shares(funders: &[Funder]) -> Vec<i64> {
    funders.iter().map(|f| f.final_share_bp).collect()
}

/// Organisation names by id.
pub fn names(conn: &mut AnyConnection, ids: &[&str]) -> Result<HashMap<String, String>, ApiError> {
    Ok(organisations::table
        .filter(organisations::id.eq_any(ids))
        .select((organisations::id, organisations::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// One organisation's name.
pub fn name_of(conn: &mut AnyConnection, id: &str) -> Result<String, ApiError> {
    Ok(names(conn, &[id])?.remove(id).unwrap_or_default())
}
