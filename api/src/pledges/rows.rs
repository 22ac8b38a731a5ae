//! Database rows for pledges.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::pledges;
use crate::db::utc;
use cc2i_shared::pledge::{Pledge, PledgeCondition, PledgeStatus, PublicPledge};

/// A row of `pledges`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct PledgeRow {
    pub id: String,
    pub idea_id: String,
    pub organisation_id: String,
    pub share_bp: i64,
    pub pending_share_bp: Option<i64>,
    pub status: String,
    pub business_case_version: i32,
    pub condition_min_others: Option<i32>,
    pub condition_met: bool,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub rejection_reason: Option<String>,
    pub final_share_bp: Option<i64>,
    pub final_amount_pence: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by_api_key_id: Option<String>,
}

/// A new row of `pledges`.
#[derive(Debug, Insertable)]
#[diesel(table_name = pledges)]
pub struct NewPledgeRow {
    pub id: String,
    pub idea_id: String,
    pub organisation_id: String,
    pub share_bp: i64,
    pub status: String,
    pub business_case_version: i32,
    pub condition_min_others: Option<i32>,
    pub condition_met: bool,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by_api_key_id: Option<String>,
}

impl PledgeRow {
    /// The status as the domain type.
    pub fn status(&self) -> PledgeStatus {
        PledgeStatus::from_code(&self.status).unwrap_or(PledgeStatus::Lapsed)
    }

    /// What this pledge adds to the idea's counting total now.
    pub fn contribution(&self) -> i64 {
        match self.status() {
            PledgeStatus::Active if self.condition_met => self.share_bp,
            PledgeStatus::Committed => self.share_bp,
            _ => 0,
        }
    }

    /// The full view, for its organisation.
    pub fn into_pledge(self, organisation_name: String, target_cost_pence: i64) -> Pledge {
        Pledge {
            amount_pence: amount_of(target_cost_pence, self.share_bp),
            status: self.status(),
            id: self.id,
            idea_id: self.idea_id,
            organisation_id: self.organisation_id,
            organisation_name,
            share_bp: self.share_bp,
            pending_share_bp: self.pending_share_bp,
            business_case_version: self.business_case_version,
            condition: self.condition_min_others.map(|n| PledgeCondition {
                min_other_organisations: n,
            }),
            condition_met: self.condition_met,
            created_by: self.created_by,
            approved_by: self.approved_by,
            rejection_reason: self.rejection_reason,
            final_share_bp: self.final_share_bp,
            final_amount_pence: self.final_amount_pence,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            created_by_api_key_id: self.created_by_api_key_id,
        }
    }

    /// The public view: the organisation, never the people.
    pub fn into_public(self, organisation_name: String) -> PublicPledge {
        PublicPledge {
            status: self.status(),
            id: self.id,
            organisation_id: self.organisation_id,
            organisation_name,
            share_bp: self.share_bp,
            condition_met: self.condition_met,
            final_share_bp: self.final_share_bp,
            created_at: utc(self.created_at),
        }
    }
}

/// `share_bp` of `target` in whole pence (rounded down).
pub fn amount_of(target_cost_pence: i64, share_bp: i64) -> i64 {
    (i128::from(target_cost_pence) * i128::from(share_bp) / 10_000) as i64
}
