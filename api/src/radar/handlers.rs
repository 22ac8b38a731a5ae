//! Handlers for recommendations and an idea's audience.

use std::collections::{HashMap, HashSet};

use actix_web::{web, HttpResponse};
use diesel::prelude::*;

use super::{profiles, recommend};
use crate::auth::AuthUser;
use crate::db::schema::{idea_audience, ideas as ideas_table, invitations, organisations, pledges};
use crate::db::utc;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::ideas::rows::IdeaRow;
use crate::ideas::{access, repo as ideas};
use crate::organisations::members::role_of;
use crate::state::AppState;
use cc2i_shared::radar::{fit, AudienceMember, Recommendation, RecommendationQuery};
use cc2i_shared::{Page, Problem};

/// Open ideas ranked by how well they fit the organisation, with reasons (its members).
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/recommendations", tag = "radar", operation_id = "list_recommendations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64), RecommendationQuery),
    responses(
        (status = 200, description = "Best fit first", body = Page<Recommendation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not a member", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_recommendations(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    query: ValidQuery<RecommendationQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let offset: usize = match query.0.cursor.as_deref() {
        Some(c) => crate::extract::digits_cursor(c)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| ApiError::field("cursor", "is not a cursor from this list"))?,
        None => 0,
    };
    let limit = query.0.limit.unwrap_or(20) as usize;
    let page = state
        .db
        .read(move |conn| {
            crate::organisations::repo::get_or_404(conn, &id)?;
            if !user.is_platform_admin() && role_of(conn, &id, &user.id)?.is_none() {
                return Err(ApiError::NotFound);
            }
            // Unverified organisations get no recommendations (their profile is not matched).
            let ranked = recommend::rank(conn, &id)?;
            let next_cursor =
                (ranked.ideas.len() > offset + limit).then(|| (offset + limit).to_string());
            let page: Vec<(String, u32, Vec<String>)> = (offset
                ..(offset + limit).min(ranked.ideas.len()))
                .map(|i| {
                    (
                        ranked.ideas[i].0.clone(),
                        ranked.ideas[i].1,
                        ranked.reasons(i),
                    )
                })
                .collect();
            let ids: Vec<&String> = page.iter().map(|p| &p.0).collect();
            let rows: Vec<IdeaRow> = ideas_table::table
                .filter(ideas_table::id.eq_any(&ids))
                .select(ideas_table::all_columns)
                .load(conn)?;
            let mut hydrated = ideas::hydrate(conn, rows)?;
            let mut items = Vec::new();
            for (idea_id, score, reasons) in page {
                let Some(i) = hydrated.iter().position(|idea| idea.id == idea_id) else {
                    continue;
                };
                items.push(Recommendation {
                    idea: hydrated.swap_remove(i),
                    score,
                    reasons,
                });
            }
            Ok(Page { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Who was told about the idea when it was published, and who has pledged since
/// (the proposing organisation's members and platform admins).
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/audience", tag = "radar", operation_id = "get_audience",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "The audience, best fit first", body = Vec<AudienceMember>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not the proposer's", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_audience(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |conn| {
            let row = access::visible(conn, &id, Some(&user))?;
            if !user.is_platform_admin() && role_of(conn, &row.organisation_id, &user.id)?.is_none()
            {
                return Err(ApiError::NotFound);
            }
            let pledged: HashSet<String> = pledges::table
                .filter(pledges::idea_id.eq(&id))
                .select(pledges::organisation_id)
                .load::<String>(conn)?
                .into_iter()
                .collect();
            let rows: Vec<(String, String, i32, String, chrono::NaiveDateTime)> =
                idea_audience::table
                    .inner_join(organisations::table)
                    .filter(idea_audience::idea_id.eq(&id))
                    .order((idea_audience::score.desc(), organisations::name.asc()))
                    .select((
                        idea_audience::organisation_id,
                        organisations::name,
                        idea_audience::score,
                        idea_audience::reasons,
                        idea_audience::notified_at,
                    ))
                    .load(conn)?;
            let invited: HashMap<String, chrono::NaiveDateTime> = invitations::table
                .filter(invitations::idea_id.eq(&id))
                .filter(invitations::organisation_id.is_not_null())
                .select((invitations::organisation_id, invitations::created_at))
                .load::<(Option<String>, chrono::NaiveDateTime)>(conn)?
                .into_iter()
                .filter_map(|(org, at)| org.map(|o| (o, at)))
                .collect();
            let mut list: Vec<AudienceMember> = rows
                .into_iter()
                .map(
                    |(organisation_id, organisation_name, score, reasons, at)| AudienceMember {
                        pledged: pledged.contains(&organisation_id),
                        invited: invited.contains_key(&organisation_id),
                        notified_at: utc(invited
                            .get(&organisation_id)
                            .map_or(at, |i| (*i).min(at))),
                        organisation_id,
                        organisation_name,
                        score,
                        reasons: serde_json::from_str(&reasons).unwrap_or_default(),
                    },
                )
                .collect();
            list.extend(invited_only(conn, &id, &invited, &list, &pledged)?);
            Ok(list)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Organisations invited without being in the computed audience, scored the same way,
/// best fit first, after the audience.
fn invited_only(
    conn: &mut crate::db::AnyConnection,
    idea_id: &str,
    invited: &HashMap<String, chrono::NaiveDateTime>,
    audience: &[AudienceMember],
    pledged: &HashSet<String>,
) -> Result<Vec<AudienceMember>, ApiError> {
    let ids: Vec<String> = invited
        .keys()
        .filter(|id| !audience.iter().any(|a| &a.organisation_id == *id))
        .cloned()
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let idea = profiles::ideas(conn, profiles::Ideas::One(idea_id))?
        .pop()
        .map(|(_, p)| p);
    let fits: HashMap<String, (u32, Vec<String>)> = match &idea {
        Some(idea) => profiles::organisations(conn, profiles::Orgs::Only(&ids))?
            .iter()
            .filter_map(|org| fit(idea, org).map(|f| (org.id.clone(), (f.score, f.reasons))))
            .collect(),
        None => HashMap::new(),
    };
    let names: Vec<(String, String)> = organisations::table
        .filter(organisations::id.eq_any(&ids))
        .select((organisations::id, organisations::name))
        .load(conn)?;
    let mut out: Vec<AudienceMember> = names
        .into_iter()
        .map(|(organisation_id, organisation_name)| {
            let (score, mut reasons) = fits.get(&organisation_id).cloned().unwrap_or_default();
            reasons.insert(0, "Invited by the proposer".to_string());
            AudienceMember {
                pledged: pledged.contains(&organisation_id),
                invited: true,
                notified_at: utc(invited[&organisation_id]),
                score: score as i32,
                reasons,
                organisation_id,
                organisation_name,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.organisation_name.cmp(&b.organisation_name))
    });
    Ok(out)
}
