//! Queries on business case versions. Versions are only ever inserted, never updated.

use diesel::prelude::*;

use crate::db::schema::{business_case_versions as versions, ideas, users};
use crate::db::{now, utc, AnyConnection};
use crate::error::{is_unique_violation, ApiError};
use crate::ideas::rows::IdeaRow;
use cc2i_shared::business_case::{
    compare, target_cost_pence, BusinessCase, BusinessCaseVersion, BusinessCaseVersionSummary,
    Stage,
};

type VersionRow = (
    i32,
    String,
    String,
    i64,
    bool,
    String,
    String,
    String,
    chrono::NaiveDateTime,
);

fn columns() -> (
    versions::version,
    versions::stage,
    versions::content,
    versions::target_cost_pence,
    versions::material_change,
    versions::change_summary,
    versions::created_by,
    users::display_name,
    versions::created_at,
) {
    (
        versions::version,
        versions::stage,
        versions::content,
        versions::target_cost_pence,
        versions::material_change,
        versions::change_summary,
        versions::created_by,
        users::display_name,
        versions::created_at,
    )
}

fn parse_content(text: &str) -> Result<BusinessCase, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| ApiError::Internal(format!("stored business case unreadable: {e}")))
}

fn to_version(row: VersionRow) -> Result<BusinessCaseVersion, ApiError> {
    let (
        version,
        _,
        content,
        target_cost_pence,
        material_change,
        change_summary,
        created_by,
        created_by_name,
        at,
    ) = row;
    Ok(BusinessCaseVersion {
        version,
        created_at: utc(at),
        created_by,
        created_by_name,
        target_cost_pence,
        material_change,
        change_summary,
        content: parse_content(&content)?,
    })
}

/// Version `n` of an idea's business case, if it exists.
pub fn version(
    conn: &mut AnyConnection,
    idea_id: &str,
    n: i32,
) -> Result<Option<BusinessCaseVersion>, ApiError> {
    versions::table
        .inner_join(users::table)
        .filter(versions::idea_id.eq(idea_id))
        .filter(versions::version.eq(n))
        .select(columns())
        .first::<VersionRow>(conn)
        .optional()?
        .map(to_version)
        .transpose()
}

/// The history, newest first.
pub fn history(
    conn: &mut AnyConnection,
    idea_id: &str,
) -> Result<Vec<BusinessCaseVersionSummary>, ApiError> {
    let rows = versions::table
        .inner_join(users::table)
        .filter(versions::idea_id.eq(idea_id))
        .order(versions::version.desc())
        .select((
            versions::version,
            versions::stage,
            versions::target_cost_pence,
            versions::material_change,
            versions::change_summary,
            versions::created_by,
            users::display_name,
            versions::created_at,
        ))
        .load::<(
            i32,
            String,
            i64,
            bool,
            String,
            String,
            String,
            chrono::NaiveDateTime,
        )>(conn)?;
    rows.into_iter()
        .map(
            |(
                version,
                stage,
                target_cost_pence,
                material_change,
                change_summary,
                created_by,
                created_by_name,
                at,
            )| {
                Ok(BusinessCaseVersionSummary {
                    version,
                    created_at: utc(at),
                    created_by,
                    created_by_name,
                    stage: serde_json::from_value(serde_json::Value::String(stage))
                        .unwrap_or(Stage::Soc),
                    target_cost_pence,
                    material_change,
                    change_summary,
                })
            },
        )
        .collect()
}

/// Adds version n+1 and makes it current; the idea's target becomes its total.
pub fn create(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    content: BusinessCase,
    user_id: &str,
) -> Result<BusinessCaseVersion, ApiError> {
    let previous = match idea.business_case_version {
        Some(n) => version(conn, &idea.id, n)?.map(|v| v.content),
        None => None,
    };
    let change = compare(previous.as_ref(), &content);
    let next = idea.business_case_version.unwrap_or(0) + 1;
    let target = target_cost_pence(&content);
    let stage = serde_json::to_value(content.stage)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let text = serde_json::to_string(&content).map_err(|e| ApiError::Internal(e.to_string()))?;
    let at = now();
    diesel::insert_into(versions::table)
        .values((
            versions::idea_id.eq(&idea.id),
            versions::version.eq(next),
            versions::stage.eq(stage),
            versions::content.eq(text),
            versions::target_cost_pence.eq(target),
            versions::material_change.eq(change.material),
            versions::change_summary.eq(&change.summary),
            versions::created_by.eq(user_id),
            versions::created_at.eq(at),
        ))
        .execute(conn)
        .map_err(|e| {
            // Two saves racing from the same version: the primary key lets only one win.
            if is_unique_violation(&e) {
                ApiError::conflict(
                    "stale_business_case",
                    "Someone else saved a new version meanwhile; reload it.",
                )
            } else {
                e.into()
            }
        })?;
    diesel::update(ideas::table.find(&idea.id))
        .set((
            ideas::business_case_version.eq(Some(next)),
            ideas::target_cost_pence.eq(target),
            ideas::updated_at.eq(at),
        ))
        .execute(conn)?;
    if change.material && idea.status() == cc2i_shared::lifecycle::IdeaStatus::Open {
        crate::pledges::review::require_reconsent(conn, &idea.id, next)?;
    }
    crate::webhooks::events::idea(
        conn,
        cc2i_shared::webhook::WebhookEventType::BusinessCaseVersionCreated,
        &idea.id,
        cc2i_shared::webhook::WebhookEventData {
            business_case_version: Some(next),
            material_change: Some(change.material),
            amount_pence: Some(target),
            ..Default::default()
        },
        at,
    )?;
    version(conn, &idea.id, next)?.ok_or(ApiError::NotFound)
}
