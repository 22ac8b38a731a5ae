use cc2i_shared::idea::Idea;
use cc2i_shared::pledge::{LedgerEntry, Pledge};
use cc2i_shared::Page;
use cc2i_tests::{ok, TestApp};
use reqwest::StatusCode;
use serde_json::json;

async fn whole_ledger(app: &TestApp, idea_id: &str) -> Vec<LedgerEntry> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/ideas/{idea_id}/ledger?limit=3&cursor={c}"),
            None => format!("/api/v1/ideas/{idea_id}/ledger?limit=3"),
        };
        let page: Page<LedgerEntry> = ok(app.get(&path, None).await, StatusCode::OK).await;
        all.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return all,
        }
    }
}

#[tokio::test]
async fn every_change_is_in_the_ledger_whose_deltas_sum_to_the_total() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let mut pledges = Vec::new();
    for share in [3000, 2500, 4000] {
        let who = app.user().await;
        let org = app.funder(&who, 100_000_000_000).await;
        let pledge: Pledge = ok(
            app.pledge(&who, &idea, &org, share).await,
            StatusCode::CREATED,
        )
        .await;
        pledges.push((who, pledge));
    }
    ok::<Pledge>(
        app.patch(
            &format!("/api/v1/pledges/{}", pledges[0].1.id),
            Some(&pledges[0].0.token),
            json!({"share_bp": 2000}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    ok::<Pledge>(
        app.post(
            &format!("/api/v1/pledges/{}/withdraw", pledges[1].1.id),
            Some(&pledges[1].0.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let entries = whole_ledger(&app, &idea.id).await;
    assert_eq!(
        entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=entries.len() as i64).collect::<Vec<_>>(),
        "gapless"
    );
    assert_eq!(
        entries.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        [
            "pledge_created",
            "pledge_created",
            "pledge_created",
            "pledge_changed",
            "pledge_withdrawn"
        ]
    );
    let idea: Idea = ok(
        app.get(&format!("/api/v1/ideas/{}", idea.id), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        entries.iter().map(|e| e.bp_delta).sum::<i64>(),
        idea.funding.pledged_bp
    );
    assert_eq!(idea.funding.pledged_bp, 6000);
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_ledger_entries() {
    let app = TestApp::spawn().await;
    let idea = app.open_idea(&app.user().await).await;
    let who = app.user().await;
    let org = app.funder(&who, 100_000_000_000).await;
    ok::<Pledge>(
        app.pledge(&who, &idea, &org, 3000).await,
        StatusCode::CREATED,
    )
    .await;
    let update = app.try_sql(&format!(
        "UPDATE ledger_entries SET bp_delta = 9999 WHERE idea_id = '{}'",
        idea.id
    ));
    assert!(update.unwrap_err().contains("append-only"));
    let delete = app.try_sql(&format!(
        "DELETE FROM ledger_entries WHERE idea_id = '{}'",
        idea.id
    ));
    assert!(delete.unwrap_err().contains("append-only"));
    assert_eq!(whole_ledger(&app, &idea.id).await[0].bp_delta, 3000);
}
