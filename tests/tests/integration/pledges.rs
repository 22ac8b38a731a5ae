use cc2i_shared::idea::Idea;
use cc2i_shared::pledge::{Pledge, PledgeStatus, PublicPledge};
use cc2i_tests::fixtures::BUSINESS_CASE_TOTAL;
use cc2i_tests::{ok, problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

const NO_LIMIT: i64 = 100_000_000_000;

async fn idea_of(app: &TestApp, id: &str) -> Idea {
    ok(
        app.get(&format!("/api/v1/ideas/{id}"), None).await,
        StatusCode::OK,
    )
    .await
}

#[tokio::test]
async fn an_owner_within_the_self_approval_limit_pledges_and_it_counts_at_once() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let funder = app.user().await;
    let org = app.funder(&funder, NO_LIMIT).await;
    let pledge: Pledge = ok(
        app.pledge(&funder, &idea, &org, 4000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pledge.status, PledgeStatus::Active);
    assert_eq!(pledge.amount_pence, BUSINESS_CASE_TOTAL * 4000 / 10000);
    assert_eq!(
        (pledge.created_by.as_str(), pledge.approved_by.as_deref()),
        (funder.user.id.as_str(), None)
    );
    let idea = idea_of(&app, &idea.id).await;
    assert_eq!(
        (idea.funding.pledged_bp, idea.funding.pledger_count),
        (4000, 1)
    );
    assert_eq!(
        idea.funding.pledged_pence,
        BUSINESS_CASE_TOTAL * 4000 / 10000
    );
}

#[tokio::test]
async fn above_the_limit_a_pledge_waits_for_approval_and_does_not_count() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let funder = app.user().await;
    let org = app.funder(&funder, 0).await;
    let pledge: Pledge = ok(
        app.pledge(&funder, &idea, &org, 4000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pledge.status, PledgeStatus::PendingApproval);
    assert_eq!(idea_of(&app, &idea.id).await.funding.pledged_bp, 0);
}

#[tokio::test]
async fn pledging_needs_a_member_a_verified_organisation_an_open_idea_the_current_version_and_a_big_enough_share(
) {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let funder = app.user().await;
    let org = app.funder(&funder, NO_LIMIT).await;
    let stranger = app.user().await;
    problem(
        app.pledge(&stranger, &idea, &org, 1000).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let unverified = app.organisation(&funder).await;
    problem(
        app.pledge(&funder, &idea, &unverified, 1000).await,
        StatusCode::CONFLICT,
        "organisation_not_verified",
    )
    .await;
    let stale = Idea {
        business_case_version: Some(99),
        ..idea.clone()
    };
    problem(
        app.pledge(&funder, &stale, &org, 1000).await,
        StatusCode::CONFLICT,
        "stale_business_case",
    )
    .await;
    let p = problem(
        app.pledge(&funder, &idea, &org, 499).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("share_bp").len(), 1);
    let p = problem(
        app.pledge(&funder, &idea, &org, 10001).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("share_bp").len(), 1);
    let proposer_org = app.organisation(&proposer).await;
    let draft = Idea {
        business_case_version: Some(1),
        ..app.draft_idea(&proposer, &proposer_org).await
    };
    problem(
        app.pledge(&funder, &draft, &org, 1000).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    app.act(&proposer.token, &idea.id, "withdraw").await;
    problem(
        app.pledge(&funder, &idea, &org, 1000).await,
        StatusCode::CONFLICT,
        "idea_not_open",
    )
    .await;
}

#[tokio::test]
async fn one_live_pledge_per_organisation_and_after_withdrawing_another_may_be_made() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let funder = app.user().await;
    let org = app.funder(&funder, NO_LIMIT).await;
    let first: Pledge = ok(
        app.pledge(&funder, &idea, &org, 2000).await,
        StatusCode::CREATED,
    )
    .await;
    problem(
        app.pledge(&funder, &idea, &org, 3000).await,
        StatusCode::CONFLICT,
        "already_pledged",
    )
    .await;
    let withdrawn: Pledge = ok(
        app.post(
            &format!("/api/v1/pledges/{}/withdraw", first.id),
            Some(&funder.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(withdrawn.status, PledgeStatus::Withdrawn);
    assert_eq!(idea_of(&app, &idea.id).await.funding.pledged_bp, 0);
    ok::<Pledge>(
        app.pledge(&funder, &idea, &org, 3000).await,
        StatusCode::CREATED,
    )
    .await;
}

#[tokio::test]
async fn the_cap_refuses_pledges_beyond_max_total_but_not_pending_ones_until_approval() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let mut funders = Vec::new();
    for _ in 0..3 {
        let who = app.user().await;
        let org = app.funder(&who, NO_LIMIT).await;
        funders.push((who, org));
    }
    ok::<Pledge>(
        app.pledge(&funders[0].0, &idea, &funders[0].1, 10000).await,
        StatusCode::CREATED,
    )
    .await;
    ok::<Pledge>(
        app.pledge(&funders[1].0, &idea, &funders[1].1, 4500).await,
        StatusCode::CREATED,
    )
    .await;
    let p = problem(
        app.pledge(&funders[2].0, &idea, &funders[2].1, 1000).await,
        StatusCode::CONFLICT,
        "funding_full",
    )
    .await;
    assert!(p.detail.contains("500 bp more"), "{}", p.detail);
    let maker = app.user().await;
    app.add_member(&funders[2].0, &funders[2].1, &maker, "member")
        .await;
    let pending: Pledge = ok(
        app.pledge(&maker, &idea, &funders[2].1, 1000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pending.status, PledgeStatus::PendingApproval);
    problem(
        app.post(
            &format!("/api/v1/pledges/{}/approve", pending.id),
            Some(&funders[2].0.token),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "funding_full",
    )
    .await;
    let idea = idea_of(&app, &idea.id).await;
    assert_eq!(idea.funding.pledged_bp, 14500);
}

#[tokio::test]
async fn a_conditional_pledge_counts_only_while_enough_others_are_active() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let mut funders = Vec::new();
    for _ in 0..3 {
        let who = app.user().await;
        let org = app.funder(&who, NO_LIMIT).await;
        funders.push((who, org));
    }
    let body = json!({"organisation_id": funders[0].1.id, "share_bp": 3000, "business_case_version": 1, "condition": {"min_other_organisations": 2}});
    let conditional: Pledge = ok(
        app.pledge_with_key(&funders[0].0, &idea.id, body, "conditional-key-000001")
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert!(!conditional.condition_met);
    assert_eq!(idea_of(&app, &idea.id).await.funding.pledged_bp, 0);
    ok::<Pledge>(
        app.pledge(&funders[1].0, &idea, &funders[1].1, 2000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(idea_of(&app, &idea.id).await.funding.pledged_bp, 2000);
    let third: Pledge = ok(
        app.pledge(&funders[2].0, &idea, &funders[2].1, 2000).await,
        StatusCode::CREATED,
    )
    .await;
    let idea_now = idea_of(&app, &idea.id).await;
    assert_eq!(
        (idea_now.funding.pledged_bp, idea_now.funding.pledger_count),
        (7000, 3)
    );
    let list: Vec<PublicPledge> = ok(
        app.get(&format!("/api/v1/ideas/{}/pledges", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(list.iter().all(|p| p.condition_met));
    ok::<Pledge>(
        app.post(
            &format!("/api/v1/pledges/{}/withdraw", third.id),
            Some(&funders[2].0.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        idea_of(&app, &idea.id).await.funding.pledged_bp,
        2000,
        "the condition stopped holding"
    );
    let p = problem(app.pledge_with_key(&funders[2].0, &idea.id, json!({"organisation_id": funders[2].1.id, "share_bp": 3000, "business_case_version": 1, "condition": {"min_other_organisations": 0}}), "conditional-key-000002").await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        p.field("condition.min_other_organisations").len(),
        1,
        "{p:?}"
    );
}

#[tokio::test]
async fn the_funding_summary_has_the_price_curve() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let funder = app.user().await;
    let org = app.funder(&funder, NO_LIMIT).await;
    ok::<Pledge>(
        app.pledge(&funder, &idea, &org, 5000).await,
        StatusCode::CREATED,
    )
    .await;
    let summary: serde_json::Value = ok(
        app.get(&format!("/api/v1/ideas/{}/funding", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(summary["pledged_bp"], 5000);
    assert_eq!(summary["max_total_bp"], 15000);
    assert_eq!(summary["status"], "open");
    let curve = summary["price_curve"].as_array().unwrap();
    assert_eq!(curve.len(), 10);
    assert_eq!(curve[0]["funders"], 2);
    assert_eq!(curve[0]["share_bp"], 5000);
    assert_eq!(
        curve[2]["share_bp"], 2500,
        "four funders at 50% each are scaled to 25%"
    );
}
