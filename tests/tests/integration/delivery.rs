use cc2i_shared::delivery::rules::{milestone_amount, payment_split};
use cc2i_shared::delivery::{AcceptanceDecision, DeliveryMilestone, MilestoneStatus};
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_tests::fixtures::BUSINESS_CASE_TOTAL;
use cc2i_tests::funded::{case_costing, Funded, Plan};
use cc2i_tests::{ok, problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

async fn idea(app: &TestApp, id: &str) -> Idea {
    ok(
        app.get(&format!("/api/v1/ideas/{id}"), None).await,
        StatusCode::OK,
    )
    .await
}

async fn milestone(app: &TestApp, id: &str) -> DeliveryMilestone {
    ok(
        app.get(&format!("/api/v1/milestones/{id}"), None).await,
        StatusCode::OK,
    )
    .await
}

fn milestones_path(f: &Funded) -> String {
    format!("/api/v1/ideas/{}/milestones", f.idea.id)
}

#[tokio::test]
async fn only_the_proposers_owners_and_admins_start_delivery_and_only_once_funded() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let open = app.open_idea(&owner).await;
    problem(
        app.post(
            &format!("/api/v1/ideas/{}/start-delivery", open.id),
            Some(&owner.token),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "idea_not_funded",
    )
    .await;

    let f = app.funded_idea(Plan::shares(&[6000, 4000])).await;
    let path = format!("/api/v1/ideas/{}/start-delivery", f.idea.id);
    problem(
        app.post(&path, None, json!({})).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    problem(
        app.post(&path, Some(&f.funders[0].0.token), json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let clerk = app.user().await;
    app.add_member(&f.proposer, &f.proposer_org, &clerk, "member")
        .await;
    problem(
        app.post(&path, Some(&clerk.token), json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let admin = app.user().await;
    app.add_member(&f.proposer, &f.proposer_org, &admin, "admin")
        .await;
    let started: Idea = ok(
        app.post(&path, Some(&admin.token), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(started.status, IdeaStatus::InDelivery);
    problem(
        app.post(&path, Some(&f.proposer.token), json!({})).await,
        StatusCode::CONFLICT,
        "idea_not_funded",
    )
    .await;
    let ledger = app.whole_ledger(&f.idea.id).await;
    assert_eq!(ledger.last().unwrap().kind, "delivery_started");
    assert_eq!(ledger.last().unwrap().bp_delta, 0);
    assert!(app
        .notification_kinds(&f.funders[1].0)
        .await
        .contains(&"delivery_started".to_string()));
}

#[tokio::test]
async fn the_proposer_plans_milestones_whose_payment_shares_total_at_most_the_whole() {
    let app = TestApp::spawn().await;
    let f = app.funded_idea(Plan::shares(&[6000, 4000])).await;
    let path = milestones_path(&f);
    let body = |title: &str, due: &str, bp: i64| json!({"title": title, "description": "Evidence: a demo.", "due_date": due, "payment_bp": bp});
    let beta: DeliveryMilestone = ok(
        app.post(
            &path,
            Some(&f.proposer.token),
            body("Private beta", "2027-09-30", 6000),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            beta.status,
            beta.payment_bp,
            beta.submission,
            beta.paid_pence
        ),
        (MilestoneStatus::Planned, 6000, 0, 0)
    );
    assert_eq!(beta.payment_pence, BUSINESS_CASE_TOTAL * 6 / 10);
    assert_eq!(beta.due_date.to_string(), "2027-09-30");
    assert_eq!(
        beta.funders
            .iter()
            .map(|f| (f.final_share_bp, f.decision))
            .collect::<Vec<_>>(),
        [(6000, None), (4000, None)]
    );
    let p = problem(
        app.post(
            &path,
            Some(&f.proposer.token),
            body("Too much", "2027-10-31", 4001),
        )
        .await,
        StatusCode::CONFLICT,
        "payment_exceeds_total",
    )
    .await;
    assert!(p.detail.contains("at most 4000 bp"), "{}", p.detail);
    ok::<DeliveryMilestone>(
        app.post(
            &path,
            Some(&f.proposer.token),
            body("Alpha", "2027-03-31", 4000),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    problem(
        app.post(
            &path,
            Some(&f.proposer.token),
            body("One more", "2027-12-31", 1),
        )
        .await,
        StatusCode::CONFLICT,
        "payment_exceeds_total",
    )
    .await;
    let p = problem(
        app.post(
            &path,
            Some(&f.proposer.token),
            json!({"title": " ", "description": "", "due_date": "2027-13-01", "payment_bp": 10001}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("due_date").len(), 1, "{p:?}");
    let p = problem(
        app.post(
            &path,
            Some(&f.proposer.token),
            json!({"title": " ", "description": "", "due_date": "2027-12-01", "payment_bp": 10001}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        (p.field("title").len(), p.field("payment_bp").len()),
        (1, 1),
        "{p:?}"
    );
    problem(
        app.post(
            &path,
            Some(&f.funders[0].0.token),
            body("Mine", "2027-01-01", 0),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let listed: Vec<DeliveryMilestone> = ok(app.get(&path, None).await, StatusCode::OK).await;
    assert_eq!(
        listed.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(),
        ["Alpha", "Private beta"],
        "soonest due first, readable by anyone"
    );
    assert_eq!(milestone(&app, &beta.id).await.id, beta.id);
    problem(
        app.get("/api/v1/milestones/no-such-milestone", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let open = app.open_idea(&f.proposer).await;
    problem(
        app.post(
            &format!("/api/v1/ideas/{}/milestones", open.id),
            Some(&f.proposer.token),
            body("Too early", "2027-01-01", 100),
        )
        .await,
        StatusCode::CONFLICT,
        "idea_not_funded",
    )
    .await;
    let planned: Vec<_> = app
        .whole_ledger(&f.idea.id)
        .await
        .into_iter()
        .filter(|e| e.kind == "milestone_planned")
        .collect();
    assert_eq!(planned.len(), 2);
}

#[tokio::test]
async fn milestones_are_submitted_by_the_proposer_in_delivery_and_the_funders_are_told() {
    let app = TestApp::spawn().await;
    let f = app.funded_idea(Plan::shares(&[6000, 4000])).await;
    let m = app.add_milestone(&f, "Discovery report", 2000).await;
    let submit = format!("/api/v1/milestones/{}/submit", m.id);
    let evidence = json!({"evidence": "Report published at https://example.gov.uk/discovery"});
    problem(
        app.post(&submit, Some(&f.proposer.token), evidence.clone())
            .await,
        StatusCode::CONFLICT,
        "idea_not_in_delivery",
    )
    .await;
    app.start_delivery(&f).await;
    problem(
        app.post(&submit, Some(&f.funders[0].0.token), evidence.clone())
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let p = problem(
        app.post(&submit, Some(&f.proposer.token), json!({"evidence": "  "}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("evidence").len(), 1);
    let submitted: DeliveryMilestone = ok(
        app.post(&submit, Some(&f.proposer.token), evidence.clone())
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (submitted.status, submitted.submission),
        (MilestoneStatus::Submitted, 1)
    );
    assert_eq!(
        submitted.evidence.as_deref(),
        Some("Report published at https://example.gov.uk/discovery")
    );
    assert_eq!(submitted.tally.pending_bp, 10_000);
    problem(
        app.post(&submit, Some(&f.proposer.token), evidence).await,
        StatusCode::CONFLICT,
        "invalid_milestone_status",
    )
    .await;
    for (who, _) in &f.funders {
        assert!(app
            .notification_kinds(who)
            .await
            .contains(&"milestone_submitted".to_string()));
    }
}

#[tokio::test]
async fn a_milestone_is_accepted_by_funders_holding_more_than_half_of_the_final_shares() {
    let app = TestApp::spawn().await;
    let f = app.funded_idea(Plan::shares(&[6000, 4000])).await;
    app.start_delivery(&f).await;
    let first = app.add_milestone(&f, "Private beta", 5000).await;
    let second = app.add_milestone(&f, "Public beta", 5000).await;

    // The 6000 bp funder alone accepts.
    app.submit_milestone(&f, &first.id).await;
    let accepted = app.decide(&f, 0, &first.id, true).await;
    assert_eq!(accepted.status, MilestoneStatus::Accepted);
    assert_eq!(
        (accepted.tally.accepted_bp, accepted.tally.pending_bp),
        (6000, 4000)
    );
    assert_eq!(accepted.paid_pence, BUSINESS_CASE_TOTAL / 2);
    assert_eq!(
        accepted
            .payments
            .iter()
            .map(|p| p.amount_pence)
            .collect::<Vec<_>>(),
        [4_500_000, 3_000_000]
    );
    problem(
        app.post(
            &format!("/api/v1/milestones/{}/acceptances", first.id),
            Some(&f.funders[1].0.token),
            json!({"organisation_id": f.funders[1].1.id, "decision": "accept"}),
        )
        .await,
        StatusCode::CONFLICT,
        "milestone_not_submitted",
    )
    .await;

    // The 4000 bp funder alone does not; when the 6000 rejects, acceptance is impossible.
    app.submit_milestone(&f, &second.id).await;
    let waiting = app.decide(&f, 1, &second.id, true).await;
    assert_eq!(waiting.status, MilestoneStatus::Submitted);
    assert_eq!(
        waiting.funders[1].decision,
        Some(AcceptanceDecision::Accept)
    );
    let rejected = app.decide(&f, 0, &second.id, false).await;
    assert_eq!(rejected.status, MilestoneStatus::Rejected);
    assert_eq!(rejected.paid_pence, 0);
    assert!(rejected.payments.is_empty());
    assert_eq!(
        rejected.funders[0].note.as_deref(),
        Some("The photo upload does not work on mobile.")
    );
    assert!(app
        .notification_kinds(&f.proposer)
        .await
        .contains(&"milestone_rejected".to_string()));
    assert_eq!(idea(&app, &f.idea.id).await.status, IdeaStatus::InDelivery);

    // Submitted again, the decisions start afresh; the 6000 accepts and the idea is delivered.
    let again = app.submit_milestone(&f, &second.id).await;
    assert_eq!((again.submission, again.tally.pending_bp), (2, 10_000));
    assert!(again.funders.iter().all(|f| f.decision.is_none()));
    let done = app.decide(&f, 0, &second.id, true).await;
    assert_eq!(done.status, MilestoneStatus::Accepted);
    let kinds: Vec<_> = done
        .history
        .iter()
        .map(|e| format!("{:?}", e.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            "Planned",
            "Submitted",
            "FunderAccepted",
            "FunderRejected",
            "Rejected",
            "Submitted",
            "FunderAccepted",
            "Accepted"
        ]
    );
    assert_eq!(idea(&app, &f.idea.id).await.status, IdeaStatus::Delivered);
    assert!(app
        .notification_kinds(&f.proposer)
        .await
        .contains(&"milestone_accepted".to_string()));
    assert!(app
        .notification_kinds(&f.funders[1].0)
        .await
        .contains(&"idea_delivered".to_string()));
}

#[tokio::test]
async fn only_owners_and_admins_of_funding_organisations_decide_once_per_submission() {
    let app = TestApp::spawn().await;
    let f = app.funded_idea(Plan::shares(&[3000, 3000, 4000])).await;
    app.start_delivery(&f).await;
    let m = app.add_milestone(&f, "Alpha", 3000).await;
    let path = format!("/api/v1/milestones/{}/acceptances", m.id);
    let accept = |org: &str| json!({"organisation_id": org, "decision": "accept"});
    problem(
        app.post(
            &path,
            Some(&f.funders[0].0.token),
            accept(&f.funders[0].1.id),
        )
        .await,
        StatusCode::CONFLICT,
        "milestone_not_submitted",
    )
    .await;
    app.submit_milestone(&f, &m.id).await;
    let outsider = app.user().await;
    let other = app.verified_organisation(&outsider).await;
    problem(
        app.post(&path, Some(&outsider.token), accept(&other.id))
            .await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;
    problem(
        app.post(&path, Some(&f.proposer.token), accept(&f.proposer_org.id))
            .await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;
    problem(
        app.post(&path, Some(&outsider.token), accept(&f.funders[0].1.id))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let clerk = app.user().await;
    app.add_member(&f.funders[0].0, &f.funders[0].1, &clerk, "member")
        .await;
    problem(
        app.post(&path, Some(&clerk.token), accept(&f.funders[0].1.id))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let p = problem(
        app.post(
            &path,
            Some(&f.funders[0].0.token),
            json!({"organisation_id": f.funders[0].1.id, "decision": "reject"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("note").len(), 1);
    let p = problem(
        app.post(
            &path,
            Some(&f.funders[0].0.token),
            json!({"organisation_id": f.funders[0].1.id, "decision": "maybe"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("decision").len(), 1);
    let admin = app.user().await;
    app.add_member(&f.funders[0].0, &f.funders[0].1, &admin, "admin")
        .await;
    let decided: DeliveryMilestone = ok(
        app.post(&path, Some(&admin.token), accept(&f.funders[0].1.id))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(decided.tally.accepted_bp, 3000);
    problem(
        app.post(
            &path,
            Some(&f.funders[0].0.token),
            accept(&f.funders[0].1.id),
        )
        .await,
        StatusCode::CONFLICT,
        "already_decided",
    )
    .await;
    // 3000 + 3000 accepting is more than half.
    let accepted = app.decide(&f, 1, &m.id, true).await;
    assert_eq!(accepted.status, MilestoneStatus::Accepted);
    assert_eq!(
        accepted.tally,
        cc2i_shared::delivery::MilestoneTally {
            accepted_bp: 6000,
            rejected_bp: 0,
            pending_bp: 4000
        }
    );
}

#[tokio::test]
async fn payments_split_exactly_by_final_share_and_every_step_is_in_the_ledger() {
    let app = TestApp::spawn().await;
    let target = 10_000_001;
    let f = app
        .funded_idea(Plan {
            case: case_costing(target),
            rebate_bp: None,
            shares: vec![3333, 3333, 3334],
        })
        .await;
    app.start_delivery(&f).await;
    let plan = [3333, 3333, 3334];
    let mut ids = Vec::new();
    for (i, bp) in plan.iter().enumerate() {
        ids.push(app.add_milestone(&f, &format!("Stage {i}"), *bp).await.id);
    }
    // Accepted out of order: the last first.
    let commitments: Vec<i64> = {
        let list: Vec<serde_json::Value> = ok(
            app.get(&format!("/api/v1/ideas/{}/commitments", f.idea.id), None)
                .await,
            StatusCode::OK,
        )
        .await;
        list.iter()
            .map(|c| c["final_amount_pence"].as_i64().unwrap())
            .collect()
    };
    let mut paid_by_funder = vec![0_i64; 3];
    let mut released_before = 0;
    let mut total_paid = 0;
    for i in [2, 0, 1] {
        app.submit_milestone(&f, &ids[i]).await;
        app.decide(&f, 0, &ids[i], true).await;
        let m = app.decide(&f, 2, &ids[i], true).await;
        assert_eq!(m.status, MilestoneStatus::Accepted);
        let expected_amount = milestone_amount(target, released_before, plan[i]);
        assert_eq!(m.paid_pence, expected_amount);
        let parts: Vec<i64> = m.payments.iter().map(|p| p.amount_pence).collect();
        assert_eq!(
            parts,
            payment_split(&commitments, &paid_by_funder, expected_amount)
        );
        assert_eq!(parts.iter().sum::<i64>(), m.paid_pence, "exact split");
        for (paid, part) in paid_by_funder.iter_mut().zip(&parts) {
            *paid += part;
        }
        released_before += plan[i];
        total_paid += m.paid_pence;
    }
    assert_eq!(
        total_paid, target,
        "the whole plan releases exactly the build cost"
    );
    let delivered = idea(&app, &f.idea.id).await;
    assert_eq!(delivered.status, IdeaStatus::Delivered);

    let ledger = app.whole_ledger(&f.idea.id).await;
    assert_eq!(
        ledger.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=ledger.len() as i64).collect::<Vec<_>>(),
        "gapless"
    );
    assert_eq!(
        ledger.iter().map(|e| e.bp_delta).sum::<i64>(),
        delivered.funding.pledged_bp,
        "the counting total still equals the ledger"
    );
    let count = |kind: &str| ledger.iter().filter(|e| e.kind == kind).count();
    assert_eq!(
        (
            count("milestone_decision"),
            count("milestone_accepted"),
            count("milestone_payment"),
            count("idea_delivered")
        ),
        (6, 3, 9, 1)
    );
    let paid: i64 = ledger
        .iter()
        .filter(|e| e.kind == "milestone_payment")
        .map(|e| e.data["amount_pence"].as_i64().unwrap())
        .sum();
    assert_eq!(paid, target);
    for e in ledger.iter().filter(|e| e.kind == "milestone_payment") {
        assert!(e.pledge_id.is_some() && e.organisation_id.is_some());
    }
    let decision = ledger
        .iter()
        .find(|e| e.kind == "milestone_decision")
        .unwrap();
    assert_eq!(
        decision.organisation_id.as_deref(),
        Some(f.funders[0].1.id.as_str())
    );
    assert_eq!(decision.data["decision"], "accept");
    assert_eq!(
        ledger.last().unwrap().data["paid_pence"].as_i64(),
        Some(target)
    );
    let change = app.try_sql(&format!(
        "UPDATE milestone_payments SET amount_pence = 0 WHERE idea_id = '{}'",
        f.idea.id
    ));
    assert!(change.unwrap_err().contains("append-only"));
    let delete = app.try_sql(&format!(
        "DELETE FROM milestone_payments WHERE idea_id = '{}'",
        f.idea.id
    ));
    assert!(delete.unwrap_err().contains("append-only"));
}

#[tokio::test]
async fn an_idea_is_delivered_only_when_every_milestone_is_accepted_and_the_plan_is_whole() {
    let app = TestApp::spawn().await;
    let f = app.funded_idea(Plan::shares(&[6000, 4000])).await;
    app.start_delivery(&f).await;
    let first = app.add_milestone(&f, "Most of it", 6000).await;
    app.submit_milestone(&f, &first.id).await;
    app.decide(&f, 0, &first.id, true).await;
    assert_eq!(
        idea(&app, &f.idea.id).await.status,
        IdeaStatus::InDelivery,
        "only 6000 bp of the cost is planned"
    );
    let rest = app.add_milestone(&f, "The rest", 4000).await;
    app.submit_milestone(&f, &rest.id).await;
    app.decide(&f, 0, &rest.id, true).await;
    assert_eq!(idea(&app, &f.idea.id).await.status, IdeaStatus::Delivered);
    problem(
        app.post(
            &milestones_path(&f),
            Some(&f.proposer.token),
            json!({"title": "After", "description": "", "due_date": "2028-01-01", "payment_bp": 0}),
        )
        .await,
        StatusCode::CONFLICT,
        "already_delivered",
    )
    .await;
    let all: Vec<DeliveryMilestone> =
        ok(app.get(&milestones_path(&f), None).await, StatusCode::OK).await;
    assert_eq!(
        all.iter().map(|m| m.paid_pence).sum::<i64>(),
        BUSINESS_CASE_TOTAL
    );
}
