use cc2i_shared::notification::NotificationFeed;
use cc2i_shared::pledge::Pledge;
use cc2i_tests::fixtures::business_case;
use cc2i_tests::{ok, problem, Session, TestApp};
use reqwest::StatusCode;
use serde_json::json;

async fn feed(app: &TestApp, who: &Session) -> NotificationFeed {
    ok(
        app.get("/api/v1/notifications", Some(&who.token)).await,
        StatusCode::OK,
    )
    .await
}

fn kinds(feed: &NotificationFeed) -> Vec<&str> {
    feed.items.iter().map(|n| n.kind.as_str()).collect()
}

#[tokio::test]
async fn a_pledge_awaiting_approval_tells_the_checkers_and_the_decision_tells_the_maker() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let maker = app.user().await;
    let checker = app.user().await;
    let org = app.funder(&maker, 0).await;
    app.add_member(&maker, &org, &checker, "admin").await;
    let pledge: Pledge = ok(
        app.pledge(&maker, &idea, &org, 3000).await,
        StatusCode::CREATED,
    )
    .await;
    let checker_feed = feed(&app, &checker).await;
    assert_eq!(kinds(&checker_feed), ["pledge_awaits_approval"]);
    assert_eq!(checker_feed.unread_count, 1);
    assert_eq!(checker_feed.items[0].link, "/approvals");
    assert!(checker_feed.items[0].title.contains(&idea.title));
    assert!(
        kinds(&feed(&app, &maker).await).is_empty(),
        "the maker is not asked to approve their own pledge"
    );
    ok::<Pledge>(
        app.post(
            &format!("/api/v1/pledges/{}/approve", pledge.id),
            Some(&checker.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let maker_feed = feed(&app, &maker).await;
    assert_eq!(kinds(&maker_feed), ["pledge_approved"]);
    assert_eq!(maker_feed.items[0].link, format!("/ideas/{}", idea.id));

    let id = &checker_feed.items[0].id;
    problem(
        app.post(
            &format!("/api/v1/notifications/{id}/read"),
            Some(&maker.token),
            json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        app.post(
            &format!("/api/v1/notifications/{id}/read"),
            Some(&checker.token),
            json!({})
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    let after = feed(&app, &checker).await;
    assert_eq!(after.unread_count, 0);
    assert!(after.items[0].read_at.is_some());
    assert_eq!(
        app.post(
            "/api/v1/notifications/read-all",
            Some(&maker.token),
            json!({})
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(feed(&app, &maker).await.unread_count, 0);
    problem(
        app.get("/api/v1/notifications", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn a_material_change_asks_every_member_to_reconsent_and_closing_tells_funders() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let funder = app.user().await;
    let colleague = app.user().await;
    let org = app.funder(&funder, 100_000_000_000).await;
    app.add_member(&funder, &org, &colleague, "member").await;
    let pledge: Pledge = ok(
        app.pledge(&funder, &idea, &org, 6000).await,
        StatusCode::CREATED,
    )
    .await;
    let mut dearer = business_case();
    dearer["financial"]["cost_lines"][0]["amount_pence"] = json!(9_000_000);
    app.put_case(&proposer, &idea.id, dearer).await;
    for who in [&funder, &colleague] {
        let asked = feed(&app, who).await;
        assert_eq!(kinds(&asked), ["reconsent_needed"]);
        // To the pledge page, where the new version is accepted.
        assert_eq!(asked.items[0].link, format!("/ideas/{}/pledge", idea.id));
    }
    ok::<Pledge>(
        app.post(
            &format!("/api/v1/pledges/{}/reconsent", pledge.id),
            Some(&funder.token),
            json!({"business_case_version": 2}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let other = app.user().await;
    let other_org = app.funder(&other, 100_000_000_000).await;
    let idea_now = cc2i_shared::idea::Idea {
        business_case_version: Some(2),
        ..idea.clone()
    };
    ok::<Pledge>(
        app.pledge(&other, &idea_now, &other_org, 4000).await,
        StatusCode::CREATED,
    )
    .await;
    ok::<serde_json::Value>(
        app.post(
            &format!("/api/v1/ideas/{}/close", idea.id),
            Some(&app.admin().await),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        kinds(&feed(&app, &colleague).await),
        ["idea_funded", "idea_reached_target", "reconsent_needed"],
        "newest first"
    );
    assert_eq!(
        kinds(&feed(&app, &other).await),
        ["idea_funded", "idea_reached_target"]
    );
}
