//! The public catalogue of delivered ideas: what was built, on what terms, who funded it,
//! who adopted it and the dividend each funder has received so far.

use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::repo;
use crate::auth::MaybeAuthUser;
use crate::db::schema::{adoption_rebates as rebates, idea_delivery};
use crate::db::{utc, AnyConnection};
use crate::delivery::funders;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::ideas::repo as ideas;
use crate::state::AppState;
use cc2i_shared::idea::Idea;
use cc2i_shared::page::DEFAULT_LIMIT;
use cc2i_shared::reuse::{
    AdoptionStatus, CatalogueAdopter, CatalogueEntry, CatalogueFunder, CatalogueQuery,
};
use cc2i_shared::{Page, Problem};

fn encode_cursor(at: NaiveDateTime, id: &str) -> String {
    format!("{}.{id}", at.and_utc().timestamp_micros())
}

fn decode_cursor(cursor: &str) -> Result<(NaiveDateTime, String), ApiError> {
    let bad = || ApiError::field("cursor", "is not a cursor from the catalogue");
    let (micros, id) = cursor.split_once('.').ok_or_else(bad)?;
    let at = micros
        .parse::<i64>()
        .ok()
        .and_then(chrono::DateTime::from_timestamp_micros)
        .ok_or_else(bad)?;
    if id.is_empty() || id.len() > 64 {
        return Err(bad());
    }
    Ok((at.naive_utc(), id.to_string()))
}

/// One catalogue entry for a delivered idea.
pub fn entry(
    conn: &mut AnyConnection,
    idea: Idea,
    delivered_at: NaiveDateTime,
) -> Result<CatalogueEntry, ApiError> {
    let case = match idea.business_case_version {
        Some(n) => crate::business_cases::repo::version(conn, &idea.id, n)?,
        None => None,
    };
    let funders = funders::of_idea(conn, &idea.id)?;
    let received: Vec<(String, i64)> = rebates::table
        .filter(rebates::idea_id.eq(&idea.id))
        .select((rebates::organisation_id, rebates::amount_pence))
        .load(conn)?;
    let adopters = repo::of_idea(conn, &idea.id)?
        .into_iter()
        .filter(|a| a.status() == AdoptionStatus::Approved)
        .collect::<Vec<_>>();
    let ids: Vec<&str> = adopters
        .iter()
        .map(|a| a.organisation_id.as_str())
        .collect();
    let names = funders::names(conn, &ids)?;
    let mut adopters: Vec<CatalogueAdopter> = adopters
        .into_iter()
        .map(|a| CatalogueAdopter {
            organisation_name: names.get(&a.organisation_id).cloned().unwrap_or_default(),
            organisation_id: a.organisation_id,
            fee_pence: a.fee_pence.unwrap_or(0),
            adopted_at: utc(a.approved_at.unwrap_or(a.updated_at)),
        })
        .collect();
    adopters.sort_by_key(|a| a.adopted_at);
    Ok(CatalogueEntry {
        next_fee_pence: repo::next_fee(conn, &idea.id, &funders)?,
        build_cost_pence: funders::build_cost(&funders),
        funders: funders
            .iter()
            .map(|f| CatalogueFunder {
                organisation_id: f.organisation_id.clone(),
                organisation_name: f.name.clone(),
                final_share_bp: f.final_share_bp,
                committed_pence: f.final_amount_pence,
                dividend_pence: received
                    .iter()
                    .filter(|(org, _)| *org == f.organisation_id)
                    .map(|(_, amount)| amount)
                    .sum(),
            })
            .collect(),
        adopters,
        licence: case
            .as_ref()
            .map(|c| c.content.commercial.licence.clone())
            .unwrap_or_default(),
        sla: case.map(|c| c.content.terms.sla),
        delivered_at: utc(delivered_at),
        idea_id: idea.id,
        title: idea.title,
        summary: idea.summary,
        organisation: idea.organisation,
        service_areas: idea.service_areas,
        rebate_bp: idea.rebate_bp,
    })
}

/// The re-use catalogue: delivered ideas, most recently delivered first. Public.
#[utoipa::path(
    get, path = "/api/v1/catalogue", tag = "re-use", operation_id = "list_catalogue",
    params(CatalogueQuery),
    responses(
        (status = 200, description = "A page of delivered ideas", body = Page<CatalogueEntry>),
        (status = 401, description = "An invalid token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_catalogue(
    state: web::Data<AppState>,
    _user: MaybeAuthUser,
    query: ValidQuery<CatalogueQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = i64::from(query.0.limit.unwrap_or(DEFAULT_LIMIT));
    let after = query.0.cursor.as_deref().map(decode_cursor).transpose()?;
    let page = state
        .db
        .read(move |conn| {
            let mut select = idea_delivery::table
                .filter(idea_delivery::delivered_at.is_not_null())
                .select((idea_delivery::idea_id, idea_delivery::delivered_at))
                .order((
                    idea_delivery::delivered_at.desc(),
                    idea_delivery::idea_id.desc(),
                ))
                .limit(limit + 1)
                .into_boxed();
            if let Some((at, id)) = after {
                select = select.filter(
                    idea_delivery::delivered_at
                        .lt(at)
                        .or(idea_delivery::delivered_at
                            .eq(at)
                            .and(idea_delivery::idea_id.lt(id))),
                );
            }
            let mut rows: Vec<(String, Option<NaiveDateTime>)> = select.load(conn)?;
            let next_cursor = if rows.len() as i64 > limit {
                rows.truncate(limit as usize);
                rows.last()
                    .and_then(|(id, at)| at.map(|at| encode_cursor(at, id)))
            } else {
                None
            };
            let mut items = Vec::new();
            for (id, at) in rows {
                let (Some(row), Some(at)) = (ideas::find_row(conn, &id)?, at) else {
                    continue;
                };
                let idea = ideas::to_idea(conn, row)?;
                items.push(entry(conn, idea, at)?);
            }
            Ok(Page { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
