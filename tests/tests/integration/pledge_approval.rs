use cc2i_shared::pledge::{Pledge, PledgeStatus, PublicPledge};
use cc2i_tests::fixtures::business_case;
use cc2i_tests::{ok, problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_second_owner_or_admin_approves_and_the_maker_cannot() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let maker = app.user().await;
    let checker = app.user().await;
    let clerk = app.user().await;
    let org = app.funder(&maker, 0).await;
    app.add_member(&maker, &org, &checker, "admin").await;
    app.add_member(&maker, &org, &clerk, "member").await;
    let pledge: Pledge = ok(
        app.pledge(&maker, &idea, &org, 3000).await,
        StatusCode::CREATED,
    )
    .await;
    let approve = format!("/api/v1/pledges/{}/approve", pledge.id);
    problem(
        app.post(&approve, Some(&maker.token), json!({})).await,
        StatusCode::FORBIDDEN,
        "self_approval_forbidden",
    )
    .await;
    problem(
        app.post(&approve, Some(&clerk.token), json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let outsider = app.user().await;
    problem(
        app.post(&approve, Some(&outsider.token), json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let approved: Pledge = ok(
        app.post(&approve, Some(&checker.token), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(approved.status, PledgeStatus::Active);
    assert_eq!(
        approved.approved_by.as_deref(),
        Some(checker.user.id.as_str())
    );
    problem(
        app.post(&approve, Some(&checker.token), json!({})).await,
        StatusCode::CONFLICT,
        "invalid_pledge_status",
    )
    .await;
}

#[tokio::test]
async fn a_member_pledge_always_needs_approval_even_within_the_limit() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let owner = app.user().await;
    let clerk = app.user().await;
    let org = app.funder(&owner, 100_000_000_000).await;
    app.add_member(&owner, &org, &clerk, "member").await;
    let pledge: Pledge = ok(
        app.pledge(&clerk, &idea, &org, 1000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pledge.status, PledgeStatus::PendingApproval);
}

#[tokio::test]
async fn rejected_and_pending_pledges_are_private_to_their_organisation() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let maker = app.user().await;
    let checker = app.user().await;
    let org = app.funder(&maker, 0).await;
    app.add_member(&maker, &org, &checker, "owner").await;
    let pledge: Pledge = ok(
        app.pledge(&maker, &idea, &org, 3000).await,
        StatusCode::CREATED,
    )
    .await;
    let public: Vec<PublicPledge> = ok(
        app.get(&format!("/api/v1/ideas/{}/pledges", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(public.is_empty());
    let own: Vec<PublicPledge> = ok(
        app.get(
            &format!("/api/v1/ideas/{}/pledges", idea.id),
            Some(&maker.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(own.len(), 1);
    let reject = format!("/api/v1/pledges/{}/reject", pledge.id);
    problem(
        app.post(&reject, Some(&checker.token), json!({"reason": ""}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let rejected: Pledge = ok(
        app.post(
            &reject,
            Some(&checker.token),
            json!({"reason": "Not in this year's budget"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rejected.status, PledgeStatus::Rejected);
    assert_eq!(
        rejected.rejection_reason.as_deref(),
        Some("Not in this year's budget")
    );
    let public: Vec<PublicPledge> = ok(
        app.get(&format!("/api/v1/ideas/{}/pledges", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(public.is_empty());
    let mine: Vec<Pledge> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/pledges", org.id),
            Some(&maker.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine[0].status, PledgeStatus::Rejected);
    problem(
        app.get(&format!("/api/v1/organisations/{}/pledges", org.id), None)
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let outsider = app.user().await;
    problem(
        app.get(
            &format!("/api/v1/organisations/{}/pledges", org.id),
            Some(&outsider.token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get(
            &format!("/api/v1/pledges/{}", pledge.id),
            Some(&outsider.token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn an_increase_above_the_limit_waits_while_the_old_share_counts() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let maker = app.user().await;
    let checker = app.user().await;
    let limit = cc2i_tests::fixtures::BUSINESS_CASE_TOTAL * 3000 / 10000;
    let org = app.funder(&maker, limit).await;
    app.add_member(&maker, &org, &checker, "admin").await;
    let pledge: Pledge = ok(
        app.pledge(&maker, &idea, &org, 3000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pledge.status, PledgeStatus::Active);
    let path = format!("/api/v1/pledges/{}", pledge.id);
    let raised: Pledge = ok(
        app.patch(&path, Some(&maker.token), json!({"share_bp": 5000}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (raised.share_bp, raised.pending_share_bp),
        (3000, Some(5000))
    );
    let funding: serde_json::Value = ok(
        app.get(&format!("/api/v1/ideas/{}/funding", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(funding["pledged_bp"], 3000);
    let approved: Pledge = ok(
        app.post(&format!("{path}/approve"), Some(&checker.token), json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!((approved.share_bp, approved.pending_share_bp), (5000, None));
    let lowered: Pledge = ok(
        app.patch(&path, Some(&maker.token), json!({"share_bp": 2000}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(lowered.share_bp, 2000, "a decrease applies at once");
    let p = problem(
        app.patch(&path, Some(&maker.token), json!({"share_bp": 100}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("share_bp").len(), 1);
}

#[tokio::test]
async fn a_material_change_needs_reconsent_and_a_minor_one_does_not() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let funder = app.user().await;
    let org = app.funder(&funder, 100_000_000_000).await;
    let pledge: Pledge = ok(
        app.pledge(&funder, &idea, &org, 6000).await,
        StatusCode::CREATED,
    )
    .await;
    let mut minor = business_case();
    minor["strategic"]["scope"] = json!("A little more scope text");
    app.put_case(&proposer, &idea.id, minor.clone()).await;
    let still: Pledge = ok(
        app.get(
            &format!("/api/v1/pledges/{}", pledge.id),
            Some(&funder.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(still.status, PledgeStatus::Active);
    let mut dearer = minor;
    dearer["financial"]["cost_lines"][0]["amount_pence"] = json!(9_000_000);
    app.put_case(&proposer, &idea.id, dearer).await;
    let paused: Pledge = ok(
        app.get(
            &format!("/api/v1/pledges/{}", pledge.id),
            Some(&funder.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(paused.status, PledgeStatus::NeedsReconsent);
    let funding: serde_json::Value = ok(
        app.get(&format!("/api/v1/ideas/{}/funding", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(funding["pledged_bp"], 0);
    let path = format!("/api/v1/pledges/{}/reconsent", pledge.id);
    problem(
        app.post(
            &path,
            Some(&funder.token),
            json!({"business_case_version": 2}),
        )
        .await,
        StatusCode::CONFLICT,
        "stale_business_case",
    )
    .await;
    let back: Pledge = ok(
        app.post(
            &path,
            Some(&funder.token),
            json!({"business_case_version": 3}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (back.status, back.business_case_version),
        (PledgeStatus::Active, 3)
    );
    let funding: serde_json::Value = ok(
        app.get(&format!("/api/v1/ideas/{}/funding", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(funding["pledged_bp"], 6000);
}
