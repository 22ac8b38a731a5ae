//! Resource limits and response headers: slow clients are cut off, list sizes are capped
//! everywhere, every kind of response carries the security headers, authenticated answers
//! are never stored, and error bodies never leak internals.

use std::time::{Duration, Instant};

use cc2i_tests::{problem, TestApp};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection (or `within` passes: then panics).
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return String::from_utf8_lossy(&out).into_owned(),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
            Err(_) => panic!(
                "the connection was still open after {within:?}; got: {}",
                String::from_utf8_lossy(&out)
            ),
        }
    }
}

fn addr(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_string()
}

#[tokio::test]
async fn an_unfinished_request_head_is_cut_off() {
    let app = TestApp::spawn_with(&[("CC2I_REQUEST_HEAD_TIMEOUT_MS", "600")]).await;
    let mut stream = TcpStream::connect(addr(&app)).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /api/v1/ideas HTTP/1.1\r\nHost: cc2i.test\r\nX-Slow: ")
        .await
        .unwrap();
    let answer = read_until_closed(&mut stream, Duration::from_secs(10)).await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(500),
        "cut off before the timeout: {waited:?}"
    );
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "a slow head gets 408 or a closed connection: {answer}"
    );
    // A client that finishes its head in time is served.
    let res = app.get("/api/v1/ideas", None).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unfinished_body_is_cut_off_with_408() {
    let app = TestApp::spawn_with(&[("CC2I_REQUEST_BODY_TIMEOUT_MS", "800")]).await;
    let body = json!({"email": "slow@council.example", "password": "not the password"}).to_string();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: cc2i.test\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );

    // Sent in two parts with a pause shorter than the timeout: answered normally.
    let mut stream = TcpStream::connect(addr(&app)).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body.as_bytes()[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stream.write_all(&body.as_bytes()[10..]).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
        .await
        .expect("answered")
        .unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");

    // Stalled part-way: 408 problem+json, and the connection is closed.
    let mut stream = TcpStream::connect(addr(&app)).await.unwrap();
    let started = Instant::now();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body.as_bytes()[..10]).await.unwrap();
    let answer = read_until_closed(&mut stream, Duration::from_secs(10)).await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(700),
        "cut off before the timeout: {waited:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let lower = answer.to_ascii_lowercase();
    assert!(
        lower.contains("content-type: application/problem+json"),
        "{answer}"
    );
    assert!(lower.contains("\"code\":\"request_timeout\""), "{answer}");
    assert!(
        lower.contains("x-content-type-options: nosniff"),
        "{answer}"
    );
}

const SOME_ID: &str = "01234567-0000-7000-8000-000000000000";

/// Every list operation in the published OpenAPI caps `limit` at 100 in its schema, and the
/// running service refuses 101 naming the field while 100 is accepted.
#[tokio::test]
async fn every_list_caps_limit_at_100_as_documented() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let spec: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let mut checked = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let Some(limit) = params
            .iter()
            .find(|p| p["name"] == "limit" && p["in"] == "query")
        else {
            continue;
        };
        assert_eq!(limit["schema"]["maximum"], 100, "{path}: {limit}");
        assert_eq!(limit["schema"]["minimum"], 1, "{path}: {limit}");
        let concrete = path
            .split('/')
            .map(|s| if s.starts_with('{') { SOME_ID } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let required: String = params
            .iter()
            .filter(|p| p["in"] == "query" && p["required"] == true && p["name"] != "limit")
            .map(|p| format!("&{}=2020-01-01T00:00:00Z", p["name"].as_str().unwrap()))
            .collect();
        for over in ["101", "1000000", "0"] {
            let res = app
                .get(&format!("{concrete}?limit={over}{required}"), Some(&admin))
                .await;
            let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
            assert!(
                p.errors.as_ref().is_some_and(|e| e.contains_key("limit")),
                "{path} limit={over}: {p:?}"
            );
        }
        let res = app
            .get(&format!("{concrete}?limit=100{required}"), Some(&admin))
            .await;
        assert_ne!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: limit=100 is allowed"
        );
        checked.push(path.clone());
    }
    assert!(
        checked.len() >= 8,
        "the lists were found in the spec: {checked:?}"
    );
}

/// What, method, path, bearer token, JSON body.
type Probe<'a> = (&'a str, Method, String, Option<&'a str>, Option<String>);
/// Method, path, bearer token, content type, body.
type RawRequest<'a> = (Method, String, Option<&'a str>, &'a str, Vec<u8>);

fn assert_security_headers(what: &str, res: &reqwest::Response) {
    let h = res.headers();
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{what}");
    assert!(
        h.get(header::REFERRER_POLICY).is_some(),
        "{what}: Referrer-Policy"
    );
    assert!(
        h.get(header::CONTENT_SECURITY_POLICY).is_some(),
        "{what}: Content-Security-Policy"
    );
}

