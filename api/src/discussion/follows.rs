//! Following an idea: `/api/v1/ideas/{id}/follow`. Followers are told about public updates.
//! Following and unfollowing are idempotent.

use actix_web::{web, HttpResponse};
use diesel::prelude::*;

use crate::auth::AnyUser;
use crate::db::schema::idea_follows as follows;
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::ideas::access;
use crate::state::AppState;
use cc2i_shared::discussion::Following;
use cc2i_shared::Problem;

fn following(
    conn: &mut AnyConnection,
    idea_id: &str,
    user_id: &str,
) -> Result<Following, ApiError> {
    let mine: i64 = follows::table
        .find((idea_id, user_id))
        .count()
        .get_result(conn)?;
    let followers: i64 = follows::table
        .filter(follows::idea_id.eq(idea_id))
        .count()
        .get_result(conn)?;
    Ok(Following {
        following: mine > 0,
        followers,
    })
}

/// Whether you follow the idea, and how many people do.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/follow", tag = "discussion", operation_id = "get_following",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "Whether you follow it: `following: false` once you unfollow (your follow state: unfollowing removes no resource this answers for)", body = Following),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_following(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let result = state
        .db
        .read(move |conn| {
            let idea = access::visible(conn, &id, Some(&user))?;
            following(conn, &idea.id, &user.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Follow the idea, to be told about its public updates. Following twice changes nothing.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/follow", tag = "discussion", operation_id = "follow_idea",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "You follow it", body = Following),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn follow_idea(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let result = state
        .db
        .write(move |conn| {
            let idea = access::visible(conn, &id, Some(&user))?;
            if !following(conn, &idea.id, &user.id)?.following {
                diesel::insert_into(follows::table)
                    .values((
                        follows::idea_id.eq(&idea.id),
                        follows::user_id.eq(&user.id),
                        follows::created_at.eq(now()),
                    ))
                    .execute(conn)
                    .map_err(|e| {
                        if crate::error::is_unique_violation(&e) {
                            ApiError::conflict(
                                "request_in_progress",
                                "Another request to follow this idea is under way; try again.",
                            )
                        } else {
                            e.into()
                        }
                    })?;
            }
            following(conn, &idea.id, &user.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Stop following the idea. Unfollowing an idea you do not follow changes nothing.
#[utoipa::path(
    delete, path = "/api/v1/ideas/{id}/follow", tag = "discussion", operation_id = "unfollow_idea",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    responses(
        (status = 200, description = "You no longer follow it", body = Following),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn unfollow_idea(
    state: web::Data<AppState>,
    AnyUser(user): AnyUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let result = state
        .db
        .write(move |conn| {
            let idea = access::visible(conn, &id, Some(&user))?;
            diesel::delete(follows::table.find((&idea.id, &user.id))).execute(conn)?;
            following(conn, &idea.id, &user.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}
