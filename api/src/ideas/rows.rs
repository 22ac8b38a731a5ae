//! Database rows for ideas.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::ideas;
use crate::db::utc;
use cc2i_shared::idea::{Funding, Idea, OrganisationSummary, VotingModel};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::ServiceArea;

/// A row of `ideas`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct IdeaRow {
    pub id: String,
    pub organisation_id: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub status: String,
    pub deadline: NaiveDateTime,
    pub currency: String,
    pub min_pledgers: i32,
    pub min_pledge_bp: i32,
    pub max_total_bp: i32,
    pub voting_model: String,
    pub rebate_bp: i32,
    pub business_case_version: Option<i32>,
    pub target_cost_pence: i64,
    pub pledged_bp: i64,
    pub pledger_count: i64,
    pub review_feedback: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub active_bp: i64,
    pub ledger_seq: i64,
    pub closed_at: Option<NaiveDateTime>,
}

/// A new row of `ideas`.
#[derive(Debug, Insertable)]
#[diesel(table_name = ideas)]
pub struct NewIdeaRow {
    pub id: String,
    pub organisation_id: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub status: String,
    pub deadline: NaiveDateTime,
    pub currency: String,
    pub min_pledgers: i32,
    pub min_pledge_bp: i32,
    pub max_total_bp: i32,
    pub voting_model: String,
    pub rebate_bp: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to a draft; `None` leaves a column alone.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = ideas)]
pub struct IdeaChanges {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deadline: Option<NaiveDateTime>,
    pub min_pledgers: Option<i32>,
    pub min_pledge_bp: Option<i32>,
    pub max_total_bp: Option<i32>,
    pub voting_model: Option<String>,
    pub rebate_bp: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}

impl IdeaRow {
    /// The status as the domain type.
    pub fn status(&self) -> IdeaStatus {
        IdeaStatus::from_code(&self.status).unwrap_or(IdeaStatus::Draft)
    }

    /// The wire form, given its organisation and service areas.
    pub fn into_idea(
        self,
        organisation: OrganisationSummary,
        service_areas: Vec<ServiceArea>,
    ) -> Idea {
        let deadline = utc(self.deadline);
        Idea {
            funding: Funding::from_totals(
                self.target_cost_pence,
                self.pledged_bp,
                self.pledger_count,
                self.min_pledgers,
                deadline,
            ),
            status: self.status(),
            id: self.id,
            organisation,
            title: self.title,
            summary: self.summary,
            description: self.description,
            service_areas,
            deadline,
            currency: self.currency,
            min_pledgers: self.min_pledgers,
            min_pledge_bp: self.min_pledge_bp,
            max_total_bp: self.max_total_bp,
            voting_model: VotingModel::from_code(&self.voting_model),
            rebate_bp: self.rebate_bp,
            business_case_version: self.business_case_version,
            target_cost_pence: self.target_cost_pence,
            review_feedback: self.review_feedback,
            created_at: utc(self.created_at),
            published_at: self.published_at.map(utc),
        }
    }
}
