use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::pledge::{Pledge, PledgeStatus};
use cc2i_tests::fixtures::BUSINESS_CASE_TOTAL;
use cc2i_tests::{ok, problem, Session, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn funders(app: &TestApp, n: usize) -> Vec<(Session, cc2i_shared::Organisation)> {
    let mut out = Vec::new();
    for _ in 0..n {
        let who = app.user().await;
        let org = app.funder(&who, 100_000_000_000).await;
        out.push((who, org));
    }
    out
}

#[tokio::test]
async fn an_oversubscribed_idea_is_funded_with_fair_shares_summing_exactly() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let f = funders(&app, 4).await;
    for (i, share) in [6000, 6000, 3000].into_iter().enumerate() {
        ok::<Pledge>(
            app.pledge(&f[i].0, &idea, &f[i].1, share).await,
            StatusCode::CREATED,
        )
        .await;
    }
    let clerk = app.user().await;
    app.add_member(&f[3].0, &f[3].1, &clerk, "member").await;
    let pending: Pledge = ok(
        app.pledge(&clerk, &idea, &f[3].1, 1000).await,
        StatusCode::CREATED,
    )
    .await;
    let closed: Idea = ok(
        app.post(
            &format!("/api/v1/ideas/{}/close", idea.id),
            Some(&app.admin().await),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed.status, IdeaStatus::Funded);
    let commitments: Vec<Value> = ok(
        app.get(&format!("/api/v1/ideas/{}/commitments", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    let shares: Vec<i64> = commitments
        .iter()
        .map(|c| c["final_share_bp"].as_i64().unwrap())
        .collect();
    let amounts: Vec<i64> = commitments
        .iter()
        .map(|c| c["final_amount_pence"].as_i64().unwrap())
        .collect();
    assert_eq!(shares, [4000, 4000, 2000]);
    assert_eq!(amounts.iter().sum::<i64>(), BUSINESS_CASE_TOTAL);
    assert_eq!(amounts, [6_000_000, 6_000_000, 3_000_000]);
    let lapsed: Pledge = ok(
        app.get(
            &format!("/api/v1/pledges/{}", pending.id),
            Some(&clerk.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(lapsed.status, PledgeStatus::Lapsed);
    let mine: Vec<Pledge> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/pledges", f[0].1.id),
            Some(&f[0].0.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let committed = mine.into_iter().next().unwrap();
    assert_eq!(
        (committed.final_share_bp, committed.final_amount_pence),
        (Some(4000), Some(6_000_000))
    );
    assert_eq!(committed.status, PledgeStatus::Committed);
    let again: Idea = ok(
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
        again.status,
        IdeaStatus::Funded,
        "closing twice changes nothing"
    );
    let res = app
        .post(
            &format!("/api/v1/pledges/{}/withdraw", committed.id),
            Some(&f[0].0.token),
            json!({}),
        )
        .await;
    problem(res, StatusCode::CONFLICT, "idea_not_open").await;
}

#[tokio::test]
async fn below_target_or_with_too_few_funders_it_is_not_funded_and_pledges_are_released() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let f = funders(&app, 2).await;
    let idea = app.open_idea(&proposer).await;
    let pledge: Pledge = ok(
        app.pledge(&f[0].0, &idea, &f[0].1, 10000).await,
        StatusCode::CREATED,
    )
    .await;
    let closed: Idea = ok(
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
        closed.status,
        IdeaStatus::NotFunded,
        "100% from one organisation is below min_pledgers = 2"
    );
    assert_eq!(closed.funding.pledged_bp, 0);
    let released: Pledge = ok(
        app.get(
            &format!("/api/v1/pledges/{}", pledge.id),
            Some(&f[0].0.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(released.status, PledgeStatus::Released);
    let commitments: Vec<Value> = ok(
        app.get(&format!("/api/v1/ideas/{}/commitments", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(commitments.is_empty());
}

#[tokio::test]
async fn the_proposer_may_close_early_only_once_the_target_is_reached() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let f = funders(&app, 2).await;
    let close = format!("/api/v1/ideas/{}/close", idea.id);
    ok::<Pledge>(
        app.pledge(&f[0].0, &idea, &f[0].1, 5000).await,
        StatusCode::CREATED,
    )
    .await;
    problem(
        app.post(&close, Some(&proposer.token), json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    ok::<Pledge>(
        app.pledge(&f[1].0, &idea, &f[1].1, 5000).await,
        StatusCode::CREATED,
    )
    .await;
    problem(
        app.post(&close, Some(&f[1].0.token), json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let closed: Idea = ok(
        app.post(&close, Some(&proposer.token), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed.status, IdeaStatus::Funded);
}

#[tokio::test]
async fn the_scheduler_closes_ideas_whose_deadline_has_passed() {
    let app = TestApp::spawn_with(&[("CC2I_SCHEDULER_INTERVAL_SECS", "1")]).await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let f = funders(&app, 2).await;
    for (who, org) in &f {
        ok::<Pledge>(app.pledge(who, &idea, org, 5000).await, StatusCode::CREATED).await;
    }
    app.sql(&format!(
        "UPDATE ideas SET deadline = '2020-01-01 00:00:00' WHERE id = '{}'",
        idea.id
    ));
    let mut status = IdeaStatus::Open;
    for _ in 0..100 {
        let now: Idea = ok(
            app.get(&format!("/api/v1/ideas/{}", idea.id), None).await,
            StatusCode::OK,
        )
        .await;
        status = now.status;
        if status != IdeaStatus::Open {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, IdeaStatus::Funded);
    let ledger: Value = ok(
        app.get(&format!("/api/v1/ideas/{}/ledger?limit=100", idea.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    let closes = ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "idea_closed")
        .count();
    assert_eq!(closes, 1);
}

#[tokio::test]
async fn withdrawing_in_the_last_48_hours_cannot_drop_the_total_below_100_percent() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let f = funders(&app, 3).await;
    let a: Pledge = ok(
        app.pledge(&f[0].0, &idea, &f[0].1, 6000).await,
        StatusCode::CREATED,
    )
    .await;
    let b: Pledge = ok(
        app.pledge(&f[1].0, &idea, &f[1].1, 4000).await,
        StatusCode::CREATED,
    )
    .await;
    let c: Pledge = ok(
        app.pledge(&f[2].0, &idea, &f[2].1, 1000).await,
        StatusCode::CREATED,
    )
    .await;
    app.sql(&format!(
        "UPDATE ideas SET deadline = '{}' WHERE id = '{}'",
        (chrono::Utc::now() + chrono::Duration::hours(24))
            .naive_utc()
            .format("%Y-%m-%d %H:%M:%S"),
        idea.id
    ));
    ok::<Pledge>(
        app.post(
            &format!("/api/v1/pledges/{}/withdraw", c.id),
            Some(&f[2].0.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    problem(
        app.post(
            &format!("/api/v1/pledges/{}/withdraw", b.id),
            Some(&f[1].0.token),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "withdrawal_locked",
    )
    .await;
    problem(
        app.patch(
            &format!("/api/v1/pledges/{}", a.id),
            Some(&f[0].0.token),
            json!({"share_bp": 5000}),
        )
        .await,
        StatusCode::CONFLICT,
        "withdrawal_locked",
    )
    .await;
}

#[tokio::test]
async fn withdrawing_an_open_idea_releases_every_live_pledge() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let f = funders(&app, 1).await;
    let pledge: Pledge = ok(
        app.pledge(&f[0].0, &idea, &f[0].1, 5000).await,
        StatusCode::CREATED,
    )
    .await;
    app.act(&proposer.token, &idea.id, "withdraw").await;
    let released: Pledge = ok(
        app.get(
            &format!("/api/v1/pledges/{}", pledge.id),
            Some(&f[0].0.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(released.status, PledgeStatus::Released);
    let idea: Idea = ok(
        app.get(&format!("/api/v1/ideas/{}", idea.id), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(idea.funding.pledged_bp, 0);
}
