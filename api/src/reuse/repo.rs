//! Rows and queries of adoptions and their rebates, and the wire view of an adoption.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{adoption_rebates as rebates, adoptions};
use crate::db::{utc, AnyConnection};
use crate::delivery::funders::{self, Funder};
use crate::error::ApiError;
use cc2i_shared::reuse::rules::adoption_fee;
use cc2i_shared::reuse::{Adoption, AdoptionRebate, AdoptionStatus};

/// A row of `adoptions`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct AdoptionRow {
    pub id: String,
    pub idea_id: String,
    pub organisation_id: String,
    pub status: String,
    pub fee_pence: Option<i64>,
    pub rebate_pence: Option<i64>,
    pub proposer_pence: Option<i64>,
    pub adopter_number: Option<i64>,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub rejection_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub approved_at: Option<NaiveDateTime>,
}

impl AdoptionRow {
    /// The status as the domain type.
    pub fn status(&self) -> AdoptionStatus {
        AdoptionStatus::from_code(&self.status).unwrap_or(AdoptionStatus::Rejected)
    }
}

/// One adoption.
pub fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<AdoptionRow>, ApiError> {
    Ok(adoptions::table
        .find(id)
        .select(adoptions::all_columns)
        .first::<AdoptionRow>(conn)
        .optional()?)
}

/// The idea's adoptions, oldest first.
pub fn of_idea(conn: &mut AnyConnection, idea_id: &str) -> Result<Vec<AdoptionRow>, ApiError> {
    Ok(adoptions::table
        .filter(adoptions::idea_id.eq(idea_id))
        .order((adoptions::created_at.asc(), adoptions::id.asc()))
        .select(adoptions::all_columns)
        .load::<AdoptionRow>(conn)?)
}

/// The organisation's adoptions, newest first.
pub fn of_organisation(
    conn: &mut AnyConnection,
    org_id: &str,
) -> Result<Vec<AdoptionRow>, ApiError> {
    Ok(adoptions::table
        .filter(adoptions::organisation_id.eq(org_id))
        .order((adoptions::created_at.desc(), adoptions::id.desc()))
        .limit(500)
        .select(adoptions::all_columns)
        .load::<AdoptionRow>(conn)?)
}

/// How many adoptions of the idea are approved.
pub fn approved_count(conn: &mut AnyConnection, idea_id: &str) -> Result<i64, ApiError> {
    Ok(adoptions::table
        .filter(adoptions::idea_id.eq(idea_id))
        .filter(adoptions::status.eq(AdoptionStatus::Approved.code()))
        .count()
        .get_result(conn)?)
}

/// The organisation's pending or approved adoption of the idea, if any.
pub fn live_of(
    conn: &mut AnyConnection,
    idea_id: &str,
    org_id: &str,
) -> Result<Option<AdoptionRow>, ApiError> {
    Ok(adoptions::table
        .filter(adoptions::idea_id.eq(idea_id))
        .filter(adoptions::organisation_id.eq(org_id))
        .filter(
            adoptions::status
                .eq(AdoptionStatus::PendingApproval.code())
                .or(adoptions::status.eq(AdoptionStatus::Approved.code())),
        )
        .select(adoptions::all_columns)
        .first::<AdoptionRow>(conn)
        .optional()?)
}

/// The fee the next approved adopter of the idea pays.
pub fn next_fee(
    conn: &mut AnyConnection,
    idea_id: &str,
    funders: &[Funder],
) -> Result<i64, ApiError> {
    Ok(adoption_fee(
        funders::build_cost(funders),
        funders.len() as i64,
        approved_count(conn, idea_id)?,
    ))
}

/// The wire view: approved adoptions with their fixed fee and rebates, pending ones with
/// the fee they would pay if approved now.
pub fn view(conn: &mut AnyConnection, row: AdoptionRow) -> Result<Adoption, ApiError> {
    let idea = crate::ideas::repo::find_row(conn, &row.idea_id)?.ok_or(ApiError::NotFound)?;
    let funders = funders::of_idea(conn, &row.idea_id)?;
    let fee_pence = match row.fee_pence {
        Some(fee) => fee,
        None => next_fee(conn, &row.idea_id, &funders)?,
    };
    let paid: Vec<(String, i64)> = rebates::table
        .filter(rebates::adoption_id.eq(&row.id))
        .select((rebates::organisation_id, rebates::amount_pence))
        .load(conn)?;
    let rebates = funders
        .iter()
        .filter_map(|f| {
            paid.iter()
                .find(|(org, _)| *org == f.organisation_id)
                .map(|(_, amount)| AdoptionRebate {
                    organisation_id: f.organisation_id.clone(),
                    organisation_name: f.name.clone(),
                    amount_pence: *amount,
                })
        })
        .collect();
    Ok(Adoption {
        status: row.status(),
        organisation_name: funders::name_of(conn, &row.organisation_id)?,
        id: row.id,
        idea_id: row.idea_id,
        idea_title: idea.title,
        organisation_id: row.organisation_id,
        fee_pence,
        rebate_pence: row.rebate_pence,
        proposer_pence: row.proposer_pence,
        rebates,
        adopter_number: row.adopter_number,
        rejection_reason: row.rejection_reason,
        created_at: utc(row.created_at),
        approved_at: row.approved_at.map(utc),
    })
}