fn policy(res: &reqwest::Response) -> String {
    res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let big = "x".repeat(70 * 1024);
    let requests: Vec<Probe> = vec![
        ("API list", Method::GET, "/api/v1/ideas".into(), None, None),
        (
            "API signed in",
            Method::GET,
            "/api/v1/me".into(),
            Some(&owner.token),
            None,
        ),
        ("401", Method::GET, "/api/v1/me".into(), None, None),
        (
            "404 API route",
            Method::GET,
            "/api/v1/nothing-here".into(),
            None,
            None,
        ),
        (
            "404 resource",
            Method::GET,
            format!("/api/v1/ideas/{SOME_ID}"),
            None,
            None,
        ),
        ("405", Method::PUT, "/api/v1/ideas".into(), None, None),
        ("SPA shell", Method::GET, "/".into(), None, None),
        (
            "SPA deep link",
            Method::GET,
            "/ideas/anything".into(),
            None,
            None,
        ),
        (
            "SPA idea page",
            Method::GET,
            format!("/ideas/{}", idea.id),
            None,
            None,
        ),
        ("static file", Method::GET, "/app.css".into(), None, None),
        (
            "missing static file",
            Method::GET,
            "/nothing.js".into(),
            None,
            None,
        ),
        ("API docs", Method::GET, "/docs/".into(), None, None),
        (
            "OpenAPI",
            Method::GET,
            "/api/openapi.json".into(),
            None,
            None,
        ),
        ("health", Method::GET, "/healthz".into(), None, None),
        (
            "422",
            Method::POST,
            "/api/v1/auth/login".into(),
            None,
            Some("{\"email\":1}".into()),
        ),
        (
            "400",
            Method::POST,
            "/api/v1/auth/login".into(),
            None,
            Some("{".into()),
        ),
        (
            "413",
            Method::POST,
            "/api/v1/auth/login".into(),
            None,
            Some(big),
        ),
        (
            "badge",
            Method::GET,
            format!("/badges/ideas/{}.svg", idea.id),
            None,
            None,
        ),
        (
            "funding JSON",
            Method::GET,
            format!("/api/v1/ideas/{}/funding", idea.id),
            None,
            None,
        ),
    ];
    for (what, method, path, token, body) in requests {
        let mut req = app.client.request(method, format!("{}{path}", app.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.header(header::CONTENT_TYPE, "application/json").body(b);
        }
        let res = req.send().await.unwrap();
        assert_security_headers(what, &res);
        let csp = policy(&res);
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"),
            "{what}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-eval'") || csp.contains("'wasm-unsafe-eval'"),
            "{what}: {csp}"
        );
        if what.starts_with("SPA") || what == "static file" {
            assert_eq!(csp, cc2i_api::security::APP_POLICY, "{what}");
            assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
        }
    }
    // The embeddable widget keeps its own policy: framable anywhere, nothing loaded.
    let res = app.get(&format!("/embed/ideas/{}", idea.id), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_security_headers("widget", &res);
    let csp = policy(&res);
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(res.headers().get(header::X_FRAME_OPTIONS).is_none());
    let res = app.get(&format!("/embed/ideas/{SOME_ID}"), None).await;
    assert_security_headers("missing widget", &res);
}

#[tokio::test]
async fn authenticated_answers_are_never_stored_but_public_ones_keep_their_caching() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let funding = format!("/api/v1/ideas/{}/funding", idea.id);
    let badge = format!("/badges/ideas/{}.svg", idea.id);
    for path in [
        "/api/v1/me",
        "/api/v1/ideas",
        "/api/v1/notifications",
        "/api/v1/organisations",
        funding.as_str(),
        &format!("/api/v1/ideas/{}", idea.id),
        &format!("/api/v1/ideas/{SOME_ID}"),
        "/api/v1/nothing-here",
    ] {
        let res = app.get(path, Some(&owner.token)).await;
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "{path}");
    }
    let res = app.get("/api/v1/me", Some("not-a-token")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let plain = app.user_without_factor().await;
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": plain.user.email, "password": cc2i_tests::PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "no-store",
        "the token answer"
    );

    let res = app.get(&funding, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(header::ETAG).is_some());
    assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=15");
    let res = app.get(&badge, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .starts_with("public"));
    let res = app.get(&format!("/embed/ideas/{}", idea.id), None).await;
    assert!(res.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .starts_with("public"));
}

const INTERNAL_WORDS: [&str; 9] = [
    "diesel",
    "sqlite",
    "postgres",
    "serde",
    "panicked",
    "at line",
    "src/",
    ".rs:",
    "backtrace",
];

