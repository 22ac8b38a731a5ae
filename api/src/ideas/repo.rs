//! Queries on ideas.

use std::collections::HashMap;

use diesel::prelude::*;

use super::rows::{IdeaChanges, IdeaRow, NewIdeaRow};
use crate::db::schema::{idea_service_areas as areas, ideas, organisations};
use crate::db::{new_id, now, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::idea::{CreateIdea, Idea, OrganisationSummary, UpdateIdea};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::{OrgKind, Region, ServiceArea};

/// Defaults from PRODUCT.md.
pub const DEFAULT_MIN_PLEDGERS: i32 = 2;
/// Smallest pledge by default: 5%.
pub const DEFAULT_MIN_PLEDGE_BP: i32 = 500;
/// Cap on counting pledges by default: 150%.
pub const DEFAULT_MAX_TOTAL_BP: i32 = 15_000;

/// Deadlines are kept to the second.
fn whole_seconds(t: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    chrono::SubsecRound::trunc_subsecs(t, 0).naive_utc()
}

/// The row, if it exists.
pub fn find_row(conn: &mut AnyConnection, id: &str) -> Result<Option<IdeaRow>, ApiError> {
    Ok(ideas::table
        .find(id)
        .select(ideas::all_columns)
        .first::<IdeaRow>(conn)
        .optional()?)
}

/// Rows with their organisations and service areas, in the same order.
pub fn hydrate(conn: &mut AnyConnection, rows: Vec<IdeaRow>) -> Result<Vec<Idea>, ApiError> {
    let ids: Vec<&String> = rows.iter().map(|r| &r.id).collect();
    let org_ids: Vec<&String> = rows.iter().map(|r| &r.organisation_id).collect();
    let orgs: HashMap<String, OrganisationSummary> = organisations::table
        .filter(organisations::id.eq_any(org_ids))
        .select((
            organisations::id,
            organisations::name,
            organisations::kind,
            organisations::region,
            organisations::verified,
        ))
        .load::<(String, String, String, String, bool)>(conn)?
        .into_iter()
        .map(|(id, name, kind, region, verified)| {
            let summary = OrganisationSummary {
                id: id.clone(),
                name,
                kind: OrgKind::from_code(&kind).unwrap_or(OrgKind::Other),
                region: Region::from_code(&region).unwrap_or(Region::London),
                verified,
            };
            (id, summary)
        })
        .collect();
    let mut area_map: HashMap<String, Vec<ServiceArea>> = HashMap::new();
    for (id, code) in areas::table
        .filter(areas::idea_id.eq_any(ids))
        .select((areas::idea_id, areas::service_area))
        .load::<(String, String)>(conn)?
    {
        if let Some(area) = ServiceArea::from_code(&code) {
            area_map.entry(id).or_default().push(area);
        }
    }
    rows.into_iter()
        .map(|row| {
            let org = orgs.get(&row.organisation_id).cloned().ok_or_else(|| {
                ApiError::Internal(format!("idea {} has no organisation", row.id))
            })?;
            let mut list = area_map.remove(&row.id).unwrap_or_default();
            list.sort();
            Ok(row.into_idea(org, list))
        })
        .collect()
}

/// One idea, hydrated.
pub fn to_idea(conn: &mut AnyConnection, row: IdeaRow) -> Result<Idea, ApiError> {
    hydrate(conn, vec![row])?.pop().ok_or(ApiError::NotFound)
}

fn set_service_areas(
    conn: &mut AnyConnection,
    id: &str,
    list: &[ServiceArea],
) -> Result<(), ApiError> {
    diesel::delete(areas::table.filter(areas::idea_id.eq(id))).execute(conn)?;
    for area in list {
        diesel::insert_into(areas::table)
            .values((areas::idea_id.eq(id), areas::service_area.eq(area.code())))
            .execute(conn)?;
    }
    Ok(())
}

/// Drafts a new idea.
pub fn insert(
    conn: &mut AnyConnection,
    new: CreateIdea,
    user_id: &str,
) -> Result<IdeaRow, ApiError> {
    let at = now();
    let id = new_id();
    diesel::insert_into(ideas::table)
        .values(&NewIdeaRow {
            id: id.clone(),
            organisation_id: new.organisation_id,
            title: new.title.trim().to_string(),
            summary: new.summary.trim().to_string(),
            description: new.description,
            status: IdeaStatus::Draft.code().into(),
            deadline: whole_seconds(new.deadline),
            currency: "GBP".into(),
            min_pledgers: new.min_pledgers.unwrap_or(DEFAULT_MIN_PLEDGERS),
            min_pledge_bp: new.min_pledge_bp.unwrap_or(DEFAULT_MIN_PLEDGE_BP),
            max_total_bp: new.max_total_bp.unwrap_or(DEFAULT_MAX_TOTAL_BP),
            voting_model: "one_org_one_vote".into(),
            rebate_bp: cc2i_shared::reuse::rules::DEFAULT_REBATE_BP,
            created_by: user_id.to_string(),
            created_at: at,
            updated_at: at,
        })
        .execute(conn)?;
    set_service_areas(conn, &id, &new.service_areas)?;
    find_row(conn, &id)?.ok_or(ApiError::NotFound)
}

/// Applies changes to a draft.
pub fn update(
    conn: &mut AnyConnection,
    id: &str,
    changes: UpdateIdea,
) -> Result<IdeaRow, ApiError> {
    let row = IdeaChanges {
        title: changes.title.map(|t| t.trim().to_string()),
        summary: changes.summary.map(|s| s.trim().to_string()),
        description: changes.description,
        deadline: changes.deadline.map(whole_seconds),
        min_pledgers: changes.min_pledgers,
        min_pledge_bp: changes.min_pledge_bp,
        max_total_bp: changes.max_total_bp,
        voting_model: changes.voting_model.map(|v| v.code().to_string()),
        rebate_bp: changes.rebate_bp,
        updated_at: Some(now()),
    };
    diesel::update(ideas::table.find(id))
        .set(&row)
        .execute(conn)?;
    if let Some(list) = changes.service_areas {
        set_service_areas(conn, id, &list)?;
    }
    find_row(conn, id)?.ok_or(ApiError::NotFound)
}
