use cc2i_shared::business_case::{BusinessCaseVersion, BusinessCaseVersionSummary};
use cc2i_shared::idea::Idea;
use cc2i_tests::fixtures::{business_case, BUSINESS_CASE_TOTAL};
use cc2i_tests::{ok, problem, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn the_first_version_sets_the_target_to_the_sum_of_its_cost_lines() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    let v1: BusinessCaseVersion =
        serde_json::from_value(app.put_case(&owner, &idea.id, business_case()).await).unwrap();
    assert_eq!(
        (v1.version, v1.target_cost_pence, v1.material_change),
        (1, BUSINESS_CASE_TOTAL, false)
    );
    assert_eq!(v1.change_summary, "First version");
    assert_eq!(v1.created_by, owner.user.id);
    let idea: Idea = ok(
        app.get(&format!("/api/v1/ideas/{}", idea.id), Some(&owner.token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (idea.target_cost_pence, idea.business_case_version),
        (BUSINESS_CASE_TOTAL, Some(1))
    );
    assert_eq!(idea.funding.target_cost_pence, BUSINESS_CASE_TOTAL);
}

#[tokio::test]
async fn versions_are_immutable_and_the_history_marks_material_changes() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let base = format!("/api/v1/ideas/{}/business-case", idea.id);
    let mut dearer = business_case();
    dearer["financial"]["cost_lines"][0]["amount_pence"] = json!(5_000_000);
    let v2: BusinessCaseVersion =
        serde_json::from_value(app.put_case(&owner, &idea.id, dearer).await).unwrap();
    assert!(v2.material_change);
    assert_eq!(v2.change_summary, "Cost up from £150,000 to £160,000");
    let mut edited = business_case();
    edited["financial"]["cost_lines"][0]["amount_pence"] = json!(5_000_000);
    edited["strategic"]["scope"] = json!("Repairs and tracking");
    let v3: BusinessCaseVersion =
        serde_json::from_value(app.put_case(&owner, &idea.id, edited.clone()).await).unwrap();
    assert!(!v3.material_change);
    assert_eq!(v3.change_summary, "Strategic case edited");
    let mut weaker = edited.clone();
    weaker["terms"]["sla"]["availability_bp"] = json!(9900);
    weaker["commercial"]["licence"] = json!("Proprietary");
    let v4: BusinessCaseVersion =
        serde_json::from_value(app.put_case(&owner, &idea.id, weaker).await).unwrap();
    assert!(v4.material_change);
    assert!(
        v4.change_summary
            .contains("Availability target lowered from 99.9% to 99%"),
        "{}",
        v4.change_summary
    );
    assert!(
        v4.change_summary
            .contains("licence changed from MIT to Proprietary"),
        "{}",
        v4.change_summary
    );

    let history: Vec<BusinessCaseVersionSummary> = ok(
        app.get(&format!("{base}/versions"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        history
            .iter()
            .map(|v| (v.version, v.material_change))
            .collect::<Vec<_>>(),
        [(4, true), (3, false), (2, true), (1, false)]
    );
    assert!(history.iter().all(|v| v.created_by_name == "Test Person"));
    let v1: Value = ok(
        app.get(&format!("{base}/versions/1"), None).await,
        StatusCode::OK,
    )
    .await;
    for section in [
        "stage",
        "strategic",
        "economic",
        "commercial",
        "financial",
        "management",
        "terms",
    ] {
        assert_eq!(
            v1[section],
            business_case()[section],
            "version 1 {section} is unchanged"
        );
    }
    let current: BusinessCaseVersion = ok(app.get(&base, None).await, StatusCode::OK).await;
    assert_eq!(current.version, 4);
    let idea: Idea = ok(
        app.get(&format!("/api/v1/ideas/{}", idea.id), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        idea.target_cost_pence,
        BUSINESS_CASE_TOTAL + 1_000_000,
        "the target follows the current version"
    );
    problem(
        app.get(&format!("{base}/versions/99"), None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get(&format!("{base}/versions/latest"), None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn an_idea_without_a_case_answers_business_case_not_found() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    let res = app
        .get(
            &format!("/api/v1/ideas/{}/business-case", idea.id),
            Some(&owner.token),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND, "business_case_not_found").await;

    // So a new idea's links do not lead to its business case; a stored case's links do.
    let doc: Value = serde_json::to_value(
        serde_yaml::from_str::<serde_yaml::Value>(&cc2i_api::openapi_yaml()).unwrap(),
    )
    .unwrap();
    let links =
        |path: &str, method: &str| doc["paths"][path][method]["responses"]["201"]["links"].clone();
    assert!(links("/api/v1/ideas", "post")
        .get("get_business_case")
        .is_none());
    let after_put = links("/api/v1/ideas/{id}/business-case", "put");
    assert_eq!(
        after_put["get_business_case"]["parameters"]["id"],
        "$request.path.id"
    );
    app.put_case(&owner, &idea.id, business_case()).await;
    let read: Value = ok(
        app.get(
            &format!("/api/v1/ideas/{}/business-case", idea.id),
            Some(&owner.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(read["version"], 1);
}

#[tokio::test]
async fn bad_business_cases_are_422_naming_the_nested_field_and_write_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    let path = format!("/api/v1/ideas/{}/business-case", idea.id);
    type Mutation = (&'static str, fn(&mut Value));
    let mutations: Vec<Mutation> = vec![
        ("terms", |c| {
            c.as_object_mut().unwrap().remove("terms");
        }),
        ("stage", |c| c["stage"] = json!("gbc")),
        ("terms.sla.colour", |c| {
            c["terms"]["sla"]["colour"] = json!("red")
        }),
        ("economic.preferred_option", |c| {
            c["economic"]["preferred_option"] = json!(5)
        }),
        ("financial.cost_lines[0].amount_pence", |c| {
            c["financial"]["cost_lines"][0]["amount_pence"] = json!(0)
        }),
        ("financial.cost_lines[1].year", |c| {
            c["financial"]["cost_lines"][1]["year"] = json!(1999)
        }),
        ("strategic.case_for_change", |c| {
            c["strategic"]["case_for_change"] = json!("x".repeat(10001))
        }),
        ("strategic.spending_objectives", |c| {
            c["strategic"]["spending_objectives"] = json!([])
        }),
        ("terms.sla.availability_bp", |c| {
            c["terms"]["sla"]["availability_bp"] = json!(10001)
        }),
        ("terms.sla.response_minutes.p1", |c| {
            c["terms"]["sla"]["response_minutes"]["p1"] = json!(0)
        }),
        ("management.milestones[0].due_date", |c| {
            c["management"]["milestones"][0]["due_date"] = json!("soon")
        }),
        ("management.risks[0].likelihood", |c| {
            c["management"]["risks"][0]["likelihood"] = json!("certain")
        }),
        ("commercial.data_protection_role", |c| {
            c["commercial"]["data_protection_role"] = json!("owner")
        }),
        ("commercial.contract_length_months", |c| {
            c["commercial"]["contract_length_months"] = json!(0)
        }),
    ];
    for (field, mutate) in mutations {
        let mut case = business_case();
        mutate(&mut case);
        let res = app
            .request(Method::PUT, &path, Some(&owner.token), Some(case))
            .await;
        let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(p.field(field).len(), 1, "{field}: {:?}", p.errors);
    }
    let history: Vec<BusinessCaseVersionSummary> = ok(
        app.get(&format!("{path}/versions"), Some(&owner.token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(history.is_empty());
}

#[tokio::test]
async fn large_cases_up_to_one_mebibyte_are_accepted_and_larger_ones_413() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    let path = format!("/api/v1/ideas/{}/business-case", idea.id);
    let mut big = business_case();
    let option = json!({"name": "Option", "description": "d".repeat(5000), "cost_pence": 1, "benefits": "b".repeat(5000)});
    big["economic"]["options"] = json!(vec![option; 10]);
    assert!(big.to_string().len() > 64 * 1024);
    ok::<Value>(
        app.request(Method::PUT, &path, Some(&owner.token), Some(big))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let mut huge = business_case();
    huge["strategic"]["scope"] = json!("x".repeat(1024 * 1024));
    problem(
        app.request(Method::PUT, &path, Some(&owner.token), Some(huge))
            .await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
}

#[tokio::test]
async fn only_members_save_versions_and_not_while_in_review() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let stranger = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let idea = app.draft_idea(&owner, &org).await;
    let path = format!("/api/v1/ideas/{}/business-case", idea.id);
    problem(
        app.request(
            Method::PUT,
            &path,
            Some(&stranger.token),
            Some(business_case()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    app.put_case(&owner, &idea.id, business_case()).await;
    app.act(&owner.token, &idea.id, "submit").await;
    problem(
        app.request(
            Method::PUT,
            &path,
            Some(&owner.token),
            Some(business_case()),
        )
        .await,
        StatusCode::CONFLICT,
        "idea_not_editable",
    )
    .await;
    app.act(&app.admin().await, &idea.id, "publish").await;
    problem(
        app.request(
            Method::PUT,
            &path,
            Some(&stranger.token),
            Some(business_case()),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let v2: BusinessCaseVersion =
        serde_json::from_value(app.put_case(&owner, &idea.id, business_case()).await).unwrap();
    assert_eq!((v2.version, v2.change_summary.as_str()), (2, "No changes"));
}
