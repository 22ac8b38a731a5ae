//! Reading a backlog with its tallies, and the writes behind each endpoint. Every check runs
//! before the first write, inside the caller's transaction.

use std::collections::HashMap;

use diesel::prelude::*;

use super::access::Standing;
use super::rows::{RequirementRow, StatusChangeRow, VoteRow};
use crate::db::schema::{
    organisations, requirement_status_changes as changes, requirement_votes as votes, requirements,
};
use crate::db::{new_id, now, utc, AnyConnection};
use crate::error::{is_unique_violation, ApiError};
use crate::ideas::rows::IdeaRow;
use cc2i_shared::backlog::{
    accepts_requirements, tally, Backlog, BacklogViewer, OrganisationRef, Requirement,
    RequirementStatus, StatusChange, VoteInput,
};
use cc2i_shared::idea::VotingModel;

fn names(conn: &mut AnyConnection, ids: Vec<&String>) -> Result<HashMap<String, String>, ApiError> {
    Ok(organisations::table
        .filter(organisations::id.eq_any(ids))
        .select((organisations::id, organisations::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// The idea's backlog in backlog order, as `standing`'s user sees it (`signed_in` decides
/// whether `viewer` is present).
pub fn backlog(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    standing: &Standing,
    signed_in: bool,
) -> Result<Backlog, ApiError> {
    let model = VotingModel::from_code(&idea.voting_model);
    let rows: Vec<RequirementRow> = requirements::table
        .filter(requirements::idea_id.eq(&idea.id))
        .order((requirements::created_at.asc(), requirements::id.asc()))
        .select(requirements::all_columns)
        .load(conn)?;
    let vote_rows: Vec<VoteRow> = votes::table
        .filter(votes::idea_id.eq(&idea.id))
        .order((votes::created_at.asc(), votes::organisation_id.asc()))
        .select(votes::all_columns)
        .load(conn)?;
    let change_rows: Vec<StatusChangeRow> = changes::table
        .filter(changes::idea_id.eq(&idea.id))
        .order((changes::changed_at.asc(), changes::id.asc()))
        .select(changes::all_columns)
        .load(conn)?;
    let mut org_ids: Vec<&String> = rows.iter().map(|r| &r.organisation_id).collect();
    org_ids.extend(vote_rows.iter().map(|v| &v.organisation_id));
    org_ids.extend(standing.funders.iter().map(|(o, _)| o));
    org_ids.push(&standing.proposer);
    let names = names(conn, org_ids)?;
    let name = |id: &str| names.get(id).cloned().unwrap_or_default();
    let share: HashMap<&str, i64> = standing
        .funders
        .iter()
        .map(|(o, s)| (o.as_str(), *s))
        .collect();

    let mut by_requirement: HashMap<&str, Vec<VoteInput>> = HashMap::new();
    for v in &vote_rows {
        by_requirement
            .entry(v.requirement_id.as_str())
            .or_default()
            .push(VoteInput {
                organisation_id: v.organisation_id.clone(),
                organisation_name: name(&v.organisation_id),
                share_bp: share.get(v.organisation_id.as_str()).copied(),
                voted_at: utc(v.created_at),
            });
    }
    let mut history: HashMap<&str, Vec<StatusChange>> = HashMap::new();
    for c in &change_rows {
        history
            .entry(c.requirement_id.as_str())
            .or_default()
            .push(StatusChange {
                status: RequirementStatus::from_code(&c.status).unwrap_or_default(),
                note: c.note.clone(),
                changed_at: utc(c.changed_at),
            });
    }
    let list: Vec<Requirement> = rows
        .iter()
        .map(|r| {
            let inputs = by_requirement.remove(r.id.as_str()).unwrap_or_default();
            let voted_by_you = inputs
                .iter()
                .filter(|v| standing.member_of(&v.organisation_id))
                .map(|v| v.organisation_id.clone())
                .collect();
            Requirement {
                id: r.id.clone(),
                idea_id: r.idea_id.clone(),
                title: r.title.clone(),
                description: r.description.clone(),
                status: r.status(),
                status_note: r.status_note.clone(),
                organisation: OrganisationRef {
                    id: r.organisation_id.clone(),
                    name: name(&r.organisation_id),
                },
                tally: tally(model, &inputs),
                score_share_bp: 0,
                voted_by_you,
                history: history.remove(r.id.as_str()).unwrap_or_default(),
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
            }
        })
        .collect();
    let accepting = accepts_requirements(idea.status());
    let refs = |ids: Vec<String>| -> Vec<OrganisationRef> {
        ids.into_iter()
            .map(|id| OrganisationRef {
                name: name(&id),
                id,
            })
            .collect()
    };
    let viewer = signed_in.then(|| BacklogViewer {
        can_add: accepting && !standing.authoring_organisations().is_empty(),
        can_manage: standing.manages_proposer(),
        voting_organisations: refs(standing.voting_organisations()),
        authoring_organisations: refs(standing.authoring_organisations()),
    });
    let mut backlog = Backlog {
        idea_id: idea.id.clone(),
        voting_model: model,
        accepting,
        total_score: 0,
        requirements: list,
        viewer,
    };
    backlog.settle();
    Ok(backlog)
}

/// One requirement from its idea's backlog.
pub fn one(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    standing: &Standing,
    id: &str,
) -> Result<Requirement, ApiError> {
    backlog(conn, idea, standing, true)?
        .requirements
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(ApiError::NotFound)
}

fn record_status(
    conn: &mut AnyConnection,
    row: &RequirementRow,
    user_id: &str,
    at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(changes::table)
        .values(&StatusChangeRow {
            id: new_id(),
            requirement_id: row.id.clone(),
            idea_id: row.idea_id.clone(),
            status: row.status.clone(),
            note: row.status_note.clone(),
            changed_by: user_id.to_owned(),
            changed_at: at,
        })
        .execute(conn)?;
    Ok(())
}

/// Adds a `proposed` requirement for `organisation_id`, with the first entry of its history.
pub fn insert(
    conn: &mut AnyConnection,
    idea_id: &str,
    organisation_id: &str,
    title: &str,
    description: &str,
    user_id: &str,
) -> Result<RequirementRow, ApiError> {
    let at = now();
    let row = RequirementRow {
        id: new_id(),
        idea_id: idea_id.to_owned(),
        organisation_id: organisation_id.to_owned(),
        title: title.trim().to_owned(),
        description: description.trim_end().to_owned(),
        status: RequirementStatus::Proposed.code().to_owned(),
        status_note: None,
        created_by: user_id.to_owned(),
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(requirements::table)
        .values(&row)
        .execute(conn)?;
    record_status(conn, &row, user_id, at)?;
    Ok(row)
}

fn already_voted() -> ApiError {
    ApiError::conflict(
        "already_voted",
        "That organisation has already voted for this requirement. Each organisation has one vote per requirement.",
    )
}

/// The organisation's vote on the requirement, if it has one.
pub fn find_vote(
    conn: &mut AnyConnection,
    requirement_id: &str,
    organisation_id: &str,
) -> Result<Option<VoteRow>, ApiError> {
    Ok(votes::table
        .find((requirement_id, organisation_id))
        .select(votes::all_columns)
        .first::<VoteRow>(conn)
        .optional()?)
}

/// Records the organisation's vote; 409 `already_voted` if it has one (also when another
/// request got there first).
pub fn vote(
    conn: &mut AnyConnection,
    row: &RequirementRow,
    organisation_id: &str,
    user_id: &str,
) -> Result<(), ApiError> {
    if find_vote(conn, &row.id, organisation_id)?.is_some() {
        return Err(already_voted());
    }
    diesel::insert_into(votes::table)
        .values(&VoteRow {
            requirement_id: row.id.clone(),
            organisation_id: organisation_id.to_owned(),
            idea_id: row.idea_id.clone(),
            voted_by: user_id.to_owned(),
            created_at: now(),
        })
        .execute(conn)
        .map_err(|e| {
            if is_unique_violation(&e) {
                already_voted()
            } else {
                e.into()
            }
        })?;
    Ok(())
}

/// Removes the organisation's vote; 404 `vote_not_found` if it has none.
pub fn retract(
    conn: &mut AnyConnection,
    requirement_id: &str,
    organisation_id: &str,
) -> Result<(), ApiError> {
    let n = diesel::delete(votes::table.find((requirement_id, organisation_id))).execute(conn)?;
    if n == 0 {
        return Err(ApiError::Missing {
            code: "vote_not_found",
            detail: "That organisation has not voted for this requirement.".into(),
        });
    }
    Ok(())
}

/// Sets the status and note and adds them to the history; `false` (and nothing written)
/// when both are as they were.
pub fn set_status(
    conn: &mut AnyConnection,
    row: &RequirementRow,
    status: RequirementStatus,
    note: Option<String>,
    user_id: &str,
) -> Result<bool, ApiError> {
    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if row.status() == status && row.status_note == note {
        return Ok(false);
    }
    let at = now();
    diesel::update(requirements::table.find(&row.id))
        .set((
            requirements::status.eq(status.code()),
            requirements::status_note.eq(&note),
            requirements::updated_at.eq(at),
        ))
        .execute(conn)?;
    let updated = RequirementRow {
        status: status.code().to_owned(),
        status_note: note,
        updated_at: at,
        ..row.clone()
    };
    record_status(conn, &updated, user_id, at)?;
    Ok(true)
}

/// Whether anyone has voted on any of the idea's requirements.
pub fn any_votes(conn: &mut AnyConnection, idea_id: &str) -> Result<bool, ApiError> {
    let n: i64 = votes::table
        .filter(votes::idea_id.eq(idea_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The organisations that have voted for the requirement.
pub fn voter_organisations(
    conn: &mut AnyConnection,
    requirement_id: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(votes::table
        .filter(votes::requirement_id.eq(requirement_id))
        .select(votes::organisation_id)
        .load(conn)?)
}