#[tokio::test]
async fn error_bodies_never_name_our_internals() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let idea = app.open_idea(&owner).await;
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let raw: Vec<RawRequest> = vec![
        (Method::POST, "/api/v1/auth/login".into(), None, "application/json", b"{".to_vec()),
        (Method::POST, "/api/v1/auth/login".into(), None, "application/json", b"{\"email\": \"a\", \"password\": \"b\"} trailing".to_vec()),
        (Method::POST, "/api/v1/auth/login".into(), None, "application/json", vec![0xff, 0xfe, 0x7b]),
        (Method::POST, "/api/v1/auth/login".into(), None, "application/json", deep.clone().into_bytes()),
        (Method::POST, "/api/v1/auth/login".into(), None, "application/json", b"{\"email\": 12, \"password\": []}".to_vec()),
        (Method::POST, "/api/v1/auth/login".into(), None, "application/json", b"{\"email\": \"a@b.c\", \"password\": \"x\", \"extra\": 1}".to_vec()),
        (Method::POST, "/api/v1/auth/login".into(), None, "text/plain", b"hello".to_vec()),
        (Method::POST, "/api/v1/auth/register".into(), None, "application/json", b"{\"email\": \"a@b.c\", \"password\": \"\\ud800\", \"display_name\": null}".to_vec()),
        (Method::POST, "/api/v1/organisations".into(), Some(&owner.token), "application/json", br#"{"name": "X", "kind": "bogus", "region": "north_west", "identifier": "GB-COH-1", "service_areas": ["nope"]}"#.to_vec()),
        (Method::POST, "/api/v1/organisations".into(), Some(&owner.token), "application/json", br#"{"name": "X", "kind": "local_authority", "region": "north_west", "identifier": 99999999999999999999999, "service_areas": ["housing"]}"#.to_vec()),
        (Method::POST, format!("/api/v1/ideas/{}/pledges", idea.id), Some(&owner.token), "application/json", br#"{"organisation_id": "x", "share_bp": 1e400, "business_case_version": -1}"#.to_vec()),
        (Method::POST, format!("/api/v1/ideas/{}/pledges", idea.id), Some(&owner.token), "application/json", br#"{"organisation_id": "x", "share_bp": 18446744073709551616, "business_case_version": "1"}"#.to_vec()),
        (Method::PATCH, format!("/api/v1/organisations/{}", org.id), Some(&owner.token), "application/json", br#"{"name": {"nested": true}}"#.to_vec()),
        (Method::POST, "/api/v1/auth/login".into(), None, "application/json", "x".repeat(100 * 1024).into_bytes()),
        (Method::POST, "/api/v1/auth/register".into(), None, "application/json", br#"{"email": "nul@council.example", "password": "correct horse battery staple", "display_name": "A\u0000B"}"#.to_vec()),
        (Method::POST, "/api/v1/organisations".into(), Some(&owner.token), "application/json", br#"{"name": "Nul\u0000 Council", "kind": "local_authority", "region": "north_west", "identifier": "GB-COH-99999999", "service_areas": ["housing"]}"#.to_vec()),
    ];
    let mut paths: Vec<(Method, String, Option<&str>)> = [
        "/api/v1/ideas?limit=abc",
        "/api/v1/ideas?limit=99999999999999999999999",
        "/api/v1/ideas?sort=bogus",
        "/api/v1/ideas?cursor=%FF%FE",
        "/api/v1/ideas?cursor=not-a-cursor",
        "/api/v1/ideas?unknown=1",
        "/api/v1/ideas/not-an-id",
        "/api/v1/ideas/%00",
        "/api/v1/ideas/abc%00def/funding",
        "/api/v1/ideas?q=%00",
        "/api/v1/organisations?q=a%00b",
        "/api/v1/organisations/'%20OR%201=1--",
        "/api/v1/ideas/01234567-0000-7000-8000-000000000000/funding",
        "/api/v1/ocds/releases?since=yesterday",
        "/api/v1/nothing-here",
        "/badges/ideas/zzz.svg",
        "/embed/ideas/zzz",
    ]
    .into_iter()
    .map(|p| (Method::GET, p.to_string(), None))
    .collect();
    paths.push((
        Method::GET,
        "/api/v1/me".into(),
        Some("eyJhbGciOiJub25lIn0.e30."),
    ));
    paths.push((Method::DELETE, "/api/v1/ideas".into(), None));
    paths.push((
        Method::POST,
        format!("/api/v1/organisations/{}/verify", org.id),
        Some(&owner.token),
    ));
    let mut count = 0;
    for (method, path, token, content_type, body) in raw {
        let mut req = app
            .client
            .request(method.clone(), format!("{}{path}", app.base))
            .header(header::CONTENT_TYPE, content_type)
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        check_error(req.send().await.unwrap(), &format!("{method} {path}")).await;
        count += 1;
    }
    for (method, path, token) in paths {
        let mut req = app
            .client
            .request(method.clone(), format!("{}{path}", app.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if method == Method::POST {
            req = req.json(&json!({}));
        }
        check_error(req.send().await.unwrap(), &format!("{method} {path}")).await;
        count += 1;
    }
    assert!(count >= 30, "{count}");
}

async fn check_error(res: reqwest::Response, what: &str) {
    let status = res.status();
    assert!(
        status.is_client_error(),
        "{what}: expected a 4xx, got {status}"
    );
    let body = res.text().await.unwrap();
    let lower = body.to_ascii_lowercase();
    for word in INTERNAL_WORDS {
        assert!(
            !lower.contains(word),
            "{what}: {status} names {word:?}: {body}"
        );
    }
}
