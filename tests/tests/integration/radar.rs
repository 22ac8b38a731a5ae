use cc2i_shared::idea::Idea;
use cc2i_shared::notification::NotificationFeed;
use cc2i_shared::pledge::Pledge;
use cc2i_shared::radar::{AudienceMember, Recommendation};
use cc2i_shared::{Organisation, Page};
use cc2i_tests::fixtures::{business_case, new_idea};
use cc2i_tests::{ok, problem, Session, TestApp};
use reqwest::StatusCode;
use serde_json::json;

async fn verified(
    app: &TestApp,
    owner: &Session,
    kind: &str,
    region: &str,
    areas: &[&str],
) -> Organisation {
    let n = app.next();
    let body = json!({"name": format!("{kind} {n}"), "kind": kind, "region": region, "identifier": format!("GB-COH-{:08}", 50_000 + n), "service_areas": areas});
    let org: Organisation = ok(
        app.post("/api/v1/organisations", Some(&owner.token), body)
            .await,
        StatusCode::CREATED,
    )
    .await;
    ok(
        app.post(
            &format!("/api/v1/organisations/{}/verify", org.id),
            Some(&app.admin().await),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

async fn publish_housing_idea(app: &TestApp, proposer: &Session, org: &Organisation) -> Idea {
    let idea: Idea = ok(
        app.post(
            "/api/v1/ideas",
            Some(&proposer.token),
            new_idea(&org.id, "Shared repairs reporting"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    app.put_case(proposer, &idea.id, business_case()).await;
    app.act(&proposer.token, &idea.id, "submit").await;
    app.act(&app.admin().await, &idea.id, "publish").await
}

#[tokio::test]
async fn publishing_reaches_a_nearby_housing_association_with_reasons_and_not_an_unrelated_organisation(
) {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let council = verified(
        &app,
        &proposer,
        "local_authority",
        "north_west",
        &["housing"],
    )
    .await;
    let ha_owner = app.user().await;
    let ha = verified(
        &app,
        &ha_owner,
        "housing_association",
        "north_west",
        &["housing"],
    )
    .await;
    let uni_owner = app.user().await;
    let uni = verified(
        &app,
        &uni_owner,
        "education",
        "london",
        &["education_and_skills"],
    )
    .await;
    let idea = publish_housing_idea(&app, &proposer, &council).await;

    let audience: Vec<AudienceMember> = ok(
        app.get(
            &format!("/api/v1/ideas/{}/audience", idea.id),
            Some(&proposer.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        audience
            .iter()
            .map(|a| a.organisation_id.as_str())
            .collect::<Vec<_>>(),
        [ha.id.as_str()]
    );
    assert!(
        audience[0]
            .reasons
            .iter()
            .any(|r| r == "Works on housing, which this idea serves"),
        "{:?}",
        audience[0].reasons
    );
    assert!(audience[0]
        .reasons
        .iter()
        .any(|r| r == "In the same region (North West)"));
    assert!(!audience[0].pledged);
    let told: NotificationFeed = ok(
        app.get("/api/v1/notifications", Some(&ha_owner.token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(told.items[0].kind, "idea_matches_you");
    assert!(told.items[0].body.contains("Works on housing"));
    let not_told: NotificationFeed = ok(
        app.get("/api/v1/notifications", Some(&uni_owner.token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(not_told.items.iter().all(|n| n.kind != "idea_matches_you"));
    problem(
        app.get(
            &format!("/api/v1/ideas/{}/audience", idea.id),
            Some(&uni_owner.token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let _ = uni;

    app.patch(
        &format!("/api/v1/organisations/{}", ha.id),
        Some(&ha_owner.token),
        json!({"self_approval_limit_pence": 100_000_000_000_i64}),
    )
    .await;
    ok::<Pledge>(
        app.pledge(&ha_owner, &idea, &ha, 3000).await,
        StatusCode::CREATED,
    )
    .await;
    let audience: Vec<AudienceMember> = ok(
        app.get(
            &format!("/api/v1/ideas/{}/audience", idea.id),
            Some(&proposer.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(audience[0].pledged, "the proposer sees who responded");
}

#[tokio::test]
async fn recommendations_rank_open_ideas_with_reasons_and_drop_ones_already_pledged() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let council = verified(
        &app,
        &proposer,
        "local_authority",
        "north_west",
        &["housing"],
    )
    .await;
    let idea = publish_housing_idea(&app, &proposer, &council).await;
    let owner = app.user().await;
    let ha = verified(
        &app,
        &owner,
        "housing_association",
        "yorkshire_and_the_humber",
        &["waste"],
    )
    .await;
    let path = format!("/api/v1/organisations/{}/recommendations", ha.id);
    let before: Page<Recommendation> =
        ok(app.get(&path, Some(&owner.token)).await, StatusCode::OK).await;
    assert_eq!(before.items[0].idea.id, idea.id);
    assert_eq!(
        before.items[0].reasons,
        ["Proposed in a neighbouring region (North West)"]
    );
    let updated: Organisation = ok(
        app.patch(
            &format!("/api/v1/organisations/{}", ha.id),
            Some(&owner.token),
            json!({"interested_in": ["housing"], "self_approval_limit_pence": 100_000_000_000_i64}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        updated.interested_in,
        vec![cc2i_shared::ServiceArea::Housing]
    );
    let after: Page<Recommendation> =
        ok(app.get(&path, Some(&owner.token)).await, StatusCode::OK).await;
    assert!(after.items[0].score > before.items[0].score);
    assert_eq!(after.items[0].reasons[0], "Interested in housing");
    ok::<Pledge>(
        app.pledge(&owner, &idea, &ha, 3000).await,
        StatusCode::CREATED,
    )
    .await;
    let pledged: Page<Recommendation> =
        ok(app.get(&path, Some(&owner.token)).await, StatusCode::OK).await;
    assert!(
        pledged.items.is_empty(),
        "already-pledged ideas are not recommended"
    );
    let stranger = app.user().await;
    problem(
        app.get(&path, Some(&stranger.token)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
