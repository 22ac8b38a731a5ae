use cc2i_shared::idea::Idea;
use cc2i_shared::Page;
use cc2i_tests::fixtures::{business_case, new_idea};
use cc2i_tests::{ok, problem, Session, TestApp};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

/// Publishes an idea for a new verified organisation of the given kind and region.
async fn publish(
    app: &TestApp,
    owner: &Session,
    title: &str,
    kind: &str,
    region: &str,
    areas: &[&str],
    days: i64,
) -> Idea {
    let n = app.next();
    let body = json!({"name": format!("Org {n}"), "kind": kind, "region": region, "identifier": format!("GB-COH-{n:08}")});
    let org: cc2i_shared::Organisation = ok(
        app.post("/api/v1/organisations", Some(&owner.token), body)
            .await,
        StatusCode::CREATED,
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
    let mut idea = new_idea(&org.id, title);
    idea["service_areas"] = json!(areas);
    idea["deadline"] = json!((Utc::now() + Duration::days(days)).to_rfc3339());
    let idea: Idea = ok(
        app.post("/api/v1/ideas", Some(&owner.token), idea).await,
        StatusCode::CREATED,
    )
    .await;
    app.put_case(owner, &idea.id, business_case()).await;
    app.act(&owner.token, &idea.id, "submit").await;
    app.act(&admin, &idea.id, "publish").await
}

async fn titles(app: &TestApp, query: &str) -> Vec<String> {
    let page: Page<Idea> = ok(
        app.get(&format!("/api/v1/ideas?{query}"), None).await,
        StatusCode::OK,
    )
    .await;
    page.items.into_iter().map(|i| i.title).collect()
}

#[tokio::test]
async fn the_public_list_filters_by_status_area_kind_region_and_words() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let repairs = publish(
        &app,
        &owner,
        "Housing repairs reporting",
        "housing_association",
        "north_west",
        &["housing"],
        30,
    )
    .await;
    publish(
        &app,
        &owner,
        "Adult social care referrals",
        "local_authority",
        "south_west",
        &["adult_social_care"],
        60,
    )
    .await;
    publish(
        &app,
        &owner,
        "GP booking integration",
        "nhs_body",
        "north_west",
        &["health_care"],
        10,
    )
    .await;
    let org = app.organisation(&owner).await;
    app.draft_idea(&owner, &org).await;
    app.act(&owner.token, &repairs.id, "withdraw").await;

    assert_eq!(
        titles(&app, "status=open").await,
        ["GP booking integration", "Adult social care referrals"]
    );
    assert_eq!(
        titles(&app, "status=withdrawn").await,
        ["Housing repairs reporting"]
    );
    assert_eq!(titles(&app, "").await.len(), 3, "drafts are never listed");
    assert_eq!(
        titles(&app, "service_area=health_care").await,
        ["GP booking integration"]
    );
    assert_eq!(
        titles(&app, "organisation_kind=local_authority").await,
        ["Adult social care referrals"]
    );
    assert_eq!(
        titles(&app, "region=north_west&status=open").await,
        ["GP booking integration"]
    );
    assert_eq!(
        titles(&app, "q=REFERRALS").await,
        ["Adult social care referrals"]
    );
    assert_eq!(
        titles(&app, "q=shared%20by%20every").await.len(),
        3,
        "the summary is searched too"
    );
    let p = problem(
        app.get("/api/v1/ideas?status=draft", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("status").len(), 1);
}

#[tokio::test]
async fn the_list_sorts_by_newest_closing_soon_and_most_funded() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let a = publish(
        &app,
        &owner,
        "Idea A",
        "local_authority",
        "london",
        &["housing"],
        40,
    )
    .await;
    let b = publish(
        &app,
        &owner,
        "Idea B",
        "local_authority",
        "london",
        &["housing"],
        20,
    )
    .await;
    let c = publish(
        &app,
        &owner,
        "Idea C",
        "local_authority",
        "london",
        &["housing"],
        60,
    )
    .await;
    app.sql(&format!(
        "UPDATE ideas SET pledged_bp = 7000, pledger_count = 3 WHERE id = '{}'",
        a.id
    ));
    app.sql(&format!(
        "UPDATE ideas SET pledged_bp = 2500, pledger_count = 1 WHERE id = '{}'",
        c.id
    ));
    assert_eq!(
        titles(&app, "sort=newest").await,
        ["Idea C", "Idea B", "Idea A"]
    );
    assert_eq!(
        titles(&app, "sort=closing_soon").await,
        ["Idea B", "Idea A", "Idea C"]
    );
    assert_eq!(
        titles(&app, "sort=most_funded").await,
        ["Idea A", "Idea C", "Idea B"]
    );
    let funded: Idea = ok(
        app.get(&format!("/api/v1/ideas/{}", a.id), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        funded.funding.pledged_pence,
        cc2i_tests::fixtures::BUSINESS_CASE_TOTAL * 7000 / 10000
    );
    let _ = b;
}

#[tokio::test]
async fn every_order_pages_with_cursors_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    for i in 0..5 {
        publish(
            &app,
            &owner,
            &format!("Paged idea {i}"),
            "local_authority",
            "london",
            &["waste"],
            10 + i,
        )
        .await;
    }
    // Spread them over public statuses (each status is read on its own and merged), with
    // ties in every order's key, so the merge must agree with the database on ids.
    for (i, status, bp) in [
        (1, "funded", 5000),
        (2, "in_delivery", 0),
        (3, "open", 5000),
        (4, "delivered", 5000),
    ] {
        app.sql(&format!(
            "UPDATE ideas SET status = '{status}', pledged_bp = {bp} WHERE title = 'Paged idea {i}'"
        ));
    }
    app.sql("UPDATE ideas SET pledged_bp = 5000 WHERE title = 'Paged idea 0'");
    for column in ["published_at", "deadline"] {
        app.sql(&format!(
            "UPDATE ideas SET {column} = (SELECT {column} FROM ideas WHERE title = 'Paged idea 0') \
             WHERE title IN ('Paged idea 1', 'Paged idea 4')"
        ));
    }
    for sort in ["newest", "closing_soon", "most_funded"] {
        let all = titles(&app, &format!("sort={sort}")).await;
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let q = match &cursor {
                Some(c) => format!("/api/v1/ideas?sort={sort}&limit=2&cursor={c}"),
                None => format!("/api/v1/ideas?sort={sort}&limit=2"),
            };
            let page: Page<Idea> = ok(app.get(&q, None).await, StatusCode::OK).await;
            seen.extend(page.items.into_iter().map(|i| i.title));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen, all, "{sort}");
        assert_eq!(seen.len(), 5);
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 5, "{sort}: {seen:?}");
    }
    let page: Page<Idea> = ok(
        app.get("/api/v1/ideas?sort=newest&limit=2", None).await,
        StatusCode::OK,
    )
    .await;
    let cursor = page.next_cursor.unwrap();
    let p = problem(
        app.get(
            &format!("/api/v1/ideas?sort=closing_soon&cursor={cursor}"),
            None,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("cursor").len(), 1);
    for bad in [
        "limit=0",
        "limit=101",
        "sort=popular",
        "organisation_kind=council",
    ] {
        problem(
            app.get(&format!("/api/v1/ideas?{bad}"), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
}

#[tokio::test]
async fn the_list_answers_304_to_its_etag_until_a_write_changes_it() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = publish(
        &app,
        &owner,
        "Cached idea",
        "local_authority",
        "london",
        &["housing"],
        30,
    )
    .await;
    let url = format!("{}/api/v1/ideas?limit=20", app.base);
    let first = app.get("/api/v1/ideas?limit=20", None).await;
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
    let page: Page<Idea> = first.json().await.unwrap();
    assert_eq!(page.items[0].funding.pledged_pence, 0);

    let again = app
        .client
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());

    // A pledge commits: the same request now gets the new page and a new tag.
    let funder = app.user().await;
    let org = app.funder(&funder, 100_000_000).await;
    let idea: Idea = ok(
        app.get(&format!("/api/v1/ideas/{}", idea.id), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        app.pledge(&funder, &idea, &org, 2500).await.status(),
        StatusCode::CREATED
    );
    let changed = app
        .client
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    let page: Page<Idea> = changed.json().await.unwrap();
    assert!(page.items[0].funding.pledged_pence > 0);
}

#[tokio::test]
async fn the_list_shows_a_change_committed_by_another_process() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = publish(
        &app,
        &owner,
        "Before the change",
        "local_authority",
        "london",
        &["housing"],
        30,
    )
    .await;
    assert_eq!(titles(&app, "limit=20").await, ["Before the change"]);
    // Another replica (here: plain SQL on its own connection) commits a change.
    app.sql(&format!(
        "UPDATE ideas SET title = 'Changed elsewhere' WHERE id = '{}'",
        idea.id
    ));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let now = titles(&app, "limit=20").await;
        if now == ["Changed elsewhere"] {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the cached list never saw the commit: {now:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
