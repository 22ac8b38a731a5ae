//! Compression: bodies of 1 KiB or more go out compressed to clients that take it; smaller
//! ones go out as they are (compressing them costs more than it saves), and never carry a
//! `Content-Encoding` of their own.

use std::io::Read;

use cc2i_tests::TestApp;
use reqwest::{header, StatusCode};

async fn get_gzip(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.base))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn small_bodies_go_out_plain_and_large_ones_gzipped() {
    let app = TestApp::spawn().await;
    for (path, status) in [
        ("/healthz", StatusCode::OK),
        (
            "/api/v1/ideas/01890000-0000-7000-8000-000000000000",
            StatusCode::NOT_FOUND,
        ),
    ] {
        let res = get_gzip(&app, path).await;
        assert_eq!(res.status(), status, "{path}");
        assert!(
            res.headers().get(header::CONTENT_ENCODING).is_none(),
            "{path}: {:?}",
            res.headers()
        );
        let body = res.bytes().await.unwrap();
        assert!(
            !body.is_empty() && body.len() < 1024,
            "{path}: {} bytes",
            body.len()
        );
        assert!(body[0].is_ascii(), "{path}: plain text");
    }

    let res = get_gzip(&app, "/api/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    let zipped = res.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&zipped[..])
        .read_to_string(&mut text)
        .unwrap();
    assert!(text.len() > 1024 && text.len() > zipped.len());
    let spec: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(spec["paths"]["/api/v1/ideas"].is_object());

    // Without Accept-Encoding, the same document goes out plain.
    let res = app.get("/api/openapi.json", None).await;
    assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(res.text().await.unwrap(), text);
}
