//! Loads matching profiles in a few set-based queries, so scoring thousands of
//! organisations or ideas stays in memory and fast.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::schema::{idea_service_areas, ideas, organisations, pledges};
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::organisations::repo::areas_of;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::pledge::PledgeStatus;
use cc2i_shared::radar::{IdeaProfile, OrgProfile};
use cc2i_shared::{OrgKind, Region, ServiceArea};

/// Pledge statuses that make an organisation a funder of an idea.
fn funding_codes() -> [&'static str; 4] {
    [
        PledgeStatus::Active.code(),
        PledgeStatus::Committed.code(),
        PledgeStatus::NeedsReconsent.code(),
        PledgeStatus::PendingApproval.code(),
    ]
}

/// Profiles of organisations (verified ones only when `verified_only`), or of the given ids.
pub fn organisations(
    conn: &mut AnyConnection,
    only: Option<&[String]>,
) -> Result<Vec<OrgProfile>, ApiError> {
    let mut query = organisations::table
        .filter(organisations::verified.eq(true))
        .select((
            organisations::id,
            organisations::kind,
            organisations::region,
        ))
        .into_boxed();
    if let Some(ids) = only {
        query = query.filter(organisations::id.eq_any(ids.to_vec()));
    }
    let rows: Vec<(String, String, String)> = query.load(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let (mut own, mut interests) = areas_of(conn, &ids)?;
    let pledged: Vec<(String, String)> = pledges::table
        .inner_join(idea_service_areas::table.on(idea_service_areas::idea_id.eq(pledges::idea_id)))
        .filter(pledges::status.eq_any(funding_codes()))
        .select((pledges::organisation_id, idea_service_areas::service_area))
        .load(conn)?;
    let mut past: HashMap<String, Vec<ServiceArea>> = HashMap::new();
    for (org, code) in pledged {
        if let Some(area) = ServiceArea::from_code(&code) {
            past.entry(org).or_default().push(area);
        }
    }
    Ok(rows
        .into_iter()
        .map(|(id, kind, region)| OrgProfile {
            kind: OrgKind::from_code(&kind).unwrap_or(OrgKind::Other),
            region: Region::from_code(&region).unwrap_or(Region::London),
            service_areas: own.remove(&id).unwrap_or_default(),
            interested_in: interests.remove(&id).unwrap_or_default(),
            pledged_areas: past.remove(&id).unwrap_or_default(),
            id,
        })
        .collect())
}

/// Profiles of open ideas (or one idea), keyed by idea id.
pub fn ideas(
    conn: &mut AnyConnection,
    only: Option<&str>,
) -> Result<Vec<(String, IdeaProfile)>, ApiError> {
    let mut query = ideas::table
        .inner_join(organisations::table)
        .select((
            ideas::id,
            organisations::id,
            organisations::kind,
            organisations::region,
        ))
        .into_boxed();
    query = match only {
        Some(id) => query.filter(ideas::id.eq(id.to_string())),
        None => query.filter(ideas::status.eq(IdeaStatus::Open.code())),
    };
    let rows: Vec<(String, String, String, String)> = query.load(conn)?;
    let ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let mut areas: HashMap<String, Vec<ServiceArea>> = HashMap::new();
    for (idea, code) in idea_service_areas::table
        .filter(idea_service_areas::idea_id.eq_any(&ids))
        .select((
            idea_service_areas::idea_id,
            idea_service_areas::service_area,
        ))
        .load::<(String, String)>(conn)?
    {
        if let Some(area) = ServiceArea::from_code(&code) {
            areas.entry(idea).or_default().push(area);
        }
    }
    let mut funders: HashMap<String, Vec<(String, OrgKind)>> = HashMap::new();
    for (idea, org, kind) in pledges::table
        .inner_join(organisations::table)
        .filter(pledges::idea_id.eq_any(&ids))
        .filter(pledges::status.eq_any(funding_codes()))
        .select((pledges::idea_id, organisations::id, organisations::kind))
        .load::<(String, String, String)>(conn)?
    {
        funders
            .entry(idea)
            .or_default()
            .push((org, OrgKind::from_code(&kind).unwrap_or(OrgKind::Other)));
    }
    Ok(rows
        .into_iter()
        .map(|(idea, proposer_id, kind, region)| {
            let profile = IdeaProfile {
                proposer_id,
                proposer_kind: OrgKind::from_code(&kind).unwrap_or(OrgKind::Other),
                region: Region::from_code(&region).unwrap_or(Region::London),
                service_areas: areas.remove(&idea).unwrap_or_default(),
                funders: funders.remove(&idea).unwrap_or_default(),
            };
            (idea, profile)
        })
        .collect())
}
