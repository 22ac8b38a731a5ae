//! Rows and queries of delivery milestones, their submissions, decisions and payments.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    delivery_milestones as milestones, idea_delivery, milestone_decisions as decisions,
    milestone_payments as payments, milestone_submissions as submissions,
};
use crate::db::AnyConnection;
use crate::error::ApiError;
use cc2i_shared::delivery::MilestoneStatus;

/// A row of `delivery_milestones`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct MilestoneRow {
    pub id: String,
    pub idea_id: String,
    pub title: String,
    pub description: String,
    pub due_date: String,
    pub payment_bp: i64,
    pub status: String,
    pub submission: i64,
    pub evidence: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    pub paid_pence: i64,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl MilestoneRow {
    /// The status as the domain type.
    pub fn status(&self) -> MilestoneStatus {
        MilestoneStatus::from_code(&self.status).unwrap_or(MilestoneStatus::Planned)
    }
}

/// A row of `milestone_submissions`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct SubmissionRow {
    pub milestone_id: String,
    pub submission: i64,
    pub evidence: String,
    pub submitted_by: String,
    pub submitted_at: NaiveDateTime,
    pub outcome: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
}

/// A row of `milestone_decisions`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct DecisionRow {
    pub milestone_id: String,
    pub submission: i64,
    pub organisation_id: String,
    pub pledge_id: String,
    pub decision: String,
    pub note: Option<String>,
    pub decided_by: String,
    pub created_at: NaiveDateTime,
}

/// One milestone.
pub fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<MilestoneRow>, ApiError> {
    Ok(milestones::table
        .find(id)
        .select(milestones::all_columns)
        .first::<MilestoneRow>(conn)
        .optional()?)
}

/// The idea's milestones, soonest due first.
pub fn of_idea(conn: &mut AnyConnection, idea_id: &str) -> Result<Vec<MilestoneRow>, ApiError> {
    Ok(milestones::table
        .filter(milestones::idea_id.eq(idea_id))
        .order((
            milestones::due_date.asc(),
            milestones::created_at.asc(),
            milestones::id.asc(),
        ))
        .select(milestones::all_columns)
        .load::<MilestoneRow>(conn)?)
}

/// Every submission of a milestone, first first.
pub fn submissions_of(
    conn: &mut AnyConnection,
    milestone_id: &str,
) -> Result<Vec<SubmissionRow>, ApiError> {
    Ok(submissions::table
        .filter(submissions::milestone_id.eq(milestone_id))
        .order(submissions::submission.asc())
        .select(submissions::all_columns)
        .load::<SubmissionRow>(conn)?)
}

/// Every decision on a milestone, oldest first.
pub fn decisions_of(
    conn: &mut AnyConnection,
    milestone_id: &str,
) -> Result<Vec<DecisionRow>, ApiError> {
    Ok(decisions::table
        .filter(decisions::milestone_id.eq(milestone_id))
        .order((decisions::submission.asc(), decisions::created_at.asc()))
        .select(decisions::all_columns)
        .load::<DecisionRow>(conn)?)
}

/// What the milestone's acceptance paid each organisation: (organisation, pence).
pub fn payments_of(
    conn: &mut AnyConnection,
    milestone_id: &str,
) -> Result<Vec<(String, i64)>, ApiError> {
    Ok(payments::table
        .filter(payments::milestone_id.eq(milestone_id))
        .select((payments::organisation_id, payments::amount_pence))
        .load::<(String, i64)>(conn)?)
}

/// When the idea started delivery and was delivered.
pub fn delivery_of(
    conn: &mut AnyConnection,
    idea_id: &str,
) -> Result<Option<(NaiveDateTime, Option<NaiveDateTime>)>, ApiError> {
    Ok(idea_delivery::table
        .find(idea_id)
        .select((idea_delivery::started_at, idea_delivery::delivered_at))
        .first(conn)
        .optional()?)
}
