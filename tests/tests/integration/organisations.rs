use cc2i_shared::{Organisation, Page, ServiceArea};
use cc2i_tests::{ok, problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

fn org_body(
    name: &str,
    identifier: &str,
    kind: &str,
    region: &str,
    areas: &[&str],
) -> serde_json::Value {
    json!({"name": name, "kind": kind, "region": region, "identifier": identifier, "service_areas": areas,
           "website": "https://www.example.gov.uk", "description": "A council."})
}

#[tokio::test]
async fn creating_an_organisation_makes_it_unverified_with_the_caller_as_owner() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let res = app
        .post(
            "/api/v1/organisations",
            Some(&owner.token),
            org_body(
                "Kirklees Council",
                "gb-lae-kir",
                "local_authority",
                "yorkshire_and_the_humber",
                &["waste", "housing"],
            ),
        )
        .await;
    let org: Organisation = ok(res, StatusCode::CREATED).await;
    assert_eq!(org.identifier, "GB-LAE-KIR");
    assert!(!org.verified && org.verified_at.is_none());
    assert_eq!(
        org.service_areas,
        vec![ServiceArea::Housing, ServiceArea::Waste]
    );
    let fetched: Organisation = ok(
        app.get(&format!("/api/v1/organisations/{}", org.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(fetched, org);
}

#[tokio::test]
async fn creating_an_organisation_needs_a_signed_in_user() {
    let app = TestApp::spawn().await;
    let res = app
        .post(
            "/api/v1/organisations",
            None,
            org_body("X Council", "GB-LAE-XXX", "local_authority", "london", &[]),
        )
        .await;
    problem(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_duplicate_identifier_is_409_identifier_taken() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let body = org_body(
        "Leeds Teaching Hospitals",
        "GB-NHS-RR8",
        "nhs_body",
        "yorkshire_and_the_humber",
        &["health_care"],
    );
    ok::<Organisation>(
        app.post("/api/v1/organisations", Some(&owner.token), body.clone())
            .await,
        StatusCode::CREATED,
    )
    .await;
    let mut again = body;
    again["identifier"] = json!("gb-nhs-rr8");
    problem(
        app.post("/api/v1/organisations", Some(&owner.token), again)
            .await,
        StatusCode::CONFLICT,
        "identifier_taken",
    )
    .await;
}

#[tokio::test]
async fn bad_identifiers_names_websites_and_repeated_areas_are_422_per_field() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let mut body = org_body(
        "X",
        "GB-XYZ-123",
        "local_authority",
        "london",
        &["housing", "housing"],
    );
    body["website"] = json!("javascript:alert(1)");
    let p = problem(
        app.post("/api/v1/organisations", Some(&owner.token), body)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    for field in ["name", "identifier", "website", "service_areas"] {
        assert_eq!(p.field(field).len(), 1, "{field}: {p:?}");
    }
    let me: cc2i_shared::Me = ok(
        app.get("/api/v1/me", Some(&owner.token)).await,
        StatusCode::OK,
    )
    .await;
    assert!(me.memberships.is_empty(), "nothing was written");
}

#[tokio::test]
async fn the_list_filters_by_kind_region_area_query_and_verification() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let admin = app.admin().await;
    for (name, id, kind, region, areas) in [
        (
            "Kirklees Council",
            "GB-LAE-KIR",
            "local_authority",
            "yorkshire_and_the_humber",
            &["waste"][..],
        ),
        (
            "Manchester City Council",
            "GB-LAE-MAN",
            "local_authority",
            "north_west",
            &["housing"][..],
        ),
        (
            "Clarion Housing",
            "GB-SHPE-LH4401",
            "housing_association",
            "london",
            &["housing"][..],
        ),
        (
            "100% Digital_Co",
            "GB-COH-01234567",
            "sme",
            "london",
            &["digital_infrastructure"][..],
        ),
    ] {
        let org: Organisation = ok(
            app.post(
                "/api/v1/organisations",
                Some(&owner.token),
                org_body(name, id, kind, region, areas),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        if id == "GB-LAE-MAN" {
            ok::<Organisation>(
                app.post(
                    &format!("/api/v1/organisations/{}/verify", org.id),
                    Some(&admin),
                    json!({}),
                )
                .await,
                StatusCode::OK,
            )
            .await;
        }
    }
    let names =
        |page: Page<Organisation>| page.items.into_iter().map(|o| o.name).collect::<Vec<_>>();
    let list = |q: &'static str| {
        let app = &app;
        async move {
            names(
                ok(
                    app.get(&format!("/api/v1/organisations?{q}"), None).await,
                    StatusCode::OK,
                )
                .await,
            )
        }
    };
    assert_eq!(
        list("kind=local_authority").await,
        ["Kirklees Council", "Manchester City Council"]
    );
    assert_eq!(
        list("region=london").await,
        ["100% Digital_Co", "Clarion Housing"]
    );
    assert_eq!(
        list("service_area=housing").await,
        ["Clarion Housing", "Manchester City Council"]
    );
    assert_eq!(
        list("q=council").await,
        ["Kirklees Council", "Manchester City Council"]
    );
    assert_eq!(list("q=gb-lae-k").await, ["Kirklees Council"]);
    assert_eq!(list("q=100%25").await, ["100% Digital_Co"]);
    assert_eq!(list("q=l_").await, ["100% Digital_Co"]);
    assert_eq!(list("verified=true").await, ["Manchester City Council"]);
    assert_eq!(
        list("verified=false&region=london&kind=sme").await,
        ["100% Digital_Co"]
    );
}

#[tokio::test]
async fn the_list_pages_with_a_cursor_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    for _ in 0..7 {
        app.organisation(&owner).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/organisations?limit=3&cursor={c}"),
            None => "/api/v1/organisations?limit=3".to_string(),
        };
        let page: Page<Organisation> = ok(app.get(&path, None).await, StatusCode::OK).await;
        assert!(page.items.len() <= 3);
        pages += 1;
        seen.extend(page.items.into_iter().map(|o| o.name));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "in name order, no repeats");
    assert_eq!(seen.len(), 7);
}

#[tokio::test]
async fn out_of_range_limits_bad_cursors_and_unknown_parameters_are_422() {
    let app = TestApp::spawn().await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("cursor=%%%", "cursor"),
        ("colour=red", "colour"),
        ("kind=council", "kind"),
    ] {
        let p = problem(
            app.get(&format!("/api/v1/organisations?{query}"), None)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field(field).len(), 1, "{query}: {p:?}");
    }
}

#[tokio::test]
async fn a_missing_organisation_is_404() {
    let app = TestApp::spawn().await;
    problem(
        app.get(
            "/api/v1/organisations/01234567-0000-7000-8000-000000000000",
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn only_owners_and_admins_change_the_profile() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let member = app.user().await;
    let stranger = app.user().await;
    let org = app.organisation(&owner).await;
    app.add_member(&owner, &org, &member, "member").await;
    let path = format!("/api/v1/organisations/{}", org.id);
    for who in [&member, &stranger] {
        problem(
            app.patch(&path, Some(&who.token), json!({"name": "Renamed"}))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    let updated: Organisation = ok(
        app.patch(&path, Some(&owner.token), json!({"name": "Renamed Council", "region": "london", "website": "", "service_areas": ["planning"]})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated.name, "Renamed Council");
    assert_eq!(updated.website, None);
    assert_eq!(updated.service_areas, vec![ServiceArea::Planning]);
    assert_eq!(updated.identifier, org.identifier);
    problem(
        app.patch(
            &path,
            Some(&owner.token),
            json!({"identifier": "GB-LAE-NEW"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn only_platform_admins_verify() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let path = format!("/api/v1/organisations/{}/verify", org.id);
    problem(
        app.post(&path, Some(&owner.token), json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post(&path, None, json!({})).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let admin = app.admin().await;
    let verified: Organisation = ok(
        app.post(&path, Some(&admin), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert!(verified.verified && verified.verified_at.is_some());
    let again: Organisation = ok(
        app.post(&path, Some(&admin), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again.verified_at, verified.verified_at);
    problem(
        app.post(
            "/api/v1/organisations/missing/verify",
            Some(&admin),
            json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
