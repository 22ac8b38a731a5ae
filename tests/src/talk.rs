//! Helpers for the discussion and moderation tests: people in verified organisations,
//! questions, updates, reports and notification feeds.

use cc2i_shared::discussion::{IdeaUpdate, Question};
use cc2i_shared::idea::Idea;
use cc2i_shared::notification::NotificationFeed;
use cc2i_shared::{Organisation, Page};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::{ok, Session, TestApp};

/// A new person who owns a new verified organisation.
pub async fn verified_member(app: &TestApp) -> (Session, Organisation) {
    let who = app.user().await;
    let org = app.verified_organisation(&who).await;
    (who, org)
}

/// The proposing organisation of an idea, as its owner sees it.
pub async fn proposer_org(app: &TestApp, owner: &Session, idea: &Idea) -> Organisation {
    ok(
        app.get(
            &format!("/api/v1/organisations/{}", idea.organisation.id),
            Some(&owner.token),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

/// Asks a question about an idea.
pub async fn ask(app: &TestApp, who: &Session, idea_id: &str, body: Value) -> Response {
    app.post(
        &format!("/api/v1/ideas/{idea_id}/questions"),
        Some(&who.token),
        body,
    )
    .await
}

/// Asks a question, expecting success.
pub async fn asked(app: &TestApp, who: &Session, idea_id: &str, text: &str) -> Question {
    ok(
        ask(app, who, idea_id, json!({ "body": text })).await,
        StatusCode::CREATED,
    )
    .await
}

/// Answers a question.
pub async fn answer(app: &TestApp, who: &Session, question_id: &str, text: &str) -> Response {
    app.post(
        &format!("/api/v1/questions/{question_id}/answer"),
        Some(&who.token),
        json!({ "body": text }),
    )
    .await
}

/// The first page of an idea's questions as `token` sees it.
pub async fn questions(app: &TestApp, token: Option<&str>, idea_id: &str) -> Page<Question> {
    ok(
        app.get(&format!("/api/v1/ideas/{idea_id}/questions"), token)
            .await,
        StatusCode::OK,
    )
    .await
}

/// Posts an update.
pub async fn post_update(
    app: &TestApp,
    who: &Session,
    idea_id: &str,
    title: &str,
    audience: &str,
) -> Response {
    app.post(
        &format!("/api/v1/ideas/{idea_id}/updates"),
        Some(&who.token),
        json!({ "title": title, "body": format!("{title}: the details."), "audience": audience }),
    )
    .await
}

/// Posts an update, expecting success.
pub async fn posted(
    app: &TestApp,
    who: &Session,
    idea_id: &str,
    title: &str,
    audience: &str,
) -> IdeaUpdate {
    ok(
        post_update(app, who, idea_id, title, audience).await,
        StatusCode::CREATED,
    )
    .await
}

/// The titles of an idea's updates (newest first) as `token` sees them.
pub async fn update_titles(app: &TestApp, token: Option<&str>, idea_id: &str) -> Vec<String> {
    let page: Page<IdeaUpdate> = ok(
        app.get(&format!("/api/v1/ideas/{idea_id}/updates"), token)
            .await,
        StatusCode::OK,
    )
    .await;
    page.items
        .into_iter()
        .map(|u| u.title.unwrap_or_else(|| "(removed)".into()))
        .collect()
}

/// Reports a question or an update.
pub async fn report(
    app: &TestApp,
    who: &Session,
    target_type: &str,
    target_id: &str,
    reason: &str,
) -> Response {
    app.post(
        "/api/v1/reports",
        Some(&who.token),
        json!({ "target_type": target_type, "target_id": target_id, "reason": reason }),
    )
    .await
}

/// A person's notification feed.
pub async fn feed(app: &TestApp, who: &Session) -> NotificationFeed {
    ok(
        app.get("/api/v1/notifications?limit=100", Some(&who.token))
            .await,
        StatusCode::OK,
    )
    .await
}

/// The links of a person's notifications of one kind.
pub async fn told_links(app: &TestApp, who: &Session, kind: &str) -> Vec<String> {
    feed(app, who)
        .await
        .items
        .into_iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.link)
        .collect()
}

/// The titles of a person's notifications of one kind.
pub async fn told(app: &TestApp, who: &Session, kind: &str) -> Vec<String> {
    feed(app, who)
        .await
        .items
        .into_iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.title)
        .collect()
}
