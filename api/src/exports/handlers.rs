//! `pledges.csv` for an idea (its public funders list) and for an organisation (members:
//! every pledge and commitment with amounts in pounds and pence).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use diesel::prelude::*;

use super::csv::{Cell, Csv};
use crate::auth::{needs, MaybeAuthUser, Scoped};
use crate::db::schema::{ideas, organisations};
use crate::error::ApiError;
use crate::ideas::repo as ideas_repo;
use crate::pledges::handlers::visible_pledges;
use crate::pledges::repo;
use crate::pledges::rows::{amount_of, PledgeRow};
use crate::state::AppState;
use cc2i_shared::Problem;

pub(crate) fn attachment(filename: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8; header=present")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .body(body)
}

fn money_cells(row: &PledgeRow, target_cost_pence: i64) -> Vec<Cell> {
    let amount = amount_of(target_cost_pence, row.share_bp);
    vec![
        Cell::Int(row.share_bp),
        Cell::Pounds(amount),
        Cell::Int(amount),
        row.final_share_bp.map_or(Cell::Empty, Cell::Int),
        row.final_amount_pence.map_or(Cell::Empty, Cell::Pounds),
        row.final_amount_pence.map_or(Cell::Empty, Cell::Int),
    ]
}

const MONEY: [&str; 6] = [
    "share_bp",
    "amount_pounds",
    "amount_pence",
    "final_share_bp",
    "final_amount_pounds",
    "final_amount_pence",
];

/// An idea's funders as CSV (the same pledges as `GET /ideas/{id}/pledges` shows you).
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/pledges.csv", tag = "pledges", operation_id = "idea_pledges_csv",
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "RFC 4180 CSV, UTF-8", content_type = "text/csv", body = String),
        (status = 404, description = "No such idea, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn idea_pledges_csv(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let filename = format!("cc2i-idea-{id}-pledges.csv");
    let body = state
        .db
        .read(move |conn| {
            let pledges = visible_pledges(conn, &id, user.0.as_ref())?;
            let idea = ideas_repo::find_row(conn, &id)?.ok_or(ApiError::NotFound)?;
            let ids: Vec<&String> = pledges.iter().map(|(r, _)| &r.organisation_id).collect();
            let identifiers: std::collections::HashMap<String, String> = organisations::table
                .filter(organisations::id.eq_any(ids))
                .select((organisations::id, organisations::identifier))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
            let mut header = vec!["organisation", "organisation_identifier", "status"];
            header.extend(MONEY);
            header.push("pledged_at");
            let mut csv = Csv::new(&header);
            for (row, name) in &pledges {
                let mut cells = vec![
                    Cell::Text(name.clone()),
                    Cell::Text(
                        identifiers
                            .get(&row.organisation_id)
                            .cloned()
                            .unwrap_or_default(),
                    ),
                    Cell::Text(row.status().code().to_string()),
                ];
                cells.extend(money_cells(row, idea.target_cost_pence));
                cells.push(Cell::Text(row.created_at.and_utc().to_rfc3339()));
                csv.row(cells);
            }
            Ok(csv.finish())
        })
        .await?;
    Ok(attachment(&filename, body))
}

/// Every pledge and commitment of an organisation as CSV (its members and platform admins).
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/pledges.csv", tag = "pledges", operation_id = "organisation_pledges_csv",
    security(("bearer" = []), ("api_key" = ["pledges:read"])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "RFC 4180 CSV, UTF-8", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`insufficient_scope` (an API key without the scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not a member", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn organisation_pledges_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Scoped<needs::PledgesRead>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor.0;
    let id = id.into_inner();
    let filename = format!("cc2i-organisation-{id}-pledges.csv");
    let ctx = crate::audit::Ctx::actor(&state, &req, &actor);
    let body = state
        .db
        .write_unlisted(move |conn| {
            crate::organisations::repo::get_or_404(conn, &id)?;
            actor.member_of(conn, &id)?;
            let at = crate::clock::now_on(conn, ctx.test_clock())?;
            let entry = crate::audit::Entry::new("export.pledges", "organisation", &id).org(&id);
            crate::audit::record(conn, &ctx, entry, at)?;
            let rows = repo::of_organisation(conn, &id)?;
            let idea_ids: Vec<&String> = rows.iter().map(|r| &r.idea_id).collect();
            let ideas: std::collections::HashMap<String, (String, i64)> = ideas::table
                .filter(ideas::id.eq_any(idea_ids))
                .select((ideas::id, ideas::title, ideas::target_cost_pence))
                .load::<(String, String, i64)>(conn)?
                .into_iter()
                .map(|(id, title, target)| (id, (title, target)))
                .collect();
            let mut header = vec!["pledge_id", "idea_id", "idea_title", "status"];
            header.extend(MONEY);
            header.extend(["created_at", "updated_at"]);
            let mut csv = Csv::new(&header);
            for row in &rows {
                let (title, target) = ideas.get(&row.idea_id).cloned().unwrap_or_default();
                let mut cells = vec![
                    Cell::Text(row.id.clone()),
                    Cell::Text(row.idea_id.clone()),
                    Cell::Text(title),
                    Cell::Text(row.status().code().to_string()),
                ];
                cells.extend(money_cells(row, target));
                cells.push(Cell::Text(row.created_at.and_utc().to_rfc3339()));
                cells.push(Cell::Text(row.updated_at.and_utc().to_rfc3339()));
                csv.row(cells);
            }
            Ok(csv.finish())
        })
        .await?;
    Ok(attachment(&filename, body))
}
