use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_tests::fixtures::business_case;
use cc2i_tests::{ok, problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn submitting_needs_a_costed_business_case_and_a_verified_organisation() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    let submit = format!("/api/v1/ideas/{}/submit", idea.id);
    problem(
        app.post(&submit, Some(&owner.token), json!({})).await,
        StatusCode::CONFLICT,
        "business_case_missing",
    )
    .await;
    let mut uncosted = business_case();
    uncosted["financial"]["cost_lines"] = json!([]);
    app.put_case(&owner, &idea.id, uncosted).await;
    problem(
        app.post(&submit, Some(&owner.token), json!({})).await,
        StatusCode::CONFLICT,
        "business_case_missing",
    )
    .await;
    app.put_case(&owner, &idea.id, business_case()).await;
    problem(
        app.post(&submit, Some(&owner.token), json!({})).await,
        StatusCode::CONFLICT,
        "organisation_not_verified",
    )
    .await;
    let admin = app.admin().await;
    ok::<cc2i_shared::Organisation>(
        app.post(
            &format!("/api/v1/organisations/{}/verify", org.id),
            Some(&admin),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let submitted = app.act(&owner.token, &idea.id, "submit").await;
    assert_eq!(submitted.status, IdeaStatus::InReview);
}

#[tokio::test]
async fn review_publishes_or_returns_the_idea_with_feedback() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    app.put_case(&owner, &idea.id, business_case()).await;
    app.act(&owner.token, &idea.id, "submit").await;
    let admin = app.admin().await;
    let queue: Vec<Idea> = ok(
        app.get("/api/v1/admin/review-queue", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue.iter().map(|i| &i.id).collect::<Vec<_>>(), [&idea.id]);
    problem(
        app.get("/api/v1/admin/review-queue", Some(&owner.token))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post(
            &format!("/api/v1/ideas/{}/publish", idea.id),
            Some(&owner.token),
            json!({}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let path = format!("/api/v1/ideas/{}/request-changes", idea.id);
    let p = problem(
        app.post(&path, Some(&admin), json!({"reason": ""})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("reason").len(), 1);
    let back: Idea = ok(
        app.post(
            &path,
            Some(&admin),
            json!({"reason": "Add a risk for data migration."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(back.status, IdeaStatus::Draft);
    assert_eq!(
        back.review_feedback.as_deref(),
        Some("Add a risk for data migration.")
    );
    app.act(&owner.token, &idea.id, "submit").await;
    let open = app.act(&admin, &idea.id, "publish").await;
    assert_eq!(open.status, IdeaStatus::Open);
    assert!(open.published_at.is_some());
    assert_eq!(open.review_feedback, None);
    let public: Idea = ok(
        app.get(&format!("/api/v1/ideas/{}", idea.id), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public.status, IdeaStatus::Open);
}

#[tokio::test]
async fn refused_transitions_are_409_invalid_transition_naming_the_status() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let admin = app.admin().await;
    let org = app.verified_organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    for (token, action) in [
        (&admin, "publish"),
        (&admin, "request-changes"),
        (&owner.token, "withdraw"),
    ] {
        let body = if action == "request-changes" {
            json!({"reason": "x"})
        } else {
            json!({})
        };
        let p = problem(
            app.post(
                &format!("/api/v1/ideas/{}/{action}", idea.id),
                Some(token),
                body,
            )
            .await,
            StatusCode::CONFLICT,
            "invalid_transition",
        )
        .await;
        assert!(p.detail.contains("status draft"), "{action}: {}", p.detail);
    }
    app.put_case(&owner, &idea.id, business_case()).await;
    app.act(&owner.token, &idea.id, "submit").await;
    let p = problem(
        app.post(
            &format!("/api/v1/ideas/{}/submit", idea.id),
            Some(&owner.token),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert!(p.detail.contains("status in_review"), "{}", p.detail);
    app.act(&admin, &idea.id, "publish").await;
    let p = problem(
        app.post(
            &format!("/api/v1/ideas/{}/publish", idea.id),
            Some(&admin),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert!(p.detail.contains("status open"), "{}", p.detail);
}

#[tokio::test]
async fn publishing_after_the_deadline_is_refused() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    app.put_case(&owner, &idea.id, business_case()).await;
    app.act(&owner.token, &idea.id, "submit").await;
    app.sql(&format!(
        "UPDATE ideas SET deadline = '2020-01-01 00:00:00' WHERE id = '{}'",
        idea.id
    ));
    let admin = app.admin().await;
    problem(
        app.post(
            &format!("/api/v1/ideas/{}/publish", idea.id),
            Some(&admin),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "deadline_passed",
    )
    .await;
}

#[tokio::test]
async fn only_owners_and_admins_of_the_proposer_withdraw_an_open_idea() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let member = app.user().await;
    let idea = app.open_idea(&owner).await;
    let org = cc2i_shared::Organisation {
        id: idea.organisation.id.clone(),
        ..app.organisation(&owner).await
    };
    app.add_member(&owner, &org, &member, "member").await;
    let path = format!("/api/v1/ideas/{}/withdraw", idea.id);
    problem(
        app.post(&path, Some(&member.token), json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let withdrawn = app.act(&owner.token, &idea.id, "withdraw").await;
    assert_eq!(withdrawn.status, IdeaStatus::Withdrawn);
    problem(
        app.post(&path, Some(&owner.token), json!({})).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
}
