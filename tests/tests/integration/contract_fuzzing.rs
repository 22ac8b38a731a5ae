//! What contract fuzzing (tests/scripts/fuzz.sh, schemathesis) found, pinned down over HTTP.

use cc2i_tests::{problem, TestApp};
use reqwest::{header, Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_whole_number_written_with_a_fraction_is_an_integer_as_in_json_schema() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let mut body = cc2i_tests::fixtures::new_idea(&org.id, "Shared repairs service");
    body["min_pledgers"] = json!(3.0);
    body["min_pledge_bp"] = json!(1e3);
    let res = app
        .post("/api/v1/ideas", Some(&owner.token), body.clone())
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let idea: serde_json::Value = res.json().await.unwrap();
    assert_eq!(idea["min_pledgers"], 3);
    assert_eq!(idea["min_pledge_bp"], 1000);

    body["min_pledgers"] = json!(2.5);
    let res = app.post("/api/v1/ideas", Some(&owner.token), body).await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        p.errors.as_ref().unwrap()["min_pledgers"],
        ["must be a whole number"]
    );
}

#[tokio::test]
async fn method_not_allowed_names_the_allowed_methods() {
    let app = TestApp::spawn().await;
    for (method, path, allow) in [
        (Method::PUT, "/api/v1/ideas", "GET, POST"),
        (Method::DELETE, "/api/v1/ideas/some-id", "GET, PATCH"),
        (Method::TRACE, "/api/v1/me", "GET, PATCH"),
        (Method::GET, "/api/v1/auth/login", "POST"),
        (Method::PATCH, "/widget.js", "GET"),
    ] {
        let res = app.request(method.clone(), path, None, None).await;
        assert_eq!(
            res.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(
            res.headers()[header::ALLOW].to_str().unwrap(),
            allow,
            "{method} {path}"
        );
        problem(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn embed_and_oembed_parameters_are_held_to_their_documented_values() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let widget = format!("/embed/ideas/{}", idea.id);
    for ok in ["?compact=0", "?compact=false", "?compact=true&theme=light"] {
        let res = app.get(&format!("{widget}{ok}"), None).await;
        assert_eq!(res.status(), StatusCode::OK, "{ok}");
    }
    let res = app.get(&format!("{widget}?compact=yes"), None).await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(p.errors.unwrap().contains_key("compact"));

    let page = format!("{}/ideas/{}", cc2i_tests::PUBLIC_URL, idea.id);
    let res = app
        .get(&format!("/oembed?url={page}&format=yaml"), None)
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(p.errors.unwrap().contains_key("format"));
    let res = app
        .get(&format!("/oembed?url={page}&format=xml"), None)
        .await;
    problem(res, StatusCode::NOT_IMPLEMENTED, "format_not_supported").await;
    let res = app
        .get(&format!("/oembed?url={page}&maxwidth=0"), None)
        .await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn a_website_is_exactly_what_its_pattern_documents() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let path = format!("/api/v1/organisations/{}", org.id);
    for ok in ["http://x", "https://www.example.gov.uk/a?b=c", ""] {
        let res = app
            .patch(&path, Some(&owner.token), json!({ "website": ok }))
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{ok:?}");
    }
    for bad in [
        "http://",
        "https://exämple.gov.uk",
        "https://a b",
        "ftp://x",
    ] {
        let res = app
            .patch(&path, Some(&owner.token), json!({ "website": bad }))
            .await;
        let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(p.errors.unwrap().contains_key("website"), "{bad:?}");
    }
}

#[tokio::test]
async fn numeric_cursors_are_digits_only_as_documented() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let ledger = format!("/api/v1/ideas/{}/ledger", idea.id);
    let res = app.get(&format!("{ledger}?cursor=0"), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    for bad in ["%2B1", "-1", "1%20", "1234567890123456789", "x"] {
        let res = app.get(&format!("{ledger}?cursor={bad}"), None).await;
        let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(p.errors.unwrap().contains_key("cursor"), "{bad:?}");
    }
}
