use cc2i_shared::notification::NotificationFeed;
use cc2i_shared::pledge::Pledge;
use cc2i_tests::mail::{run_jobs, spawn_with_clock};
use cc2i_tests::{ok, Session, TestApp};
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

async fn count(app: &TestApp, who: &Session, kind: &str) -> usize {
    let feed: NotificationFeed = ok(
        app.get("/api/v1/notifications?limit=100", Some(&who.token))
            .await,
        StatusCode::OK,
    )
    .await;
    feed.items.iter().filter(|n| n.kind == kind).count()
}

#[tokio::test]
async fn reaching_the_target_tells_the_funders_once() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let a = app.user().await;
    let a_colleague = app.user().await;
    let a_org = app.funder(&a, 100_000_000).await;
    app.add_member(&a, &a_org, &a_colleague, "member").await;
    let b = app.user().await;
    let b_org = app.funder(&b, 100_000_000).await;
    let bystander = app.user().await;

    ok::<Pledge>(
        app.pledge(&a, &idea, &a_org, 6000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(count(&app, &a, "idea_reached_target").await, 0);
    let b_pledge: Pledge = ok(
        app.pledge(&b, &idea, &b_org, 4000).await,
        StatusCode::CREATED,
    )
    .await;
    for who in [&a, &a_colleague, &b] {
        assert_eq!(count(&app, who, "idea_reached_target").await, 1);
    }
    assert_eq!(count(&app, &bystander, "idea_reached_target").await, 0);

    // Dropping below the target and reaching it again does not tell anyone twice.
    ok::<Pledge>(
        app.post(
            &format!("/api/v1/pledges/{}/withdraw", b_pledge.id),
            Some(&b.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    ok::<Pledge>(
        app.pledge(&b, &idea, &b_org, 5000).await,
        StatusCode::CREATED,
    )
    .await;
    for who in [&a, &a_colleague, &b] {
        assert_eq!(count(&app, who, "idea_reached_target").await, 1);
    }
}

#[tokio::test]
async fn the_48_hour_reminder_reaches_the_funders_once() {
    let app = spawn_with_clock().await;
    let idea = app.open_idea(&app.user().await).await;
    let funder = app.user().await;
    let org = app.funder(&funder, 100_000_000).await;
    let approver_pending = app.user().await;
    let pending_org = app.funder(&approver_pending, 0).await;
    let bystander = app.user().await;
    app.verified_organisation(&bystander).await;
    ok::<Pledge>(
        app.pledge(&funder, &idea, &org, 3000).await,
        StatusCode::CREATED,
    )
    .await;
    ok::<Pledge>(
        app.pledge(&approver_pending, &idea, &pending_org, 2000)
            .await,
        StatusCode::CREATED,
    )
    .await;

    let early = run_jobs(&app, idea.deadline - Duration::hours(72)).await;
    assert_eq!(early.reminders, 0);
    assert_eq!(count(&app, &funder, "deadline_reminder").await, 0);

    let due = run_jobs(&app, idea.deadline - Duration::hours(47)).await;
    assert_eq!((due.reminders, due.closed), (1, 0));
    let again = run_jobs(&app, idea.deadline - Duration::hours(46)).await;
    assert_eq!(again.reminders, 0);
    assert_eq!(
        run_jobs(&app, idea.deadline - Duration::hours(1))
            .await
            .reminders,
        0
    );

    assert_eq!(count(&app, &funder, "deadline_reminder").await, 1);
    assert_eq!(count(&app, &approver_pending, "deadline_reminder").await, 1);
    assert_eq!(count(&app, &bystander, "deadline_reminder").await, 0);
    let feed: NotificationFeed = ok(
        app.get("/api/v1/notifications", Some(&funder.token)).await,
        StatusCode::OK,
    )
    .await;
    let reminder = feed
        .items
        .iter()
        .find(|n| n.kind == "deadline_reminder")
        .unwrap();
    assert!(reminder.title.contains(&idea.title));
    assert!(
        reminder
            .body
            .contains("Pledges cover 30% of its cost: it needs 70% more"),
        "{}",
        reminder.body
    );
    assert_eq!(reminder.link, format!("/ideas/{}", idea.id));

    // At the deadline the same jobs close it, and no reminder follows.
    let closing = run_jobs(&app, idea.deadline + Duration::minutes(1)).await;
    assert_eq!((closing.closed, closing.reminders), (1, 0));
    assert_eq!(count(&app, &funder, "deadline_reminder").await, 1);
}
