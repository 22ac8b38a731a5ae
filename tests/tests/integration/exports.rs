//! CSV exports: RFC 4180 with CRLF and quoting, UTF-8, formula injection neutralised, the
//! same visibility as the JSON lists.

use cc2i_shared::pledge::Pledge;
use cc2i_shared::Organisation;
use cc2i_tests::{ok, problem, TestApp};
use reqwest::{header, StatusCode};
use serde_json::json;

const EVIL: &str = "=cmd|' /C calc'!A0";

fn rows(csv: &str) -> Vec<&str> {
    let body = csv.strip_prefix('\u{feff}').expect("UTF-8 byte-order mark");
    assert!(body.ends_with("\r\n"), "rows end with CRLF");
    body.trim_end_matches("\r\n").split("\r\n").collect()
}

#[tokio::test]
async fn an_ideas_funders_list_is_csv_with_formulas_neutralised_and_private_pledges_hidden() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let funder = app.user().await;
    let org = app.funder(&funder, 1_000_000_000).await;
    let renamed: Organisation = ok(
        app.patch(
            &format!("/api/v1/organisations/{}", org.id),
            Some(&funder.token),
            json!({"name": EVIL}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed.name, EVIL);
    let pledge: Pledge = ok(
        app.pledge(&funder, &idea, &renamed, 6_000).await,
        StatusCode::CREATED,
    )
    .await;
    // A second organisation's pledge waits for approval: private to that organisation.
    let maker = app.user().await;
    let pending_org = app.funder(&maker, 0).await;
    assert_eq!(
        app.pledge(&maker, &idea, &pending_org, 1_000)
            .await
            .status(),
        StatusCode::CREATED
    );

    let res = app
        .get(&format!("/api/v1/ideas/{}/pledges.csv", idea.id), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8; header=present"
    );
    assert!(res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\""));
    let text = res.text().await.unwrap();
    let lines = rows(&text);
    assert_eq!(lines[0], "organisation,organisation_identifier,status,share_bp,amount_pounds,amount_pence,final_share_bp,final_amount_pounds,final_amount_pence,pledged_at");
    assert_eq!(lines.len(), 2, "the pending pledge is not public: {text}");
    let expected = format!(
        "\"'=cmd|' /C calc'!A0\",{},active,6000,{}.{:02},{},,,,",
        renamed.identifier,
        pledge.amount_pence / 100,
        pledge.amount_pence % 100,
        pledge.amount_pence
    );
    assert!(lines[1].starts_with(&expected), "{}\n{expected}", lines[1]);

    // Its own organisation sees its pending pledge, as in the JSON list.
    let own = app
        .get(
            &format!("/api/v1/ideas/{}/pledges.csv", idea.id),
            Some(&maker.token),
        )
        .await;
    let own = own.text().await.unwrap();
    assert_eq!(rows(&own).len(), 3);
    assert!(own.contains(",pending_approval,1000,"));

    let other = app.user().await;
    let other_org = app.verified_organisation(&other).await;
    let draft = app.draft_idea(&other, &other_org).await;
    let hidden = app
        .get(&format!("/api/v1/ideas/{}/pledges.csv", draft.id), None)
        .await;
    problem(hidden, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn an_organisations_pledges_csv_is_for_its_members_only() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let funder = app.user().await;
    let org = app.funder(&funder, 1_000_000_000).await;
    let pledge: Pledge = ok(
        app.pledge(&funder, &idea, &org, 2_500).await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/v1/organisations/{}/pledges.csv", org.id);

    let res = app.get(&path, Some(&funder.token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    let lines = rows(&text);
    assert_eq!(lines[0], "pledge_id,idea_id,idea_title,status,share_bp,amount_pounds,amount_pence,final_share_bp,final_amount_pounds,final_amount_pence,created_at,updated_at");
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].starts_with(&format!(
            "{},{},{},active,2500,",
            pledge.id, idea.id, idea.title
        )),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(&format!(",{},", pledge.amount_pence)));

    problem(
        app.get(&path, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let stranger = app.user().await;
    problem(
        app.get(&path, Some(&stranger.token)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
