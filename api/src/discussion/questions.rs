//! Asking, answering and listing questions. A question is asked for a verified organisation
//! other than the proposer and answered once by any member of the proposing organisation.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{excerpt, paged};
use crate::auth::AuthUser;
use crate::db::schema::{memberships, organisations, questions};
use crate::db::{new_id, utc, AnyConnection};
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::moderation::state;
use crate::notifications::repo::{members, notify, Message};
use cc2i_shared::discussion::{Answer, AskQuestion, Question, Speaker};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::moderation::TargetType;
use cc2i_shared::Page;

/// id, asking organisation, its name, body, asked, answer, answered.
type Row = (
    String,
    String,
    String,
    String,
    NaiveDateTime,
    Option<String>,
    Option<NaiveDateTime>,
);

/// 409 unless the idea takes questions: published, and not withdrawn or closed unfunded.
pub fn require_open_for_questions(idea: &IdeaRow) -> Result<(), ApiError> {
    let status = idea.status();
    if !status.is_public() {
        return Err(ApiError::conflict(
            "idea_not_public",
            "Questions can be asked once the idea is published.",
        ));
    }
    if matches!(status, IdeaStatus::Withdrawn | IdeaStatus::NotFunded) {
        return Err(ApiError::conflict(
            "questions_closed",
            format!(
                "This idea is {}, so it takes no more questions.",
                status.label().to_lowercase()
            ),
        ));
    }
    Ok(())
}

