use cc2i_tests::{problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn malformed_json_is_400_invalid_json() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(format!("{}/api/v1/auth/register", app.base))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::BAD_REQUEST, "invalid_json").await;
}

#[tokio::test]
async fn an_empty_body_is_400_invalid_json() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::BAD_REQUEST, "invalid_json").await;
}

#[tokio::test]
async fn unknown_fields_are_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "a@b.example", "password": "x", "remember_me": true}),
        )
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(p.field("remember_me"), ["is not a recognised field"]);
}

#[tokio::test]
async fn missing_fields_and_wrong_types_are_422_per_field() {
    let app = TestApp::spawn().await;
    let p = problem(
        app.post("/api/v1/auth/login", None, json!({"email": "a@b.example"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("password"), ["is required"]);
    let p = problem(
        app.post(
            "/api/v1/auth/login",
            None,
            json!({"email": 5, "password": "x"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("email"), ["must be a string"]);
    let p = problem(
        app.post("/api/v1/auth/login", None, json!(["not", "an", "object"]))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(!p.field("body").is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("content-type", "text/plain")
        .body("email=a@b.example")
        .send()
        .await
        .unwrap();
    problem(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn a_body_over_64_kib_is_413_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(70 * 1024);
    let res = app
        .post("/api/v1/auth/register", None, json!({"email": "big@council.example", "password": "a long enough password", "display_name": big}))
        .await;
    problem(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "big@council.example", "password": "a long enough password"}),
        )
        .await;
    problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413() {
    let app = TestApp::spawn().await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..80).map(|_| Ok(vec![b' '; 1024])).collect();
    let res = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_stream(chunks)))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

fn futures_stream(
    chunks: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core_stream::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_core_stream::iter(chunks)
}

mod futures_core_stream {
    pub use futures_util::stream::{iter, Stream};
}

#[tokio::test]
async fn unknown_api_routes_are_404_problems() {
    let app = TestApp::spawn().await;
    problem(
        app.get("/api/v1/nothing-here", None).await,
        StatusCode::NOT_FOUND,
        "route_not_found",
    )
    .await;
    problem(
        app.get("/api/v2/organisations", None).await,
        StatusCode::NOT_FOUND,
        "route_not_found",
    )
    .await;
}

#[tokio::test]
async fn wrong_methods_are_405_problems() {
    let app = TestApp::spawn().await;
    problem(
        app.delete("/api/v1/organisations", None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    problem(
        app.get("/api/v1/auth/login", None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    problem(
        app.post("/some/page", None, json!({})).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}

#[tokio::test]
async fn unknown_enumeration_values_are_422_on_their_field() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let res = app
        .post(
            "/api/v1/organisations",
            Some(&owner.token),
            json!({"name": "Atlantis Council", "kind": "council", "region": "atlantis", "identifier": "GB-LAE-ATL", "service_areas": ["dragons"]}),
        )
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(
        p.field("kind")[0].starts_with("must be one of: local_authority"),
        "{p:?}"
    );
}
