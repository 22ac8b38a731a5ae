//! Platform staff moderate: `GET /api/v1/admin/moderation` and
//! `POST /api/v1/admin/moderation/{target_type}/{target_id}`.

use actix_web::{web, HttpRequest, HttpResponse};
use diesel::prelude::*;

use super::{queue, state};
use crate::auth::AuthUser;
use crate::db::schema::{idea_updates, ideas, questions};
use crate::db::{now, AnyConnection};
use crate::discussion::excerpt;
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::notifications::repo::{notify, Message};
use crate::state::AppState;
use cc2i_shared::moderation::{
    Moderate, ModerationAction, ModerationItem, ModerationQuery, TargetType,
};
use cc2i_shared::{Page, Problem};

fn staff_only(user: &AuthUser) -> Result<(), ApiError> {
    if user.is_platform_admin() {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "Only CC2i platform staff moderate content.".into(),
        ))
    }
}

/// Tells whoever wrote it that moderators removed it, and why.
fn tell_author(
    conn: &mut AnyConnection,
    target: TargetType,
    target_id: &str,
    reason: &str,
) -> Result<(), ApiError> {
    let (author, idea_id, title): (String, String, String) = match target {
        TargetType::Question => questions::table
            .inner_join(ideas::table)
            .filter(questions::id.eq(target_id))
            .select((questions::asked_by, ideas::id, ideas::title))
            .first(conn)?,
        TargetType::Update => idea_updates::table
            .inner_join(ideas::table)
            .filter(idea_updates::id.eq(target_id))
            .select((idea_updates::posted_by, ideas::id, ideas::title))
            .first(conn)?,
    };
    notify(
        conn,
        &[author],
        &Message {
            kind: "content_removed",
            title: format!(
                "Moderators removed your {} on “{title}”",
                target.label().to_lowercase()
            ),
            body: excerpt(reason, 280),
            link: format!("/ideas/{idea_id}"),
        },
    )
}

/// Everything reported since its last restore, or hidden, most recently flagged first, with
/// full text and reports (platform staff). `filter=needs_review` lists what awaits a
/// decision: reported but shown, or hidden by reports.
#[utoipa::path(
    get, path = "/api/v1/admin/moderation", tag = "moderation", operation_id = "moderation_queue",
    security(("bearer" = [])),
    params(ModerationQuery),
    responses(
        (status = 200, description = "A page of the queue", body = Page<ModerationItem>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not platform staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn moderation_queue(
    state: web::Data<AppState>,
    user: AuthUser,
    query: ValidQuery<ModerationQuery>,
) -> Result<HttpResponse, ApiError> {
    staff_only(&user)?;
    let ModerationQuery {
        filter,
        cursor,
        limit,
    } = query.0;
    let page = state
        .db
        .read(move |conn| {
            queue::list(
                conn,
                filter,
                cursor.as_deref(),
                crate::discussion::page_limit(limit),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Hide a question (with its answer) or an update, or restore it (platform staff). Hiding
/// shows people "Removed by moderators" with the reason and tells the author; restoring
/// shows it again and clears its reports, so it takes reports from three new organisations
/// to hide it again. Hiding something hidden by reports confirms it with the moderator's
/// reason; restoring something never hidden dismisses its reports.
#[utoipa::path(
    post, path = "/api/v1/admin/moderation/{target_type}/{target_id}", tag = "moderation", operation_id = "moderate",
    security(("bearer" = [])),
    params(
        ("target_type" = TargetType, Path, description = "`question` or `update`"),
        ("target_id" = String, Path, description = "Its id", max_length = 64),
    ),
    request_body = Moderate,
    responses(
        (status = 200, description = "The item as moderators now see it", body = ModerationItem),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not platform staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such question or update", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn moderate(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: ValidJson<Moderate>,
) -> Result<HttpResponse, ApiError> {
    staff_only(&user)?;
    let (target, target_id) = path.into_inner();
    let target = TargetType::from_code(&target).ok_or(ApiError::NotFound)?;
    let Moderate { action, reason } = body.0;
    let ctx = crate::audit::Ctx::person(&state, &req, &user);
    let item = state
        .db
        .write(move |conn| {
            let item = state::lock(conn, target, &target_id)?.ok_or(ApiError::NotFound)?;
            let reason = reason.trim();
            let at = now();
            match action {
                ModerationAction::Hide => {
                    let already = item.hidden && item.hidden_by.is_some();
                    state::hide(conn, &item, reason, Some(&user.id), at)?;
                    if !already {
                        tell_author(conn, target, &target_id, reason)?;
                    }
                }
                ModerationAction::Restore => state::restore(conn, &item, reason, &user.id, at)?,
            }
            let what = match action {
                ModerationAction::Hide => "moderation.hidden",
                ModerationAction::Restore => "moderation.restored",
            };
            let audit_at = crate::clock::now_on(conn, ctx.test_clock())?;
            let entry = crate::audit::Entry::new(what, target.code(), &target_id)
                .after(serde_json::json!({"reason": reason}));
            crate::audit::record(conn, &ctx, entry, audit_at)?;
            queue::one(conn, target, &target_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(item))
}
