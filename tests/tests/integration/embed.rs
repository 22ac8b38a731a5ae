//! Embedding: the widget page (framable, self-contained, within its size budget), the host
//! script, the SVG badge, oEmbed and its discovery link, and CORS only where intended.

use std::io::Write;

use cc2i_shared::idea::Idea;
use cc2i_tests::{problem, TestApp, PUBLIC_URL};
use reqwest::{header, StatusCode};

fn gzipped_len(text: &str) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap().len()
}

/// A small well-formedness check for generated markup: every start tag is closed in order.
fn well_formed(xml: &str) -> Result<(), String> {
    let mut open: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').ok_or("unclosed <")? + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(o) if o == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else if !tag.ends_with('/') && !tag.starts_with('?') && !tag.starts_with('!') {
            let name = tag.split_whitespace().next().ok_or("empty tag")?;
            open.push(name.to_string());
        }
    }
    if open.is_empty() {
        Ok(())
    } else {
        Err(format!("left open: {open:?}"))
    }
}

async fn public_idea(app: &TestApp) -> Idea {
    let owner = app.user().await;
    app.open_idea(&owner).await
}

#[tokio::test]
async fn the_widget_is_framable_self_contained_and_small() {
    let app = TestApp::spawn().await;
    let idea = public_idea(&app).await;
    let res = app.get(&format!("/embed/ideas/{}", idea.id), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(res.headers().get(header::X_FRAME_OPTIONS).is_none());
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(html.contains(&idea.title), "{html}");
    assert!(html.contains(&format!("Proposed by {}", idea.organisation.name)));
    assert!(html.contains("0% funded"), "{html}");
    assert!(html.contains("0 funding organisations"));
    assert!(html.contains("days left"));
    let link = format!(
        "href=\"{PUBLIC_URL}/ideas/{}\" target=\"_blank\" rel=\"noopener\"",
        idea.id
    );
    assert!(html.contains(&link), "{html}");
    // Nothing is loaded from anywhere: no src attributes, no stylesheets, one link out.
    assert!(!html.contains("src="), "{html}");
    assert!(!html.contains("<link"), "{html}");
    assert_eq!(html.matches("href=").count(), 1);
    let size = gzipped_len(&html);
    assert!(size <= 15 * 1024, "widget is {size} bytes gzipped");
    well_formed(
        &html
            .replace("<!DOCTYPE html>", "")
            .replace("<meta charset=\"utf-8\">", "")
            .replace(
                "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">",
                "",
            ),
    )
    .unwrap();

    let dark = app
        .get(
            &format!("/embed/ideas/{}?theme=dark&compact=1", idea.id),
            None,
        )
        .await;
    let dark = dark.text().await.unwrap();
    assert!(dark.contains("<body class=\"dark\">"));
    assert!(!dark.contains("Proposed by"), "compact drops the proposer");
    let bad = app
        .get(&format!("/embed/ideas/{}?theme=neon", idea.id), None)
        .await;
    let p = problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(p.errors.unwrap_or_default().contains_key("theme"));
}

#[tokio::test]
async fn the_widget_shows_progress_and_draft_ideas_are_not_embeddable() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let funder = app.user().await;
    let org = app.funder(&funder, 1_000_000_000).await;
    assert_eq!(
        app.pledge(&funder, &idea, &org, 6_400).await.status(),
        StatusCode::CREATED
    );
    let html = app
        .get(&format!("/embed/ideas/{}", idea.id), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("64% funded"), "{html}");
    assert!(html.contains("1 funding organisation "), "{html}");
    assert!(html.contains("width:64%"));
    let badge = app
        .get(&format!("/badges/ideas/{}.svg", idea.id), None)
        .await;
    assert_eq!(badge.status(), StatusCode::OK);
    assert!(badge.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("image/svg+xml"));
    let svg = badge.text().await.unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.contains("<title>CC2i: “"), "{svg}");
    assert!(svg.contains(">64% funded</text>"), "{svg}");
    assert!(svg.contains("role=\"img\""));
    well_formed(&svg).unwrap();

    let other = app.user().await;
    let org2 = app.verified_organisation(&other).await;
    let draft = app.draft_idea(&other, &org2).await;
    for path in [
        format!("/embed/ideas/{}", draft.id),
        format!("/badges/ideas/{}.svg", draft.id),
        "/embed/ideas/no-such-idea".to_string(),
        format!("/badges/ideas/{}.png", idea.id),
    ] {
        problem(
            app.get(&path, Some(&other.token)).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
}

#[tokio::test]
async fn every_other_page_refuses_framing() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/ideas",
        "/api/v1/ideas",
        "/healthz",
        "/api/v1/nothing-here",
    ] {
        let res = app.get(path, None).await;
        let policy = res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            policy
                .split(';')
                .any(|d| d.trim() == "frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert_eq!(res.headers()[header::X_FRAME_OPTIONS], "DENY", "{path}");
    }
}

