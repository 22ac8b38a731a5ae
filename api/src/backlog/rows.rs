//! Database rows of the backlog.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{requirement_status_changes, requirement_votes, requirements};
use cc2i_shared::backlog::RequirementStatus;

/// A row of `requirements`, in column order.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = requirements)]
pub struct RequirementRow {
    pub id: String,
    pub idea_id: String,
    pub organisation_id: String,
    pub title: String,
    pub description: String,
    pub status: String,
    pub status_note: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl RequirementRow {
    /// The status as the domain type.
    pub fn status(&self) -> RequirementStatus {
        RequirementStatus::from_code(&self.status).unwrap_or_default()
    }
}

/// A row of `requirement_votes`, in column order.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = requirement_votes)]
pub struct VoteRow {
    pub requirement_id: String,
    pub organisation_id: String,
    pub idea_id: String,
    pub voted_by: String,
    pub created_at: NaiveDateTime,
}

/// A row of `requirement_status_changes`, in column order.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = requirement_status_changes)]
pub struct StatusChangeRow {
    pub id: String,
    pub requirement_id: String,
    pub idea_id: String,
    pub status: String,
    pub note: Option<String>,
    pub changed_by: String,
    pub changed_at: NaiveDateTime,
}
