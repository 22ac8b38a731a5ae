use cc2i_shared::idea::{Idea, VotingModel};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_tests::fixtures::new_idea;
use cc2i_tests::{ok, problem, TestApp};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn a_member_drafts_an_idea_with_the_default_rules_and_zero_funding() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let idea: Idea = ok(
        app.post(
            "/api/v1/ideas",
            Some(&owner.token),
            new_idea(&org.id, "Shared repairs"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(idea.status, IdeaStatus::Draft);
    assert_eq!(
        (idea.min_pledgers, idea.min_pledge_bp, idea.max_total_bp),
        (2, 500, 15000)
    );
    assert_eq!(
        (idea.currency.as_str(), idea.voting_model, idea.rebate_bp),
        ("GBP", VotingModel::OneOrgOneVote, 5000)
    );
    assert_eq!(idea.organisation.id, org.id);
    assert_eq!(
        (
            idea.funding.target_cost_pence,
            idea.funding.pledged_bp,
            idea.funding.pledger_count
        ),
        (0, 0, 0)
    );
    assert!(!idea.funding.reached_target);
    assert_eq!(idea.business_case_version, None);
}

#[tokio::test]
async fn only_members_of_the_organisation_can_propose_for_it() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let stranger = app.user().await;
    let org = app.organisation(&owner).await;
    problem(
        app.post(
            "/api/v1/ideas",
            Some(&stranger.token),
            new_idea(&org.id, "Not mine"),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post("/api/v1/ideas", None, new_idea(&org.id, "Anonymous"))
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let p = problem(
        app.post(
            "/api/v1/ideas",
            Some(&owner.token),
            new_idea("missing-org", "Nowhere"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("organisation_id").len(), 1);
}

#[tokio::test]
async fn every_bound_on_an_idea_is_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let past = (Utc::now() - Duration::hours(1)).to_rfc3339();
    let far = (Utc::now() + Duration::days(800)).to_rfc3339();
    let cases: Vec<(&str, Value)> = vec![
        ("title", json!("Four")),
        ("title", json!("x".repeat(121))),
        ("summary", json!("x".repeat(301))),
        ("description", json!("x".repeat(20001))),
        ("service_areas", json!([])),
        (
            "service_areas",
            json!([
                "housing",
                "waste",
                "planning",
                "workforce",
                "health_care",
                "public_health"
            ]),
        ),
        ("service_areas", json!(["housing", "housing"])),
        ("service_areas", json!(["dragons"])),
        ("min_pledgers", json!(0)),
        ("min_pledgers", json!(51)),
        ("min_pledge_bp", json!(99)),
        ("min_pledge_bp", json!(10001)),
        ("max_total_bp", json!(9999)),
        ("max_total_bp", json!(30001)),
        ("deadline", json!(past)),
        ("deadline", json!(far)),
        ("deadline", json!("next tuesday")),
    ];
    for (field, value) in cases {
        let mut body = new_idea(&org.id, "A valid title");
        body[field] = value.clone();
        let p = problem(
            app.post("/api/v1/ideas", Some(&owner.token), body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field(field).len(), 1, "{field} = {value}: {p:?}");
    }
    let mut edge = new_idea(&org.id, "Five!");
    edge["min_pledgers"] = json!(50);
    edge["min_pledge_bp"] = json!(100);
    edge["max_total_bp"] = json!(30000);
    ok::<Idea>(
        app.post("/api/v1/ideas", Some(&owner.token), edge).await,
        StatusCode::CREATED,
    )
    .await;
}

#[tokio::test]
async fn a_draft_is_visible_only_to_its_organisation_and_platform_admins() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let member = app.user().await;
    let stranger = app.user().await;
    let org = app.organisation(&owner).await;
    app.add_member(&owner, &org, &member, "member").await;
    let idea = app.draft_idea(&owner, &org).await;
    let path = format!("/api/v1/ideas/{}", idea.id);
    let hidden = problem(
        app.get(&path, Some(&stranger.token)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let missing = problem(
        app.get("/api/v1/ideas/no-such-idea", Some(&stranger.token))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(hidden, missing);
    problem(
        app.get(&path, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get(&format!("{path}/business-case/versions"), None)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    ok::<Idea>(app.get(&path, Some(&member.token)).await, StatusCode::OK).await;
    ok::<Idea>(
        app.get(&path, Some(&app.admin().await)).await,
        StatusCode::OK,
    )
    .await;
    let listed: Vec<Idea> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/ideas", org.id),
            Some(&member.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed.len(), 1);
    let public: Vec<Idea> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/ideas", org.id),
            Some(&stranger.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(public.is_empty());
}

#[tokio::test]
async fn a_draft_can_be_changed_by_members_including_co_design_settings() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let stranger = app.user().await;
    let org = app.organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    let path = format!("/api/v1/ideas/{}", idea.id);
    let updated: Idea = ok(
        app.patch(&path, Some(&owner.token), json!({"title": "A better title", "voting_model": "share_weighted", "rebate_bp": 2500, "service_areas": ["waste"]})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated.title, "A better title");
    assert_eq!(
        (updated.voting_model, updated.rebate_bp),
        (VotingModel::ShareWeighted, 2500)
    );
    assert_eq!(updated.service_areas, vec![cc2i_shared::ServiceArea::Waste]);
    let p = problem(
        app.patch(
            &path,
            Some(&owner.token),
            json!({"rebate_bp": 10001, "voting_model": "loudest"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("voting_model").len(), 1, "{p:?}");
    let p = problem(
        app.patch(&path, Some(&owner.token), json!({"rebate_bp": 10001}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("rebate_bp").len(), 1);
    problem(
        app.patch(&path, Some(&stranger.token), json!({"title": "Hijacked"}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.patch(&path, Some(&owner.token), json!({"organisation_id": "x"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn an_open_idea_cannot_be_patched_and_outsiders_get_403() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let stranger = app.user().await;
    let idea = app.open_idea(&owner).await;
    let path = format!("/api/v1/ideas/{}", idea.id);
    let p = problem(
        app.patch(&path, Some(&owner.token), json!({"title": "Too late now"}))
            .await,
        StatusCode::CONFLICT,
        "idea_not_editable",
    )
    .await;
    assert!(p.detail.contains("open"), "{}", p.detail);
    problem(
        app.patch(
            &path,
            Some(&stranger.token),
            json!({"title": "Not mine at all"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn the_detail_includes_the_proposer_and_funding() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let body: Value = ok(
        app.get(&format!("/api/v1/ideas/{}", idea.id), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["organisation"]["verified"], true);
    assert_eq!(
        body["funding"]["target_cost_pence"],
        cc2i_tests::fixtures::BUSINESS_CASE_TOTAL
    );
    for key in ["pledged_bp", "pledged_pence", "pledger_count"] {
        assert_eq!(body["funding"][key], 0, "{key}");
    }
    assert_eq!(body["funding"]["reached_target"], false);
    assert_eq!(body["funding"]["deadline"], body["deadline"]);
}