#[tokio::test]
async fn oembed_answers_rich_json_with_discovery_on_idea_pages() {
    let app = TestApp::spawn().await;
    let idea = public_idea(&app).await;
    let page = format!("{PUBLIC_URL}/ideas/{}", idea.id);
    let res = app
        .get(
            &format!("/oembed?url={}&format=json&maxwidth=300", urlencode(&page)),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["version"], "1.0");
    assert_eq!(body["type"], "rich");
    assert_eq!(body["provider_name"], "CC2i");
    assert_eq!(body["title"], idea.title);
    assert_eq!(body["width"], 300);
    let html = body["html"].as_str().unwrap();
    assert!(
        html.starts_with(&format!(
            "<iframe src=\"{PUBLIC_URL}/embed/ideas/{}\"",
            idea.id
        )),
        "{html}"
    );
    assert!(html.contains("title=\"Funding progress for"));

    let xml = app
        .get(
            &format!("/oembed?url={}&format=xml", urlencode(&page)),
            None,
        )
        .await;
    problem(xml, StatusCode::NOT_IMPLEMENTED, "format_not_supported").await;
    let elsewhere = app
        .get(
            &format!(
                "/oembed?url={}",
                urlencode(&format!("https://evil.example/ideas/{}", idea.id))
            ),
            None,
        )
        .await;
    problem(elsewhere, StatusCode::NOT_FOUND, "not_found").await;
    let missing = app.get("/oembed?format=json", None).await;
    assert!(missing.status().is_client_error());
    assert_eq!(
        missing.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );

    let shell = app
        .get(&format!("/ideas/{}", idea.id), None)
        .await
        .text()
        .await
        .unwrap();
    let link = format!(
        "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{PUBLIC_URL}/oembed?url={}&amp;format=json\"",
        urlencode(&page)
    );
    assert!(shell.contains(&link), "{shell}");
    let home = app.get("/", None).await.text().await.unwrap();
    assert!(!home.contains("json+oembed"));
}

#[tokio::test]
async fn the_host_script_places_iframes_and_trusts_only_its_origin() {
    let app = TestApp::spawn().await;
    let res = app.get("/widget.js", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let js = res.text().await.unwrap();
    assert!(js.contains("div[data-cc2i-idea]"));
    assert!(js.contains("'/embed/ideas/'"));
    assert!(
        js.contains("m.origin!==o"),
        "messages from other origins are ignored"
    );
    assert!(js.contains("contentWindow===m.source"));
}

#[tokio::test]
async fn public_funding_json_has_cors_and_etag_but_authenticated_answers_do_not() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let path = format!("/api/v1/ideas/{}/funding", idea.id);
    let res = app.get(&path, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(res
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_none());
    assert!(res.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("public"));
    let etag = res.headers()[header::ETAG].to_str().unwrap().to_string();
    let again = app
        .client
        .get(format!("{}{path}", app.base))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let stale = app
        .client
        .get(format!("{}{path}", app.base))
        .header(header::IF_NONE_MATCH, "\"0000\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK);

    let signed_in = app.get(&path, Some(&owner.token)).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    assert!(signed_in
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    for private in ["/api/v1/me", "/api/v1/notifications"] {
        let res = app.get(private, Some(&owner.token)).await;
        assert!(
            res.headers()
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_none(),
            "{private}"
        );
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
