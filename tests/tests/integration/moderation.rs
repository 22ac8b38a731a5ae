//! Reports, the three-organisation threshold, and platform staff hiding and restoring.

use cc2i_shared::discussion::{IdeaUpdate, Question};
use cc2i_shared::moderation::{ModerationItem, Report};
use cc2i_shared::Page;
use cc2i_tests::talk::{
    answer, asked, posted, questions, report, told, update_titles, verified_member,
};
use cc2i_tests::{ok, problem, Session, TestApp};
use reqwest::StatusCode;
use serde_json::json;

/// An open idea with its owner and one answered question.
async fn answered_question(app: &TestApp) -> (Session, String, Question) {
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let (asker, _) = verified_member(app).await;
    let q = asked(app, &asker, &idea.id, "Is this spam?").await;
    ok::<Question>(
        answer(app, &proposer, &q.id, "No, it is a real answer.").await,
        StatusCode::OK,
    )
    .await;
    (proposer, idea.id, q)
}

async fn reported(app: &TestApp, who: &Session, kind: &str, id: &str) -> Report {
    ok(
        report(app, who, kind, id, "Offensive language").await,
        StatusCode::CREATED,
    )
    .await
}

async fn queue(app: &TestApp, query: &str) -> Page<ModerationItem> {
    ok(
        app.get(
            &format!("/api/v1/admin/moderation{query}"),
            Some(&app.admin().await),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

async fn moderate(
    app: &TestApp,
    token: &str,
    kind: &str,
    id: &str,
    action: &str,
    reason: &str,
) -> reqwest::Response {
    app.post(
        &format!("/api/v1/admin/moderation/{kind}/{id}"),
        Some(token),
        json!({"action": action, "reason": reason}),
    )
    .await
}

#[tokio::test]
async fn reports_from_three_organisations_hide_a_question_and_its_answer() {
    let app = TestApp::spawn().await;
    let (_, idea_id, q) = answered_question(&app).await;
    let mut reporters = Vec::new();
    for _ in 0..3 {
        reporters.push(verified_member(&app).await.0);
    }
    for who in &reporters[..2] {
        assert!(!reported(&app, who, "question", &q.id).await.target_hidden);
    }
    let shown = &questions(&app, None, &idea_id).await.items[0];
    assert!(!shown.hidden, "two reports do not hide it");
    assert_eq!(shown.body.as_deref(), Some("Is this spam?"));
    let pending = queue(&app, "").await.items;
    assert_eq!(pending.len(), 1);
    assert!(pending[0].needs_review && !pending[0].hidden);
    assert_eq!(pending[0].reporting_organisations, 2);

    let third = reported(&app, &reporters[2], "question", &q.id).await;
    assert!(third.target_hidden);
    let res = app
        .get(&format!("/api/v1/ideas/{idea_id}/questions"), None)
        .await;
    let text = res.text().await.unwrap();
    assert!(
        !text.contains("Is this spam?") && !text.contains("real answer"),
        "{text}"
    );
    let page: Page<Question> = serde_json::from_str(&text).unwrap();
    let hidden = &page.items[0];
    assert!(hidden.hidden);
    assert_eq!(hidden.body, None);
    assert_eq!(
        hidden.answer.as_ref().map(|a| a.body.clone()),
        Some(None),
        "the answer keeps its place, without words"
    );
    let reason = hidden.removed_reason.as_deref().unwrap();
    assert!(reason.contains("3 organisations"), "{reason}");
    let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(raw["items"][0]["body"], serde_json::Value::Null);
    assert_eq!(raw["items"][0]["hidden"], true);

    let item = &queue(&app, "?filter=needs_review").await.items[0];
    assert!(item.hidden && item.hidden_by_reports && item.needs_review);
    assert_eq!(item.body, "Is this spam?", "moderators see the words");
    assert_eq!(item.answer.as_deref(), Some("No, it is a real answer."));
    assert_eq!(item.reports.len(), 3);
    assert_eq!(item.reporting_organisations, 3);
    let admin = Session {
        user: reporters[0].user.clone(),
        token: app.admin().await,
    };
    assert_eq!(told(&app, &admin, "moderation_needed").await.len(), 1);

    problem(
        report(&app, &app.user().await, "question", &q.id, "Also bad").await,
        StatusCode::CONFLICT,
        "already_hidden",
    )
    .await;
}

#[tokio::test]
async fn three_reports_from_one_organisation_or_from_people_without_one_do_not_hide() {
    let app = TestApp::spawn().await;
    let (_, idea_id, q) = answered_question(&app).await;
    let (owner, org) = verified_member(&app).await;
    let mut colleagues = vec![owner.clone()];
    for _ in 0..2 {
        let c = app.user().await;
        app.add_member(&owner, &org, &c, "member").await;
        colleagues.push(c);
    }
    for who in &colleagues {
        assert!(!reported(&app, who, "question", &q.id).await.target_hidden);
    }
    // People without a verified organisation share one voice, however many they are.
    for _ in 0..3 {
        let loner = app.user().await;
        app.organisation(&loner).await;
        assert!(
            !reported(&app, &loner, "question", &q.id)
                .await
                .target_hidden
        );
    }
    assert!(!questions(&app, None, &idea_id).await.items[0].hidden);
    let item = &queue(&app, "").await.items[0];
    assert_eq!(item.reports.len(), 6);
    assert_eq!(item.reporting_organisations, 2);
    let names: Vec<Option<String>> = item
        .reports
        .iter()
        .map(|r| r.organisation_name.clone())
        .collect();
    assert_eq!(
        names
            .iter()
            .filter(|n| n.as_deref() == Some(org.name.as_str()))
            .count(),
        3
    );
    assert_eq!(names.iter().filter(|n| n.is_none()).count(), 3);

    // A third organisation makes three voices.
    let (other, _) = verified_member(&app).await;
    assert!(
        reported(&app, &other, "question", &q.id)
            .await
            .target_hidden
    );
}

#[tokio::test]
async fn a_report_counts_for_the_reporters_first_verified_organisation() {
    let app = TestApp::spawn().await;
    let (_, _, q) = answered_question(&app).await;
    let (a, org_a) = verified_member(&app).await;
    // `a` also joins a second verified organisation later; their report still counts for A.
    let (b_owner, org_b) = verified_member(&app).await;
    app.add_member(&b_owner, &org_b, &a, "member").await;
    reported(&app, &a, "question", &q.id).await;
    reported(&app, &b_owner, "question", &q.id).await;
    let item = &queue(&app, "").await.items[0];
    let mut names: Vec<String> = item
        .reports
        .iter()
        .filter_map(|r| r.organisation_name.clone())
        .collect();
    names.sort();
    let mut expected = vec![org_a.name.clone(), org_b.name.clone()];
    expected.sort();
    assert_eq!(names, expected);
    assert!(!item.hidden);
}

#[tokio::test]
async fn each_person_reports_once_and_bad_reports_are_refused() {
    let app = TestApp::spawn().await;
    let (proposer, idea_id, q) = answered_question(&app).await;
    let (who, _) = verified_member(&app).await;
    reported(&app, &who, "question", &q.id).await;
    problem(
        report(&app, &who, "question", &q.id, "Again").await,
        StatusCode::CONFLICT,
        "already_reported",
    )
    .await;
    assert_eq!(queue(&app, "").await.items[0].reports.len(), 1);

    problem(
        app.post(
            "/api/v1/reports",
            None,
            json!({"target_type": "question", "target_id": q.id, "reason": "x"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    problem(
        report(&app, &who, "question", "no-such-question", "x").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        report(&app, &who, "update", &q.id, "x").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let p = problem(
        report(&app, &who, "answer", &q.id, "x").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("target_type"), ["must be `question` or `update`"]);
    let p = problem(
        report(&app, &who, "update", &q.id, "  ").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("reason"), ["is required"]);
    let p = problem(
        report(&app, &who, "update", &q.id, &"r".repeat(501)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("reason"), ["must be 500 characters or fewer"]);

    // A funders-only update is missing to people who may not read it.
    let secret: IdeaUpdate = posted(&app, &proposer, &idea_id, "Numbers", "funders").await;
    problem(
        report(&app, &who, "update", &secret.id, "Rude").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(queue(&app, "").await.items.len(), 1);
}

#[tokio::test]
async fn platform_staff_hide_and_restore_and_a_restore_clears_the_reports() {
    let app = TestApp::spawn().await;
    let (proposer, idea_id, q) = answered_question(&app).await;
    let admin = app.admin().await;
    let (first, _) = verified_member(&app).await;
    reported(&app, &first, "question", &q.id).await;

    problem(
        moderate(&app, &first.token, "question", &q.id, "hide", "Spam").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get("/api/v1/admin/moderation", Some(&first.token))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        moderate(&app, &admin, "answer", &q.id, "hide", "Spam").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        moderate(&app, &admin, "question", "nope", "hide", "Spam").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let p = problem(
        moderate(&app, &admin, "question", &q.id, "delete", "Spam").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("action"), ["must be `hide` or `restore`"]);
    let p = problem(
        moderate(&app, &admin, "question", &q.id, "hide", "").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("reason"), ["is required"]);
    assert!(!questions(&app, None, &idea_id).await.items[0].hidden);

    let item: ModerationItem = ok(
        moderate(
            &app,
            &admin,
            "question",
            &q.id,
            "hide",
            "Advertising unrelated to the idea",
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(item.hidden && !item.hidden_by_reports && !item.needs_review);
    let shown = &questions(&app, None, &idea_id).await.items[0];
    assert!(shown.hidden && shown.body.is_none());
    assert_eq!(
        shown.removed_reason.as_deref(),
        Some("Advertising unrelated to the idea")
    );
    assert_eq!(queue(&app, "?filter=hidden").await.items.len(), 1);
    assert!(queue(&app, "?filter=needs_review").await.items.is_empty());
    problem(
        answer(&app, &proposer, &q.id, "late").await,
        StatusCode::CONFLICT,
        "question_hidden",
    )
    .await;

    let restored: ModerationItem = ok(
        moderate(
            &app,
            &admin,
            "question",
            &q.id,
            "restore",
            "Checked: it is on topic",
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(!restored.hidden && restored.reports.is_empty() && !restored.needs_review);
    let shown = &questions(&app, None, &idea_id).await.items[0];
    assert!(!shown.hidden);
    assert_eq!(shown.body.as_deref(), Some("Is this spam?"));
    assert!(
        queue(&app, "").await.items.is_empty(),
        "a restore clears the queue"
    );

    // It takes three new reports to hide it again; earlier reporters may report again.
    reported(&app, &first, "question", &q.id).await;
    let (second, _) = verified_member(&app).await;
    assert!(
        !reported(&app, &second, "question", &q.id)
            .await
            .target_hidden
    );
    assert!(!questions(&app, None, &idea_id).await.items[0].hidden);
    let (third, _) = verified_member(&app).await;
    assert!(
        reported(&app, &third, "question", &q.id)
            .await
            .target_hidden
    );
}

#[tokio::test]
async fn the_author_is_told_and_hidden_updates_lose_their_title_and_body() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let update = posted(&app, &proposer, &idea.id, "Shouting in capitals", "public").await;
    let admin = app.admin().await;
    ok::<ModerationItem>(
        moderate(
            &app,
            &admin,
            "update",
            &update.id,
            "hide",
            "Breaks the code of conduct",
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let page: Page<IdeaUpdate> = ok(
        app.get(&format!("/api/v1/ideas/{}/updates", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    let hidden = &page.items[0];
    assert!(hidden.hidden && hidden.title.is_none() && hidden.body.is_none());
    assert_eq!(
        hidden.removed_reason.as_deref(),
        Some("Breaks the code of conduct")
    );
    assert_eq!(update_titles(&app, None, &idea.id).await, ["(removed)"]);
    let titles = told(&app, &proposer, "content_removed").await;
    assert_eq!(titles.len(), 1);
    assert!(
        titles[0].contains("update") && titles[0].contains(&idea.title),
        "{titles:?}"
    );

    let (asker, _) = verified_member(&app).await;
    let q = asked(&app, &asker, &idea.id, "A question").await;
    ok::<ModerationItem>(
        moderate(&app, &admin, "question", &q.id, "hide", "Off topic").await,
        StatusCode::OK,
    )
    .await;
    problem(
        answer(&app, &proposer, &q.id, "An answer").await,
        StatusCode::CONFLICT,
        "question_hidden",
    )
    .await;
    assert_eq!(told(&app, &asker, "content_removed").await.len(), 1);
}

#[tokio::test]
async fn the_queue_pages_most_recently_flagged_first() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let (asker, _) = verified_member(&app).await;
    let (reporter, _) = verified_member(&app).await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let q = asked(&app, &asker, &idea.id, &format!("Question {n}")).await;
        reported(&app, &reporter, "question", &q.id).await;
        ids.push(q.id);
    }
    let first = queue(&app, "?limit=2").await;
    let got: Vec<&str> = first.items.iter().map(|i| i.target_id.as_str()).collect();
    assert_eq!(got, [ids[2].as_str(), ids[1].as_str()]);
    let cursor = first.next_cursor.expect("more");
    let second = queue(&app, &format!("?limit=2&cursor={cursor}")).await;
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].target_id, ids[0]);
    assert!(second.next_cursor.is_none());
    let p = problem(
        app.get(
            "/api/v1/admin/moderation?cursor=nonsense",
            Some(&app.admin().await),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("cursor"), ["is not a cursor from this list"]);
}

#[tokio::test]
async fn simultaneous_reports_hide_exactly_once_and_count_each_person_once() {
    let app = TestApp::spawn().await;
    let (_, idea_id, q) = answered_question(&app).await;
    let mut reporters = Vec::new();
    for _ in 0..4 {
        reporters.push(verified_member(&app).await.0);
    }
    let sent = futures_util::future::join_all(
        reporters[..3]
            .iter()
            .chain(std::iter::repeat_n(&reporters[3], 3))
            .map(|who| report(&app, who, "question", &q.id, "Spam")),
    )
    .await;
    let mut hid = 0;
    let mut created = 0;
    let mut refused = Vec::new();
    for res in sent {
        match res.status() {
            StatusCode::CREATED => {
                created += 1;
                hid += usize::from(res.json::<Report>().await.unwrap().target_hidden);
            }
            StatusCode::CONFLICT => {
                refused.push(res.json::<cc2i_shared::Problem>().await.unwrap().code)
            }
            other => panic!("unexpected {other}"),
        }
    }
    // Whichever report made three voices hid it; reports after that found it hidden.
    assert_eq!(hid, 1, "hidden exactly once");
    assert_eq!(created, 3, "refused {refused:?}");
    assert!(
        refused
            .iter()
            .all(|c| c == "already_reported" || c == "already_hidden"),
        "{refused:?}"
    );
    assert!(questions(&app, None, &idea_id).await.items[0].hidden);
    let item = &queue(&app, "").await.items[0];
    assert_eq!(item.reports.len(), created);
    let admin = Session {
        user: reporters[0].user.clone(),
        token: app.admin().await,
    };
    assert_eq!(told(&app, &admin, "moderation_needed").await.len(), 1);
}
