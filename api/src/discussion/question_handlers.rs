//! Handlers for `/api/v1/ideas/{id}/questions` and `/api/v1/questions/{id}/answer`.

use actix_web::{web, HttpResponse};

use super::{page_limit, questions};
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::db::now;
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::ideas::access;
use crate::state::AppState;
use cc2i_shared::discussion::{AnswerQuestion, AskQuestion, DiscussionQuery, Question};
use cc2i_shared::{Page, Problem};

/// Ask a public question about a published idea, for your verified organisation. The
/// proposing organisation's members are told. Name `organisation_id` if you belong to more
/// than one verified organisation; the proposer cannot ask about its own idea. Questions
/// close when an idea is withdrawn or closes unfunded.
#[utoipa::path(
    post, path = "/api/v1/ideas/{id}/questions", tag = "discussion", operation_id = "ask_question",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Idea id", max_length = 64)),
    request_body = AskQuestion,
    responses(
        (status = 201, description = "The question, as the public sees it", body = Question),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`organisation_not_verified` (no verified organisation), `proposer_cannot_ask`, or not a member of the organisation named", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idea_not_public` or `questions_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (a blank or too long `body`), or `organisation_id` needed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn ask_question(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<AskQuestion>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let new = body.0;
    let question = state
        .db
        .write(move |conn| {
            let idea = access::visible(conn, &id, Some(&user))?;
            // Who may ask comes before the idea's state: 403 for them whatever the state.
            let asker =
                questions::asking_organisation(conn, &user, &idea, new.organisation_id.as_deref())?;
            questions::require_open_for_questions(&idea)?;
            questions::ask(conn, &idea, &user, &asker, &new, now())
        })
        .await?;
    Ok(HttpResponse::Created().json(question))
}

/// The idea's questions and answers, newest first; public. Askers are shown as their
/// organisation. Questions removed by moderators keep their place with `hidden: true`,
/// the reason, and `null` text.
#[utoipa::path(
    get, path = "/api/v1/ideas/{id}/questions", tag = "discussion", operation_id = "list_questions",
    params(("id" = String, Path, description = "Idea id", max_length = 64), DiscussionQuery),
    responses(
        (status = 200, description = "A page of questions, newest first", body = Page<Question>),
        (status = 401, description = "An invalid access token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such idea, or not visible", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_questions(
    state: web::Data<AppState>,
    user: MaybeAuthUser,
    id: web::Path<String>,
    query: ValidQuery<DiscussionQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let DiscussionQuery { cursor, limit } = query.0;
    let page = state
        .db
        .read(move |conn| {
            let idea = access::visible(conn, &id, user.0.as_ref())?;
            questions::list(conn, &idea, cursor, page_limit(limit))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Answer a question about your organisation's idea (any member of the proposing
/// organisation). A question is answered once: answers are a public record and cannot be
/// changed (409 `already_answered`). The person who asked is told.
#[utoipa::path(
    post, path = "/api/v1/questions/{id}/answer", tag = "discussion", operation_id = "answer_question",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Question id", max_length = 64)),
    request_body = AnswerQuestion,
    responses(
        (status = 200, description = "The question with its answer", body = Question),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the proposing organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such question, or its idea is not visible", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_answered` or `question_hidden`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A blank or too long `body`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn answer_question(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: ValidJson<AnswerQuestion>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let answer = body.0.body;
    let question = state
        .db
        .write(move |conn| {
            let (idea_id, asked_by) = questions::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            let (idea, _) = access::as_proposer(conn, &idea_id, &user)?;
            questions::answer(conn, &idea, &id, &asked_by, &user, &answer, now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(question))
}
