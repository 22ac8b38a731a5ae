//! Reporting a question (with its answer) or an update: `POST /api/v1/reports`.

use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::state::{self, ItemRow};
use crate::auth::AuthUser;
use crate::db::schema::{memberships, moderation_items as items, organisations, reports, users};
use crate::db::{new_id, now, utc, AnyConnection};
use crate::discussion::{audience, questions, updates};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::ideas::access;
use crate::notifications::repo::{notify, Message};
use crate::state::AppState;
use cc2i_shared::discussion::UpdateAudience;
use cc2i_shared::moderation::{voices, CreateReport, Report, TargetType, HIDE_THRESHOLD};
use cc2i_shared::{PlatformRole, Problem};

/// The reason people see for content hidden by reports.
pub fn hidden_by_reports() -> String {
    format!(
        "Reported by people from {HIDE_THRESHOLD} organisations; hidden until a moderator reviews it"
    )
}

/// The idea of a target the user can see, or 404.
fn visible_idea(
    conn: &mut AnyConnection,
    user: &AuthUser,
    target: TargetType,
    target_id: &str,
) -> Result<crate::ideas::rows::IdeaRow, ApiError> {
    match target {
        TargetType::Question => {
            let (idea_id, _) = questions::find(conn, target_id)?.ok_or(ApiError::NotFound)?;
            access::visible(conn, &idea_id, Some(user))
        }
        TargetType::Update => {
            let (idea_id, audience_of) =
                updates::find(conn, target_id)?.ok_or(ApiError::NotFound)?;
            let idea = access::visible(conn, &idea_id, Some(user))?;
            if audience_of == UpdateAudience::Funders
                && !audience::sees_funders_only(conn, &idea, Some(user))?
            {
                return Err(ApiError::NotFound);
            }
            Ok(idea)
        }
    }
}

/// The verified organisation a user's reports count for: the one they joined first.
fn voice_of(conn: &mut AnyConnection, user_id: &str) -> Result<Option<String>, ApiError> {
    Ok(memberships::table
        .inner_join(organisations::table)
        .filter(memberships::user_id.eq(user_id))
        .filter(organisations::verified.eq(true))
        .order((memberships::created_at.asc(), organisations::id.asc()))
        .select(organisations::id)
        .first(conn)
        .optional()?)
}

fn already_reported() -> ApiError {
    ApiError::conflict(
        "already_reported",
        "You have reported this already. Moderators will look at it.",
    )
}

/// Tells platform staff that reports hid something.
fn tell_moderators(
    conn: &mut AnyConnection,
    item: &ItemRow,
    idea_title: &str,
) -> Result<(), ApiError> {
    let staff: Vec<String> = users::table
        .filter(users::platform_role.eq(PlatformRole::Admin.code()))
        .select(users::id)
        .load(conn)?;
    notify(
        conn,
        &staff,
        &Message {
            kind: "moderation_needed",
            title: format!(
                "{} on “{idea_title}” was hidden by reports",
                item.kind().label()
            ),
            body: format!(
                "Reports from {HIDE_THRESHOLD} organisations hid it. Review it in the moderation queue."
            ),
            link: "/admin/moderation".into(),
        },
    )
}

fn report(
    conn: &mut AnyConnection,
    user: &AuthUser,
    new: &CreateReport,
    at: NaiveDateTime,
) -> Result<Report, ApiError> {
    let idea = visible_idea(conn, user, new.target_type, &new.target_id)?;
    let item = state::lock(conn, new.target_type, &new.target_id)?.ok_or(ApiError::NotFound)?;
    if item.hidden {
        return Err(ApiError::conflict(
            "already_hidden",
            "Moderators have already removed this.",
        ));
    }
    let mine: i64 = reports::table
        .filter(reports::target_type.eq(&item.target_type))
        .filter(reports::target_id.eq(&item.target_id))
        .filter(reports::round.eq(item.round))
        .filter(reports::reporter_id.eq(&user.id))
        .count()
        .get_result(conn)?;
    if mine > 0 {
        return Err(already_reported());
    }
    let id = new_id();
    let reason = new.reason.trim();
    diesel::insert_into(reports::table)
        .values((
            reports::id.eq(&id),
            reports::target_type.eq(&item.target_type),
            reports::target_id.eq(&item.target_id),
            reports::round.eq(item.round),
            reports::reporter_id.eq(&user.id),
            reports::organisation_id.eq(voice_of(conn, &user.id)?),
            reports::reason.eq(reason),
            reports::created_at.eq(at),
        ))
        .execute(conn)
        .map_err(|e| {
            if crate::error::is_unique_violation(&e) {
                already_reported()
            } else {
                e.into()
            }
        })?;
    diesel::update(items::table.find((&item.target_type, &item.target_id)))
        .set((
            items::report_count.eq(item.report_count + 1),
            items::flagged_at.eq(item.flagged_at.unwrap_or(at)),
        ))
        .execute(conn)?;
    let counted: Vec<Option<String>> = reports::table
        .filter(reports::target_type.eq(&item.target_type))
        .filter(reports::target_id.eq(&item.target_id))
        .filter(reports::round.eq(item.round))
        .select(reports::organisation_id)
        .load(conn)?;
    let hide = voices(counted.iter().map(Option::as_deref)) >= HIDE_THRESHOLD;
    if hide {
        let item = ItemRow {
            flagged_at: item.flagged_at.or(Some(at)),
            ..item
        };
        state::hide(conn, &item, &hidden_by_reports(), None, at)?;
        tell_moderators(conn, &item, &idea.title)?;
    }
    Ok(Report {
        id,
        target_type: new.target_type,
        target_id: new.target_id.clone(),
        reason: reason.to_string(),
        created_at: utc(at),
        target_hidden: hide,
    })
}

/// Report a question (with its answer) or an update you can see as breaking the rules. Each
/// person reports something once until moderators restore it (409 `already_reported`).
/// Each report counts for the reporter's first verified organisation, and reports from
/// people without a verified organisation together count as one; once reports count for
/// three different organisations the content is hidden pending review.
#[utoipa::path(
    post, path = "/api/v1/reports", tag = "moderation", operation_id = "create_report",
    security(("bearer" = [])),
    request_body = CreateReport,
    responses(
        (status = 201, description = "The report, and whether the content is now hidden", body = Report),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such question or update, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_reported` or `already_hidden`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_report(
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<CreateReport>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let made = state
        .db
        .write(move |conn| report(conn, &user, &new, now()))
        .await?;
    Ok(HttpResponse::Created().json(made))
}