/// The verified organisation the caller asks for: the one named, or their only verified
/// organisation other than the proposer.
pub fn asking_organisation(
    conn: &mut AnyConnection,
    user: &AuthUser,
    idea: &IdeaRow,
    requested: Option<&str>,
) -> Result<Speaker, ApiError> {
    let mine: Vec<(String, String, bool)> = memberships::table
        .inner_join(organisations::table)
        .filter(memberships::user_id.eq(&user.id))
        .order((memberships::created_at.asc(), organisations::id.asc()))
        .select((
            organisations::id,
            organisations::name,
            organisations::verified,
        ))
        .load(conn)?;
    let not_verified = || ApiError::Denied {
        code: "organisation_not_verified",
        detail: "Only members of an organisation verified by CC2i can ask questions.".into(),
    };
    let proposer = || ApiError::Denied {
        code: "proposer_cannot_ask",
        detail:
            "The proposing organisation answers questions about its own idea; it does not ask them."
                .into(),
    };
    if let Some(requested) = requested {
        let (id, name, verified) = mine
            .into_iter()
            .find(|(id, ..)| id == requested)
            .ok_or_else(|| {
                ApiError::Forbidden("You can only ask for organisations you belong to.".into())
            })?;
        if !verified {
            return Err(not_verified());
        }
        if id == idea.organisation_id {
            return Err(proposer());
        }
        return Ok(Speaker { id, name });
    }
    let verified: Vec<&(String, String, bool)> = mine.iter().filter(|m| m.2).collect();
    let candidates: Vec<&&(String, String, bool)> = verified
        .iter()
        .filter(|m| m.0 != idea.organisation_id)
        .collect();
    match candidates.as_slice() {
        [(id, name, _)] => Ok(Speaker {
            id: id.clone(),
            name: name.clone(),
        }),
        [] if verified.is_empty() => Err(not_verified()),
        [] => Err(proposer()),
        many => Err(ApiError::field(
            "organisation_id",
            format!(
                "is required because you belong to more than one verified organisation: {}",
                many.iter()
                    .map(|m| m.1.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

fn proposer_speaker(conn: &mut AnyConnection, idea: &IdeaRow) -> Result<Speaker, ApiError> {
    let name = organisations::table
        .find(&idea.organisation_id)
        .select(organisations::name)
        .first::<String>(conn)?;
    Ok(Speaker {
        id: idea.organisation_id.clone(),
        name,
    })
}

fn to_questions(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    rows: Vec<Row>,
) -> Result<Vec<Question>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let removed = state::removed(conn, TargetType::Question, &ids)?;
    let proposer = proposer_speaker(conn, idea)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, org_id, org_name, body, asked_at, answer, answered_at)| {
                let reason = removed.get(&id).cloned();
                let hidden = reason.is_some();
                Question {
                    idea_id: idea.id.clone(),
                    organisation: Speaker {
                        id: org_id,
                        name: org_name,
                    },
                    body: (!hidden).then_some(body),
                    asked_at: utc(asked_at),
                    answer: answered_at.map(|at| Answer {
                        body: answer.filter(|_| !hidden),
                        organisation: proposer.clone(),
                        answered_at: utc(at),
                    }),
                    hidden,
                    removed_reason: reason,
                    id,
                }
            },
        )
        .collect())
}

macro_rules! question_rows {
    () => {
        questions::table.inner_join(organisations::table).select((
            questions::id,
            questions::organisation_id,
            organisations::name,
            questions::body,
            questions::created_at,
            questions::answer,
            questions::answered_at,
        ))
    };
}

/// A page of the idea's questions, newest first.
pub fn list(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    cursor: Option<String>,
    limit: i64,
) -> Result<Page<Question>, ApiError> {
    let mut query = question_rows!()
        .filter(questions::idea_id.eq(&idea.id))
        .order(questions::id.desc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(cursor) = cursor {
        query = query.filter(questions::id.lt(cursor));
    }
    let rows: Vec<Row> = query.load(conn)?;
    let (rows, next_cursor) = paged(rows, limit, |r| &r.0);
    Ok(Page {
        items: to_questions(conn, idea, rows)?,
        next_cursor,
    })
}

/// One question as the public sees it.
pub fn one(conn: &mut AnyConnection, idea: &IdeaRow, id: &str) -> Result<Question, ApiError> {
    let rows: Vec<Row> = question_rows!().filter(questions::id.eq(id)).load(conn)?;
    to_questions(conn, idea, rows)?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// The idea a question belongs to and who asked it, if the question exists.
pub fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<(String, String)>, ApiError> {
    Ok(questions::table
        .find(id)
        .select((questions::idea_id, questions::asked_by))
        .first(conn)
        .optional()?)
}

/// Stores a question for `asker` and tells the proposing organisation's members.
pub fn ask(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    user: &AuthUser,
    asker: &Speaker,
    new: &AskQuestion,
    at: NaiveDateTime,
) -> Result<Question, ApiError> {
    let id = new_id();
    let body = new.body.trim();
    diesel::insert_into(questions::table)
        .values((
            questions::id.eq(&id),
            questions::idea_id.eq(&idea.id),
            questions::organisation_id.eq(&asker.id),
            questions::asked_by.eq(&user.id),
            questions::body.eq(body),
            questions::created_at.eq(at),
        ))
        .execute(conn)?;
    state::track(conn, TargetType::Question, &id, &idea.id, at)?;
    let to = members(conn, &idea.organisation_id, false, Some(&user.id))?;
    notify(
        conn,
        &to,
        &Message {
            kind: "question_asked",
            title: format!("{} asked a question about “{}”", asker.name, idea.title),
            body: excerpt(body, 280),
            link: super::discussion_link(&idea.id),
        },
    )?;
    one(conn, idea, &id)
}

/// Answers a question once (409 `already_answered`; 409 `question_hidden` while moderators
/// have it hidden) and tells the person who asked.
pub fn answer(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    question_id: &str,
    asked_by: &str,
    user: &AuthUser,
    body: &str,
    at: NaiveDateTime,
) -> Result<Question, ApiError> {
    if state::is_hidden(conn, TargetType::Question, question_id)? {
        return Err(ApiError::conflict(
            "question_hidden",
            "Moderators removed this question, so it cannot be answered.",
        ));
    }
    let body = body.trim();
    // Guarded, so of two answers at once only the first is kept.
    let written = diesel::update(
        questions::table
            .find(question_id)
            .filter(questions::answered_at.is_null()),
    )
    .set((
        questions::answer.eq(body),
        questions::answered_by.eq(&user.id),
        questions::answered_at.eq(at),
    ))
    .execute(conn)?;
    if written == 0 {
        return Err(ApiError::conflict(
            "already_answered",
            "This question has been answered already; answers cannot be changed.",
        ));
    }
    let proposer = proposer_speaker(conn, idea)?;
    if asked_by != user.id {
        notify(
            conn,
            &[asked_by.to_string()],
            &Message {
                kind: "question_answered",
                title: format!(
                    "{} answered your question about “{}”",
                    proposer.name, idea.title
                ),
                body: excerpt(body, 280),
                link: super::discussion_link(&idea.id),
            },
        )?;
    }
    one(conn, idea, question_id)
}
