use cc2i_tests::{problem, TestApp};
use reqwest::StatusCode;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.get("/readyz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn the_openapi_document_and_swagger_ui_are_served_without_a_cdn() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/api/v1/organisations"]["get"].is_object());
    let res = app.get("/docs/", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"));
    assert!(
        !html.contains("cdn") && !html.contains("unpkg"),
        "Swagger UI must be vendored"
    );
}

#[tokio::test]
async fn deep_links_into_the_app_get_the_app_shell() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/organisations/abc",
        "/account",
        "/sign-in?next=%2Faccount",
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(
            res.text().await.unwrap().contains("CC2i test shell"),
            "{path}"
        );
    }
    let css = app.get("/app.css", None).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    problem(
        app.get("/api/unknown", None).await,
        StatusCode::NOT_FOUND,
        "route_not_found",
    )
    .await;
}

#[tokio::test]
async fn pages_refuse_to_be_framed_and_sniffed() {
    let app = TestApp::spawn().await;
    let res = app.get("/", None).await;
    assert_eq!(
        res.headers()["content-security-policy"],
        cc2i_api::security::APP_POLICY
    );
    assert!(cc2i_api::security::APP_POLICY.contains("frame-ancestors 'none'"));
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn on_sqlite_a_jwt_secret_is_generated_once_with_owner_only_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("own.sqlite").display());
    let data = dir.path().display().to_string();
    let app = TestApp::spawn_with(&[
        ("DATABASE_URL", &url),
        ("CC2I_DATA_DIR", &data),
        ("CC2I_JWT_SECRET", ""),
    ])
    .await;
    let session = app.user().await;
    let secret_path = dir.path().join("jwt-secret");
    let secret = std::fs::read_to_string(&secret_path).unwrap();
    assert_eq!(secret.len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&secret_path)
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
    }
    assert_eq!(
        app.get("/api/v1/me", Some(&session.token)).await.status(),
        StatusCode::OK
    );
    let again = TestApp::spawn_with(&[
        ("DATABASE_URL", &url),
        ("CC2I_DATA_DIR", &data),
        ("CC2I_JWT_SECRET", ""),
    ])
    .await;
    assert_eq!(
        std::fs::read_to_string(&secret_path).unwrap(),
        secret,
        "the secret is kept"
    );
    assert_eq!(
        again.get("/api/v1/me", Some(&session.token)).await.status(),
        StatusCode::OK,
        "tokens survive a restart"
    );
}

#[tokio::test]
async fn demo_data_seeds_an_empty_database_once() {
    let app = TestApp::spawn_with(&[("CC2I_DEMO", "1")]).await;
    let page: cc2i_shared::Page<cc2i_shared::Organisation> = app
        .get("/api/v1/organisations?limit=100", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(page.items.len() >= 12);
    let kinds: std::collections::BTreeSet<_> = page.items.iter().map(|o| o.kind).collect();
    let regions: std::collections::BTreeSet<_> = page.items.iter().map(|o| o.region).collect();
    assert_eq!(
        kinds.len(),
        cc2i_shared::OrgKind::ALL.len() - 1,
        "every kind but other"
    );
    assert_eq!(
        regions.len(),
        cc2i_shared::Region::ALL.len(),
        "every region"
    );
    assert!(page.items.iter().any(|o| o.verified) && page.items.iter().any(|o| !o.verified));
    // Owners and admins of verified demo organisations, and the demo admin, sign in with the
    // demo authenticator app's code as their second step.
    for email in ["priya.shah@kirklees.example", cc2i_api::seed::DEMO_ADMIN] {
        app.knows_factor(email, cc2i_api::seed::DEMO_TOTP_SECRET);
    }
    let first = app
        .post(
            "/api/v1/auth/login",
            None,
            serde_json::json!({"email": "priya.shah@kirklees.example", "password": cc2i_api::seed::DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(first.status(), reqwest::StatusCode::UNAUTHORIZED);
    let token = app
        .login("priya.shah@kirklees.example", cc2i_api::seed::DEMO_PASSWORD)
        .await;
    let me: cc2i_shared::Me = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.memberships[0].organisation_name, "Kirklees Council");
    let open: cc2i_shared::Page<cc2i_shared::idea::Idea> = app
        .get("/api/v1/ideas?status=open", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(open.items.len() >= 2);
    for idea in &open.items {
        let case: cc2i_shared::business_case::BusinessCaseVersion = app
            .get(&format!("/api/v1/ideas/{}/business-case", idea.id), None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(case.target_cost_pence, idea.target_cost_pence);
        assert!(
            case.content.financial.cost_lines.len() >= 3
                && !case.content.management.risks.is_empty()
        );
    }
    let admin = app
        .login(cc2i_api::seed::DEMO_ADMIN, cc2i_api::seed::DEMO_PASSWORD)
        .await;
    let queue: Vec<cc2i_shared::idea::Idea> = app
        .get("/api/v1/admin/review-queue", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    let drafts: Vec<cc2i_shared::idea::Idea> = app
        .get(
            &format!(
                "/api/v1/organisations/{}/ideas",
                me.memberships[0].organisation_id
            ),
            Some(&token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(drafts[0].status, cc2i_shared::lifecycle::IdeaStatus::Draft);
}
