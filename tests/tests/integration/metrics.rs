//! `GET /metrics`: Prometheus text for operators only, counting requests by route pattern
//! and reading pledges, queues and pools from the database.

use cc2i_tests::{Session, TestApp};
use reqwest::StatusCode;

const TOKEN: &str = "metrics-token-for-tests-0123456789";

async fn scrape(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(format!("{}/metrics", app.base));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.unwrap()
}

/// The value of the sample whose name and labels are exactly `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.strip_prefix(' ')))
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_read_the_shared_queues() {
    let app = TestApp::spawn_with(&[("CC2I_METRICS_TOKEN", TOKEN)]).await;
    for _ in 0..3 {
        assert_eq!(
            app.get("/api/v1/ideas?limit=5", None).await.status(),
            StatusCode::OK
        );
    }
    let missing = "/api/v1/ideas/01890000-0000-7000-8000-000000000000";
    assert_eq!(app.get(missing, None).await.status(), StatusCode::NOT_FOUND);
    let owner: Session = app.user().await;
    let idea = app.open_idea(&owner).await;
    let funder = app.user().await;
    let org = app.funder(&funder, 1_000_000_000).await;
    assert_eq!(
        app.pledge(&funder, &idea, &org, 1000).await.status(),
        StatusCode::CREATED
    );

    assert_eq!(scrape(&app, None).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        scrape(&app, Some("metrics-token-for-tests-0123456780"))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let res = scrape(&app, Some(TOKEN)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = res.text().await.unwrap();
    let list = "method=\"GET\",route=\"/api/v1/ideas\"";
    assert_eq!(
        sample(
            &text,
            &format!("cc2i_http_requests_total{{{list},status=\"200\"}}")
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            &format!("cc2i_http_request_duration_seconds_count{{{list}}}")
        ),
        Some(3.0)
    );
    assert_eq!(
        sample(
            &text,
            &format!("cc2i_http_request_duration_seconds_bucket{{{list},le=\"+Inf\"}}")
        ),
        Some(3.0)
    );
    // Ids never become labels: the 404 is counted under its pattern.
    assert_eq!(
        sample(
            &text,
            "cc2i_http_requests_total{method=\"GET\",route=\"/api/v1/ideas/{id}\",status=\"404\"}"
        ),
        Some(1.0)
    );
    assert!(!text.contains("01890000-0000"));
    let pledged = sample(&text, "cc2i_pledges{status=\"active\"}").unwrap_or(0.0)
        + sample(&text, "cc2i_pledges{status=\"pending_approval\"}").unwrap_or(0.0);
    assert_eq!(pledged, 1.0, "{text}");
    assert!(sample(&text, "cc2i_email_queue").is_some());
    assert!(sample(&text, "cc2i_webhook_queue").is_some());
    let pool = if app.database_url.starts_with("postgres") {
        "pool"
    } else {
        "reader"
    };
    let max = sample(
        &text,
        &format!("cc2i_db_pool_max_connections{{pool=\"{pool}\"}}"),
    );
    assert_eq!(max, Some(4.0), "{text}");
    assert!(
        sample(
            &text,
            &format!("cc2i_db_pool_connections{{pool=\"{pool}\"}}")
        )
        .unwrap()
            >= 1.0
    );
}

#[tokio::test]
async fn without_a_token_configured_there_are_no_metrics() {
    let app = TestApp::spawn().await;
    assert_eq!(
        scrape(&app, Some(TOKEN)).await.status(),
        StatusCode::NOT_FOUND
    );
}

/// The cache's lookups, from a scrape: (hits, misses).
async fn list_cache(app: &TestApp) -> (f64, f64) {
    let text = scrape(app, Some(TOKEN)).await.text().await.unwrap();
    let lookups = |outcome: &str| {
        sample(
            &text,
            &format!("cc2i_list_cache_lookups_total{{outcome=\"{outcome}\"}}"),
        )
        .unwrap_or_else(|| panic!("no {outcome} count in {text}"))
    };
    (lookups("hit"), lookups("miss"))
}

/// Asks for the list once and checks it was a cache hit.
async fn assert_served_from_cache(app: &TestApp, why: &str) {
    let before = list_cache(app).await;
    list_page(app).await;
    let after = list_cache(app).await;
    assert_eq!(
        (after.0 - before.0, after.1 - before.1),
        (1.0, 0.0),
        "{why}"
    );
}

async fn list_page(app: &TestApp) -> serde_json::Value {
    let res = app.get("/api/v1/ideas?limit=20", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn the_list_cache_outlives_sign_ins_and_private_writes_but_not_listed_changes() {
    let app = TestApp::spawn_with(&[("CC2I_METRICS_TOKEN", TOKEN)]).await;
    let owner: Session = app.user().await;
    let idea = app.open_idea(&owner).await;
    // The change watcher notices this process's commits too, a poll (20 ms) later.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    list_page(&app).await;
    assert_served_from_cache(&app, "a repeat is a hit").await;

    // Sign-ins (a failure and a success: throttle rows written and cleared), and another
    // process's commit to a table no public list reads.
    let wrong = app
        .post(
            "/api/v1/auth/login",
            None,
            serde_json::json!({"email": owner.user.email, "password": "not the password at all"}),
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    app.login(&owner.user.email, cc2i_tests::PASSWORD).await;
    app.sql(&format!(
        "UPDATE users SET display_name = 'Renamed elsewhere' WHERE id = '{}'",
        owner.user.id
    ));
    // Longer than the change watcher's poll (20 ms), several times over.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_served_from_cache(&app, "sign-ins and unlisted commits keep the page").await;

    // Another process renames the proposing organisation: the list shows it soon after.
    app.sql(&format!(
        "UPDATE organisations SET name = 'Renamed Borough Council' WHERE id = '{}'",
        idea.organisation.id
    ));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let page = list_page(&app).await;
        if page["items"][0]["organisation"]["name"] == "Renamed Borough Council" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the cached list never saw the rename: {page}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
