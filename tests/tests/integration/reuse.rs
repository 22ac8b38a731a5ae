use cc2i_shared::reuse::rules::{adoption_fee, fee_split};
use cc2i_shared::reuse::{
    Adoption, AdoptionStatus, CatalogueEntry, FundingRole, OrganisationFundingSummary,
};
use cc2i_shared::Page;
use cc2i_tests::fixtures::BUSINESS_CASE_TOTAL;
use cc2i_tests::funded::{case_costing, Funded, Plan};
use cc2i_tests::{ok, problem, Session, TestApp};
use reqwest::StatusCode;
use serde_json::json;

fn adopt_path(f: &Funded) -> String {
    format!("/api/v1/ideas/{}/adoptions", f.idea.id)
}

async fn adopter(app: &TestApp, limit_pence: i64) -> (Session, cc2i_shared::Organisation) {
    let who = app.user().await;
    let org = app.funder(&who, limit_pence).await;
    (who, org)
}

async fn adopt(app: &TestApp, f: &Funded, who: &Session, org_id: &str) -> Adoption {
    ok(
        app.post(
            &adopt_path(f),
            Some(&who.token),
            json!({"organisation_id": org_id}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

#[tokio::test]
async fn only_delivered_ideas_are_adopted_and_only_by_verified_newcomers_owners_and_admins() {
    let app = TestApp::spawn().await;
    let funded = app.funded_idea(Plan::shares(&[6000, 4000])).await;
    let (who, org) = adopter(&app, 100_000_000_000).await;
    problem(
        app.post(
            &adopt_path(&funded),
            Some(&who.token),
            json!({"organisation_id": org.id}),
        )
        .await,
        StatusCode::CONFLICT,
        "idea_not_delivered",
    )
    .await;

    let f = app.delivered_idea(Plan::shares(&[6000, 4000])).await;
    let path = adopt_path(&f);
    let body = |id: &str| json!({"organisation_id": id});
    problem(
        app.post(&path, Some(&f.proposer.token), body(&f.proposer_org.id))
            .await,
        StatusCode::CONFLICT,
        "own_idea",
    )
    .await;
    problem(
        app.post(&path, Some(&f.funders[1].0.token), body(&f.funders[1].1.id))
            .await,
        StatusCode::CONFLICT,
        "already_a_funder",
    )
    .await;
    let unverified_owner = app.user().await;
    let unverified = app.organisation(&unverified_owner).await;
    problem(
        app.post(&path, Some(&unverified_owner.token), body(&unverified.id))
            .await,
        StatusCode::CONFLICT,
        "organisation_not_verified",
    )
    .await;
    problem(
        app.post(&path, Some(&f.proposer.token), body(&org.id))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let clerk = app.user().await;
    app.add_member(&who, &org, &clerk, "member").await;
    problem(
        app.post(&path, Some(&clerk.token), body(&org.id)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post(&path, None, body(&org.id)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let p = problem(
        app.post(
            &path,
            Some(&who.token),
            json!({"organisation_id": org.id, "fee": 1}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("fee").len(), 1, "{p:?}");
    let adoption = adopt(&app, &f, &who, &org.id).await;
    assert_eq!(
        adoption.status,
        AdoptionStatus::Approved,
        "within the self-approval limit"
    );
    assert_eq!(adoption.fee_pence, BUSINESS_CASE_TOTAL / 3);
    assert_eq!(adoption.adopter_number, Some(1));
    problem(
        app.post(&path, Some(&who.token), body(&org.id)).await,
        StatusCode::CONFLICT,
        "already_adopted",
    )
    .await;
}

#[tokio::test]
async fn above_the_self_approval_limit_another_owner_or_admin_approves_or_rejects() {
    let app = TestApp::spawn().await;
    let f = app.delivered_idea(Plan::shares(&[6000, 4000])).await;
    let (maker, org) = adopter(&app, 1_000).await;
    let checker = app.user().await;
    let clerk = app.user().await;
    app.add_member(&maker, &org, &checker, "admin").await;
    app.add_member(&maker, &org, &clerk, "member").await;
    let pending = adopt(&app, &f, &maker, &org.id).await;
    assert_eq!(pending.status, AdoptionStatus::PendingApproval);
    assert_eq!(
        pending.fee_pence,
        BUSINESS_CASE_TOTAL / 3,
        "the fee if approved now"
    );
    assert_eq!((pending.rebate_pence, pending.adopter_number), (None, None));
    assert!(pending.rebates.is_empty());
    assert_eq!(
        app.notification_kinds(&checker).await,
        ["adoption_awaits_approval"]
    );
    let approve = format!("/api/v1/adoptions/{}/approve", pending.id);
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
    problem(
        app.post(&approve, Some(&f.proposer.token), json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get(&format!("/api/v1/adoptions/{}", pending.id), None)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let public: Vec<Adoption> = ok(app.get(&adopt_path(&f), None).await, StatusCode::OK).await;
    assert!(
        public.is_empty(),
        "pending adoptions are private to their organisation"
    );
    let mine: Vec<Adoption> = ok(
        app.get(&adopt_path(&f), Some(&clerk.token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine.len(), 1);

    // Meanwhile a newcomer within its limit adopts first, so the pending fee falls.
    let (quick, quick_org) = adopter(&app, 100_000_000_000).await;
    adopt(&app, &f, &quick, &quick_org.id).await;
    let approved: Adoption = ok(
        app.post(&approve, Some(&checker.token), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(approved.status, AdoptionStatus::Approved);
    assert_eq!(
        approved.fee_pence,
        BUSINESS_CASE_TOTAL / 4,
        "fixed when approved"
    );
    assert_eq!(approved.adopter_number, Some(2));
    problem(
        app.post(&approve, Some(&checker.token), json!({})).await,
        StatusCode::CONFLICT,
        "invalid_adoption_status",
    )
    .await;
    assert!(app
        .notification_kinds(&maker)
        .await
        .contains(&"adoption_approved".to_string()));
    let seen: Adoption = ok(
        app.get(&format!("/api/v1/adoptions/{}", approved.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen, approved);

    // A rejection ends it with nothing due, and the organisation may ask again.
    let (other, other_org) = adopter(&app, 0).await;
    let second = app.user().await;
    app.add_member(&other, &other_org, &second, "owner").await;
    let asked = adopt(&app, &f, &other, &other_org.id).await;
    let reject = format!("/api/v1/adoptions/{}/reject", asked.id);
    let p = problem(
        app.post(&reject, Some(&second.token), json!({"reason": ""}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("reason").len(), 1);
    let rejected: Adoption = ok(
        app.post(
            &reject,
            Some(&second.token),
            json!({"reason": "Not in this year's budget."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rejected.status, AdoptionStatus::Rejected);
    assert_eq!(
        rejected.rejection_reason.as_deref(),
        Some("Not in this year's budget.")
    );
    assert!(app
        .notification_kinds(&other)
        .await
        .contains(&"adoption_rejected".to_string()));
    let again = adopt(&app, &f, &other, &other_org.id).await;
    assert_eq!(again.status, AdoptionStatus::PendingApproval);
    let listed: Vec<Adoption> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/adoptions", other_org.id),
            Some(&second.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        listed.iter().map(|a| a.status).collect::<Vec<_>>(),
        [AdoptionStatus::PendingApproval, AdoptionStatus::Rejected]
    );
    problem(
        app.get(
            &format!("/api/v1/organisations/{}/adoptions", other_org.id),
            Some(&maker.token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn fees_fall_with_each_adopter_and_the_dividend_sums_exactly_in_the_ledger() {
    let app = TestApp::spawn().await;
    let target = 10_000_001;
    let shares = [3333, 3333, 3334];
    let f = app
        .delivered_idea(Plan {
            case: case_costing(target),
            rebate_bp: Some(3333),
            shares: shares.to_vec(),
        })
        .await;
    let mut dividends = [0_i64; 3];
    for n in 0..3 {
        let (who, org) = adopter(&app, 100_000_000_000).await;
        let a = adopt(&app, &f, &who, &org.id).await;
        let fee = adoption_fee(target, 3, n);
        let split = fee_split(fee, 3333, &shares);
        assert_eq!(a.fee_pence, fee, "adopter {n}");
        assert_eq!(a.rebate_pence, Some(split.rebate_pence));
        assert_eq!(a.proposer_pence, Some(split.proposer_pence));
        assert_eq!(
            a.rebates.iter().map(|r| r.amount_pence).collect::<Vec<_>>(),
            split.rebates
        );
        assert_eq!(
            a.rebates.iter().map(|r| r.amount_pence).sum::<i64>() + split.proposer_pence,
            fee
        );
        for (d, r) in dividends.iter_mut().zip(&split.rebates) {
            *d += r;
        }
    }
    assert_eq!(
        (adoption_fee(target, 3, 0), adoption_fee(target, 3, 2)),
        (2_500_000, 1_666_666)
    );

    let ledger = app.whole_ledger(&f.idea.id).await;
    let approved: Vec<_> = ledger
        .iter()
        .filter(|e| e.kind == "adoption_approved")
        .collect();
    assert_eq!(approved.len(), 3);
    for e in &approved {
        let fee = e.data["fee_pence"].as_i64().unwrap();
        let listed: i64 = e.data["rebates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["amount_pence"].as_i64().unwrap())
            .sum();
        assert_eq!(listed, e.data["rebate_pence"].as_i64().unwrap());
        assert_eq!(listed + e.data["proposer_pence"].as_i64().unwrap(), fee);
    }
    for (i, (_, org)) in f.funders.iter().enumerate() {
        let received: i64 = ledger
            .iter()
            .filter(|e| e.kind == "reuse_dividend")
            .filter(|e| e.organisation_id.as_deref() == Some(org.id.as_str()))
            .map(|e| e.data["amount_pence"].as_i64().unwrap())
            .sum();
        assert_eq!(received, dividends[i]);
    }
    let idea: cc2i_shared::idea::Idea = ok(
        app.get(&format!("/api/v1/ideas/{}", f.idea.id), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        ledger.iter().map(|e| e.bp_delta).sum::<i64>(),
        idea.funding.pledged_bp
    );
    assert_eq!(
        ledger.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=ledger.len() as i64).collect::<Vec<_>>()
    );
    assert!(app
        .notification_kinds(&f.funders[0].0)
        .await
        .contains(&"reuse_dividend".to_string()));
    let change = app.try_sql(&format!(
        "UPDATE adoption_rebates SET amount_pence = 0 WHERE idea_id = '{}'",
        f.idea.id
    ));
    assert!(change.unwrap_err().contains("append-only"));
}

#[tokio::test]
async fn the_catalogue_lists_delivered_ideas_with_terms_funders_adopters_and_dividends() {
    let app = TestApp::spawn().await;
    let older = app.delivered_idea(Plan::shares(&[6000, 4000])).await;
    let newer = app.delivered_idea(Plan::shares(&[5000, 5000])).await;
    app.funded_idea(Plan::shares(&[10_000, 500])).await;
    let (who, org) = adopter(&app, 100_000_000_000).await;
    adopt(&app, &older, &who, &org.id).await;

    let page: Page<CatalogueEntry> =
        ok(app.get("/api/v1/catalogue", None).await, StatusCode::OK).await;
    assert_eq!(
        page.items
            .iter()
            .map(|e| e.idea_id.as_str())
            .collect::<Vec<_>>(),
        [newer.idea.id.as_str(), older.idea.id.as_str()],
        "only delivered ideas, most recently delivered first"
    );
    let entry = &page.items[1];
    assert_eq!(entry.title, older.idea.title);
    assert_eq!(entry.summary, older.idea.summary);
    assert_eq!(entry.licence, "MIT");
    assert_eq!(entry.sla.as_ref().map(|s| s.availability_bp), Some(9990));
    assert_eq!(entry.organisation.id, older.proposer_org.id);
    assert_eq!(entry.build_cost_pence, BUSINESS_CASE_TOTAL);
    assert_eq!(entry.rebate_bp, 5000);
    assert_eq!(
        entry
            .funders
            .iter()
            .map(|f| (
                f.organisation_id.as_str(),
                f.final_share_bp,
                f.committed_pence,
                f.dividend_pence
            ))
            .collect::<Vec<_>>(),
        [
            (older.funders[0].1.id.as_str(), 6000, 9_000_000, 1_500_000),
            (older.funders[1].1.id.as_str(), 4000, 6_000_000, 1_000_000)
        ]
    );
    assert_eq!(
        entry
            .adopters
            .iter()
            .map(|a| (a.organisation_id.as_str(), a.fee_pence))
            .collect::<Vec<_>>(),
        [(org.id.as_str(), 5_000_000)]
    );
    assert_eq!(entry.next_fee_pence, BUSINESS_CASE_TOTAL / 4);
    assert!(page.next_cursor.is_none());

    let first: Page<CatalogueEntry> = ok(
        app.get("/api/v1/catalogue?limit=1", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first.items[0].idea_id, newer.idea.id);
    let cursor = first.next_cursor.expect("a second page");
    let second: Page<CatalogueEntry> = ok(
        app.get(&format!("/api/v1/catalogue?limit=1&cursor={cursor}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(second.items[0].idea_id, older.idea.id);
    assert!(second.next_cursor.is_none());
    for bad in ["cursor=nonsense", "limit=0", "colour=red"] {
        problem(
            app.get(&format!("/api/v1/catalogue?{bad}"), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
}

#[tokio::test]
async fn an_organisations_funding_summary_shows_what_it_committed_paid_and_got_back() {
    let app = TestApp::spawn().await;
    let f = app.delivered_idea(Plan::shares(&[6000, 4000])).await;
    let (who, org) = adopter(&app, 100_000_000_000).await;
    adopt(&app, &f, &who, &org.id).await;
    let (funder, funder_org) = &f.funders[0];
    let summary: OrganisationFundingSummary = ok(
        app.get(
            &format!("/api/v1/organisations/{}/funding-summary", funder_org.id),
            Some(&funder.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            summary.totals.committed_pence,
            summary.totals.paid_pence,
            summary.totals.rebated_pence,
            summary.totals.adoption_fees_pence
        ),
        (9_000_000, 9_000_000, 1_500_000, 0)
    );
    assert_eq!(summary.ideas.len(), 1);
    assert_eq!(summary.ideas[0].role, FundingRole::Funder);
    assert_eq!(summary.ideas[0].final_share_bp, Some(6000));
    let last = summary.series.last().unwrap();
    assert_eq!(
        (last.committed_pence, last.paid_pence, last.rebated_pence),
        (9_000_000, 9_000_000, 1_500_000)
    );
    assert!(summary.series.len() >= 2);
    assert!(summary
        .series
        .windows(2)
        .all(|w| w[0].at < w[1].at && w[0].rebated_pence <= w[1].rebated_pence));

    let adopted: OrganisationFundingSummary = ok(
        app.get(
            &format!("/api/v1/organisations/{}/funding-summary", org.id),
            Some(&who.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(adopted.ideas[0].role, FundingRole::Adopter);
    assert_eq!(adopted.totals.adoption_fees_pence, 5_000_000);
    assert_eq!(adopted.series.last().unwrap().committed_pence, 5_000_000);

    problem(
        app.get(
            &format!("/api/v1/organisations/{}/funding-summary", funder_org.id),
            Some(&who.token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get(
            &format!("/api/v1/organisations/{}/funding-summary", funder_org.id),
            None,
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}
