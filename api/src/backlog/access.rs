//! Who funds an idea, and what the caller may do with its backlog.

use diesel::prelude::*;

use super::rows::RequirementRow;
use crate::auth::AuthUser;
use crate::db::schema::{memberships, pledges, requirements};
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::ideas::access;
use crate::ideas::rows::IdeaRow;
use cc2i_shared::backlog::funder_share;
use cc2i_shared::pledge::PledgeStatus;
use cc2i_shared::OrgRole;

/// 403 `not_a_funder`.
pub fn not_a_funder(detail: &str) -> ApiError {
    ApiError::Denied {
        code: "not_a_funder",
        detail: detail.to_owned(),
    }
}

/// The idea's funders with their shares now (see `funder_share`), earliest pledge first.
pub fn funders(conn: &mut AnyConnection, idea_id: &str) -> Result<Vec<(String, i64)>, ApiError> {
    let rows: Vec<(String, String, bool, i64, Option<i64>)> = pledges::table
        .filter(pledges::idea_id.eq(idea_id))
        .filter(
            pledges::status
                .eq(PledgeStatus::Active.code())
                .or(pledges::status.eq(PledgeStatus::Committed.code())),
        )
        .order((pledges::created_at.asc(), pledges::id.asc()))
        .select((
            pledges::organisation_id,
            pledges::status,
            pledges::condition_met,
            pledges::share_bp,
            pledges::final_share_bp,
        ))
        .load(conn)?;
    let mut out: Vec<(String, i64)> = Vec::new();
    for (org, status, met, share, final_share) in rows {
        let status = PledgeStatus::from_code(&status).unwrap_or(PledgeStatus::Lapsed);
        let Some(share) = funder_share(status, met, share, final_share) else {
            continue;
        };
        match out.iter_mut().find(|(o, _)| *o == org) {
            Some((_, total)) => *total += share,
            None => out.push((org, share)),
        }
    }
    Ok(out)
}

/// The user's organisations and roles.
pub fn memberships_of(
    conn: &mut AnyConnection,
    user: Option<&AuthUser>,
) -> Result<Vec<(String, OrgRole)>, ApiError> {
    let Some(user) = user else {
        return Ok(Vec::new());
    };
    let rows: Vec<(String, String)> = memberships::table
        .filter(memberships::user_id.eq(&user.id))
        .select((memberships::organisation_id, memberships::role))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(org, role)| OrgRole::from_code(&role).map(|r| (org, r)))
        .collect())
}

/// The caller's standing with one idea's backlog.
pub struct Standing {
    /// Their organisations and roles.
    pub memberships: Vec<(String, OrgRole)>,
    /// The idea's funders and their shares, earliest pledge first.
    pub funders: Vec<(String, i64)>,
    /// The proposing organisation.
    pub proposer: String,
}

impl Standing {
    /// Loads it.
    pub fn load(
        conn: &mut AnyConnection,
        idea: &IdeaRow,
        user: Option<&AuthUser>,
    ) -> Result<Self, ApiError> {
        Ok(Standing {
            memberships: memberships_of(conn, user)?,
            funders: funders(conn, &idea.id)?,
            proposer: idea.organisation_id.clone(),
        })
    }

    /// Whether the caller belongs to `org`.
    pub fn member_of(&self, org: &str) -> bool {
        self.memberships.iter().any(|(o, _)| o == org)
    }

    /// Whether `org` funds the idea now.
    pub fn is_funder(&self, org: &str) -> bool {
        self.funders.iter().any(|(o, _)| o == org)
    }

    /// The funders the caller belongs to, earliest pledge first.
    pub fn voting_organisations(&self) -> Vec<String> {
        self.funders
            .iter()
            .filter(|(o, _)| self.member_of(o))
            .map(|(o, _)| o.clone())
            .collect()
    }

    /// The organisations the caller may add requirements for: the proposer first, then
    /// their funders.
    pub fn authoring_organisations(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.member_of(&self.proposer) {
            out.push(self.proposer.clone());
        }
        for org in self.voting_organisations() {
            if !out.contains(&org) {
                out.push(org);
            }
        }
        out
    }

    /// Whether the caller is an owner or admin of the proposing organisation.
    pub fn manages_proposer(&self) -> bool {
        self.memberships
            .iter()
            .any(|(o, role)| *o == self.proposer && role.can_manage())
    }
}

/// The requirement and its idea, if the caller may see the idea (404 otherwise).
pub fn visible_requirement(
    conn: &mut AnyConnection,
    id: &str,
    user: Option<&AuthUser>,
) -> Result<(RequirementRow, IdeaRow), ApiError> {
    let row = requirements::table
        .find(id)
        .select(requirements::all_columns)
        .first::<RequirementRow>(conn)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    let idea = access::visible(conn, &row.idea_id, user)?;
    Ok((row, idea))
}
