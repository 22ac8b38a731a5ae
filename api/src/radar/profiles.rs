//! Loads matching profiles in a few set-based queries, so scoring thousands of
//! organisations or ideas stays in memory and fast.
//!
//! Scoring only ever uses the service areas an idea and an organisation have in common and
//! the funders of the organisation's own kind, so when one side is fixed the other side's
//! profiles are loaded *projected* onto what can matter for it (filtered in SQL): the
//! scores and reasons are the same as with full profiles, from far fewer rows.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::db::schema::{
    idea_service_areas, ideas, organisation_interests, organisation_service_areas, organisations,
    pledges,
};
use crate::db::AnyConnection;
use crate::error::ApiError;
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

fn codes(areas: &[ServiceArea]) -> Vec<&'static str> {
    areas.iter().map(|a| a.code()).collect()
}

fn group(rows: Vec<(String, String)>) -> HashMap<String, Vec<ServiceArea>> {
    let mut out: HashMap<String, Vec<ServiceArea>> = HashMap::new();
    for (id, code) in rows {
        if let Some(area) = ServiceArea::from_code(&code) {
            out.entry(id).or_default().push(area);
        }
    }
    out
}

/// Which organisations to load.
pub enum Orgs<'a> {
    /// These ones (verified only).
    Only(&'a [String]),
    /// Every verified organisation, projected onto an idea's service areas.
    For(&'a IdeaProfile),
}

/// Profiles of verified organisations.
pub fn organisations(conn: &mut AnyConnection, which: Orgs) -> Result<Vec<OrgProfile>, ApiError> {
    let mut query = organisations::table
        .filter(organisations::verified.eq(true))
        .select((
            organisations::id,
            organisations::kind,
            organisations::region,
        ))
        .into_boxed();
    let mut own = organisation_service_areas::table
        .select((
            organisation_service_areas::organisation_id,
            organisation_service_areas::service_area,
        ))
        .into_boxed();
    let mut interests = organisation_interests::table
        .select((
            organisation_interests::organisation_id,
            organisation_interests::service_area,
        ))
        .into_boxed();
    let mut pledged = pledges::table
        .inner_join(idea_service_areas::table.on(idea_service_areas::idea_id.eq(pledges::idea_id)))
        .filter(pledges::status.eq_any(funding_codes()))
        .select((pledges::organisation_id, idea_service_areas::service_area))
        .distinct()
        .into_boxed();
    match which {
        Orgs::Only(ids) => {
            query = query.filter(organisations::id.eq_any(ids.to_vec()));
            own = own.filter(organisation_service_areas::organisation_id.eq_any(ids.to_vec()));
            interests =
                interests.filter(organisation_interests::organisation_id.eq_any(ids.to_vec()));
            pledged = pledged.filter(pledges::organisation_id.eq_any(ids.to_vec()));
        }
        Orgs::For(idea) => {
            let wanted = codes(&idea.service_areas);
            own = own.filter(organisation_service_areas::service_area.eq_any(wanted.clone()));
            interests =
                interests.filter(organisation_interests::service_area.eq_any(wanted.clone()));
            pledged = pledged.filter(idea_service_areas::service_area.eq_any(wanted));
        }
    }
    let rows: Vec<(String, String, String)> = query.load(conn)?;
    let mut own = group(own.load(conn)?);
    let mut interests = group(interests.load(conn)?);
    let mut past = group(pledged.load(conn)?);
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

/// Which ideas to load.
pub enum Ideas<'a> {
    /// This one, whatever its status.
    One(&'a str),
    /// Every open idea, projected onto what can matter to this organisation: the service
    /// areas it works on, is interested in or has funded, and funders of its kind (or it).
    OpenFor(&'a OrgProfile),
}

/// Profiles of ideas, keyed by idea id.
pub fn ideas(
    conn: &mut AnyConnection,
    which: Ideas,
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
    // Areas and funders are not joined to the ideas: rows of ideas that are not loaded
    // (not open) are dropped in memory, which lets SQLite drive both from their indexes.
    let mut areas = idea_service_areas::table
        .select((
            idea_service_areas::idea_id,
            idea_service_areas::service_area,
        ))
        .into_boxed();
    let mut funders = pledges::table
        .inner_join(organisations::table)
        .filter(pledges::status.eq_any(funding_codes()))
        .select((pledges::idea_id, organisations::id, organisations::kind))
        .into_boxed();
    match which {
        Ideas::One(id) => {
            query = query.filter(ideas::id.eq(id.to_string()));
            areas = areas.filter(idea_service_areas::idea_id.eq(id.to_string()));
            funders = funders.filter(pledges::idea_id.eq(id.to_string()));
        }
        Ideas::OpenFor(org) => {
            let open = IdeaStatus::Open.code();
            let mut relevant: Vec<ServiceArea> = org
                .service_areas
                .iter()
                .chain(&org.interested_in)
                .chain(&org.pledged_areas)
                .copied()
                .collect();
            relevant.sort();
            relevant.dedup();
            query = query.filter(ideas::status.eq(open));
            areas = areas.filter(idea_service_areas::service_area.eq_any(codes(&relevant)));
            funders = funders.filter(
                organisations::kind
                    .eq(org.kind.code())
                    .or(organisations::id.eq(org.id.clone())),
            );
        }
    }
    let rows: Vec<(String, String, String, String)> = query.load(conn)?;
    let loaded: HashSet<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let mut areas = group(
        areas
            .load::<(String, String)>(conn)?
            .into_iter()
            .filter(|(idea, _)| loaded.contains(idea.as_str()))
            .collect(),
    );
    let mut by_idea: HashMap<String, Vec<(String, OrgKind)>> = HashMap::new();
    for (idea, org, kind) in funders.load::<(String, String, String)>(conn)? {
        if !loaded.contains(idea.as_str()) {
            continue;
        }
        by_idea
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
                funders: by_idea.remove(&idea).unwrap_or_default(),
            };
            (idea, profile)
        })
        .collect())
}
