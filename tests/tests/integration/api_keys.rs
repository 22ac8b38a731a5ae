//! Organisation API keys: shown once, hashed, scoped, revocable at once, acting for their
//! own organisation only, and never the second pair of eyes on a pledge.

use cc2i_shared::api_key::{ApiKey, CreatedApiKey};
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::pledge::{Pledge, PledgeStatus};
use cc2i_shared::Organisation;
use cc2i_tests::fixtures::{business_case, new_idea};
use cc2i_tests::{ok, problem, Session, TestApp};
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

const ALL: [&str; 5] = [
    "ideas:read",
    "ideas:write",
    "pledges:read",
    "pledges:write",
    "webhooks:manage",
];

fn keys_path(org: &Organisation) -> String {
    format!("/api/v1/organisations/{}/api-keys", org.id)
}

async fn make_key(
    app: &TestApp,
    who: &Session,
    org: &Organisation,
    scopes: &[&str],
) -> CreatedApiKey {
    ok(
        app.post(
            &keys_path(org),
            Some(&who.token),
            json!({"name": format!("Finance system {}", app.next()), "scopes": scopes}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

async fn list_keys(app: &TestApp, who: &Session, org: &Organisation) -> Vec<ApiKey> {
    ok(
        app.get(&keys_path(org), Some(&who.token)).await,
        StatusCode::OK,
    )
    .await
}

async fn pledge_with(
    app: &TestApp,
    key: &str,
    idea: &Idea,
    org_id: &str,
    share_bp: i64,
) -> Response {
    app.client
        .post(format!("{}/api/v1/ideas/{}/pledges", app.base, idea.id))
        .bearer_auth(key)
        .header("idempotency-key", format!("api-key-test-{}", app.next() + 1_000_000))
        .json(&json!({"organisation_id": org_id, "share_bp": share_bp, "business_case_version": idea.business_case_version}))
        .send()
        .await
        .unwrap()
}

/// Every stored key's prefix and hash, straight from the database.
fn stored_keys(app: &TestApp) -> Vec<(String, String)> {
    use cc2i_api::db::schema::api_keys;
    use diesel::prelude::*;
    let url = cc2i_api::config::DatabaseUrl::parse(&app.database_url).unwrap();
    let db = cc2i_api::db::Db::connect(&url, 2).unwrap();
    let mut conn = db.blocking_writer().unwrap();
    api_keys::table
        .select((api_keys::prefix, api_keys::key_hash))
        .load(&mut *conn)
        .unwrap()
}

async fn insufficient(res: Response, scope: &str) {
    let p = problem(res, StatusCode::FORBIDDEN, "insufficient_scope").await;
    assert!(
        p.detail.contains(scope),
        "names the scope {scope}: {}",
        p.detail
    );
}

#[tokio::test]
async fn a_key_is_shown_once_stored_hashed_and_listed_without_its_secret() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let res = app
        .post(
            &keys_path(&org),
            Some(&owner.token),
            json!({"name": "  Finance system  ", "scopes": ["pledges:read", "ideas:read", "pledges:read"]}),
        )
        .await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    let created: CreatedApiKey = ok(res, StatusCode::CREATED).await;
    let key = &created.key;
    assert!(key.starts_with("cc2i_"), "{key}");
    assert_eq!(key.len(), 5 + 43, "32 random bytes, URL-safe base64");
    assert!(key[5..]
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert_eq!(created.api_key.prefix, key[..12]);
    assert_eq!(created.api_key.name, "Finance system");
    assert_eq!(created.api_key.created_by, owner.user.id);
    assert_eq!(created.api_key.organisation_id, org.id);
    assert!(created.api_key.last_used_at.is_none());
    let scopes: Vec<&str> = created.api_key.scopes.iter().map(|s| s.code()).collect();
    assert_eq!(scopes, ["ideas:read", "pledges:read"]);

    let other = make_key(&app, &owner, &org, &["ideas:read"]).await;
    assert_ne!(other.key, created.key);
    let text = app
        .get(&keys_path(&org), Some(&owner.token))
        .await
        .text()
        .await
        .unwrap();
    assert!(!text.contains(key.as_str()), "the secret is never listed");
    assert!(!text.contains(&key[12..]), "not even its tail");
    let listed: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|k| k.get("key").is_none()));
    assert_eq!(listed[0]["id"], other.api_key.id, "newest first");
    assert_eq!(listed[1]["prefix"], created.api_key.prefix);
    // The database holds the SHA-256 of the key, never the key.
    let stored = stored_keys(&app);
    assert_eq!(stored.len(), 2);
    let (prefix, hash) = stored
        .iter()
        .find(|(prefix, _)| *prefix == created.api_key.prefix)
        .unwrap();
    assert_eq!(prefix.len(), 12);
    assert_eq!(hash, &cc2i_api::api_keys::secret::hash(key));
    assert_eq!(hash.len(), 64);
    assert!(!hash.contains(&key[5..]));
    let res = app
        .get("/api/v1/organisations/x/api-keys", Some(&owner.token))
        .await;
    problem(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn only_owners_and_admins_manage_keys_and_keys_cannot_manage_keys() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let admin = app.user().await;
    let member = app.user().await;
    let outsider = app.user().await;
    app.add_member(&owner, &org, &admin, "admin").await;
    app.add_member(&owner, &org, &member, "member").await;
    let made = make_key(&app, &admin, &org, &["ideas:read"]).await;
    let revoke = format!("{}/{}", keys_path(&org), made.api_key.id);
    let body = json!({"name": "x", "scopes": ["ideas:read"]});

    for (who, status, code) in [
        (&member, StatusCode::FORBIDDEN, "forbidden"),
        (&outsider, StatusCode::NOT_FOUND, "not_found"),
    ] {
        let t = Some(who.token.as_str());
        problem(app.get(&keys_path(&org), t).await, status, code).await;
        problem(
            app.post(&keys_path(&org), t, body.clone()).await,
            status,
            code,
        )
        .await;
        problem(app.delete(&revoke, t).await, status, code).await;
    }
    problem(
        app.get(&keys_path(&org), None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let platform = app.admin().await;
    problem(
        app.get(&keys_path(&org), Some(&platform)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // A key, even with every scope, cannot manage keys (people only).
    let all = make_key(&app, &owner, &org, &ALL).await;
    let k = Some(all.key.as_str());
    for res in [
        app.get(&keys_path(&org), k).await,
        app.post(&keys_path(&org), k, body.clone()).await,
        app.delete(&revoke, k).await,
    ] {
        let p = problem(res, StatusCode::FORBIDDEN, "insufficient_scope").await;
        assert!(p.detail.contains("signed-in person"), "{}", p.detail);
    }
    assert_eq!(list_keys(&app, &owner, &org).await.len(), 2);
    assert_eq!(
        app.delete(&revoke, Some(&owner.token)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(list_keys(&app, &admin, &org).await.len(), 1);
}

#[tokio::test]
async fn bad_key_requests_are_422_with_the_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    for (body, field) in [
        (json!({"name": "", "scopes": ["ideas:read"]}), "name"),
        (json!({"name": "   ", "scopes": ["ideas:read"]}), "name"),
        (
            json!({"name": "x".repeat(101), "scopes": ["ideas:read"]}),
            "name",
        ),
        (json!({"name": "Finance", "scopes": []}), "scopes"),
        (
            json!({"name": "Finance", "scopes": ["ideas:delete"]}),
            "scopes",
        ),
        (
            json!({"name": "Finance", "scopes": ["ideas:read", "admin"]}),
            "scopes",
        ),
        (json!({"name": "Finance", "scopes": "ideas:read"}), "scopes"),
        (json!({"name": "Finance"}), "scopes"),
        (json!({"scopes": ["ideas:read"]}), "name"),
        (
            json!({"name": "Finance", "scopes": ["ideas:read"], "secret": "mine"}),
            "secret",
        ),
    ] {
        let p = problem(
            app.post(&keys_path(&org), Some(&owner.token), body.clone())
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        let errors = p.errors.unwrap_or_default();
        assert!(
            errors.contains_key(field),
            "{body} names {field}: {errors:?}"
        );
    }
    assert!(list_keys(&app, &owner, &org).await.is_empty());
    // 100 characters is fine.
    make_key(&app, &owner, &org, &["ideas:read"]).await;
    let long: CreatedApiKey = ok(
        app.post(
            &keys_path(&org),
            Some(&owner.token),
            json!({"name": "n".repeat(100), "scopes": ["ideas:read"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(long.api_key.name.len(), 100);
}

#[tokio::test]
async fn an_organisation_has_at_most_25_live_keys() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let mut last = None;
    for _ in 0..25 {
        last = Some(make_key(&app, &owner, &org, &["ideas:read"]).await);
    }
    let body = json!({"name": "One too many", "scopes": ["ideas:read"]});
    problem(
        app.post(&keys_path(&org), Some(&owner.token), body.clone())
            .await,
        StatusCode::CONFLICT,
        "api_key_limit_reached",
    )
    .await;
    assert_eq!(list_keys(&app, &owner, &org).await.len(), 25);
    // Revoking one makes room.
    let last = last.unwrap();
    let path = format!("{}/{}", keys_path(&org), last.api_key.id);
    assert_eq!(
        app.delete(&path, Some(&owner.token)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.post(&keys_path(&org), Some(&owner.token), body)
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn unknown_and_revoked_keys_get_401_like_a_bad_token_at_once() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let pledges = format!("/api/v1/organisations/{}/pledges", org.id);
    let bad_jwt = app.get(&pledges, Some("not-a-token")).await;
    assert_eq!(bad_jwt.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(bad_jwt.headers()["www-authenticate"], "Bearer");
    let bad_jwt = bad_jwt.text().await.unwrap();

    let made = make_key(&app, &owner, &org, &ALL).await;
    let mut forged = made.key.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    for unknown in [
        forged.as_str(),
        "cc2i_",
        "cc2i_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        &made.key[..20],
    ] {
        let res = app.get(&pledges, Some(unknown)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        assert_eq!(
            res.text().await.unwrap(),
            bad_jwt,
            "the same body as a bad JWT"
        );
        // Also where keys are not taken, and where anyone may read.
        problem(
            app.get("/api/v1/me", Some(unknown)).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )
        .await;
        let idea_list = format!("/api/v1/organisations/{}/ideas", org.id);
        problem(
            app.get(&idea_list, Some(unknown)).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )
        .await;
    }

    assert_eq!(
        app.get(&pledges, Some(&made.key)).await.status(),
        StatusCode::OK
    );
    let path = format!("{}/{}", keys_path(&org), made.api_key.id);
    assert_eq!(
        app.delete(&path, Some(&owner.token)).await.status(),
        StatusCode::NO_CONTENT
    );
    let res = app.get(&pledges, Some(&made.key)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "revoked at once");
    assert_eq!(res.text().await.unwrap(), bad_jwt);
    assert!(list_keys(&app, &owner, &org).await.is_empty());
    problem(
        app.delete(&path, Some(&owner.token)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Another organisation's owner cannot revoke this organisation's key through theirs.
    let live = make_key(&app, &owner, &org, &ALL).await;
    let rival = app.user().await;
    let rival_org = app.organisation(&rival).await;
    let through = format!("{}/{}", keys_path(&rival_org), live.api_key.id);
    problem(
        app.delete(&through, Some(&rival.token)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        app.get(&pledges, Some(&live.key)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn last_used_at_is_noted_at_most_about_once_a_minute() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let made = make_key(&app, &owner, &org, &["pledges:read"]).await;
    assert!(list_keys(&app, &owner, &org).await[0]
        .last_used_at
        .is_none());
    let pledges = format!("/api/v1/organisations/{}/pledges", org.id);
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    assert_eq!(
        app.get(&pledges, Some(&made.key)).await.status(),
        StatusCode::OK
    );
    let first = list_keys(&app, &owner, &org).await[0].last_used_at.unwrap();
    assert!(first >= before, "{first} >= {before}");
    assert_eq!(
        app.get(&pledges, Some(&made.key)).await.status(),
        StatusCode::OK
    );
    let second = list_keys(&app, &owner, &org).await[0].last_used_at.unwrap();
    assert_eq!(first, second, "not rewritten within the minute");
    // A minute later it is noted again (moved back in time here rather than waiting).
    app.sql(&format!(
        "UPDATE api_keys SET last_used_at = '2026-01-01 00:00:00' WHERE id = '{}'",
        made.api_key.id
    ));
    // A refused request (out of scope) still counts as use.
    insufficient(
        app.get(
            &format!("/api/v1/organisations/{}/ideas", org.id),
            Some(&made.key),
        )
        .await,
        "ideas:read",
    )
    .await;
    let third = list_keys(&app, &owner, &org).await[0].last_used_at.unwrap();
    assert!(third >= before, "{third}");
}

/// One operation a key might try, and the scope it needs.
struct Op {
    scope: &'static str,
    method: Method,
    path: String,
    body: Option<Value>,
    ok: StatusCode,
}

#[tokio::test]
async fn each_scope_allows_exactly_its_operations() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let read_draft = app.draft_idea(&owner, &org).await;
    app.put_case(&owner, &read_draft.id, business_case()).await;
    let edit_draft = app.draft_idea(&owner, &org).await;
    let submit_draft = app.draft_idea(&owner, &org).await;
    app.put_case(&owner, &submit_draft.id, business_case())
        .await;
    let open = app.open_idea(&app.user().await).await;
    let pledged = app.open_idea(&app.user().await).await;
    let existing: Pledge = ok(
        app.pledge(&owner, &pledged, &org, 1000).await,
        StatusCode::CREATED,
    )
    .await;

    let ops = vec![
        Op {
            scope: "ideas:read",
            method: Method::GET,
            path: format!("/api/v1/ideas/{}", read_draft.id),
            body: None,
            ok: StatusCode::OK,
        },
        Op {
            scope: "ideas:read",
            method: Method::GET,
            path: format!("/api/v1/organisations/{}/ideas", org.id),
            body: None,
            ok: StatusCode::OK,
        },
        Op {
            scope: "ideas:read",
            method: Method::GET,
            path: format!("/api/v1/ideas/{}/business-case", read_draft.id),
            body: None,
            ok: StatusCode::OK,
        },
        Op {
            scope: "ideas:read",
            method: Method::GET,
            path: format!("/api/v1/ideas/{}/business-case/versions", read_draft.id),
            body: None,
            ok: StatusCode::OK,
        },
        Op {
            scope: "ideas:read",
            method: Method::GET,
            path: format!("/api/v1/ideas/{}/business-case/versions/1", read_draft.id),
            body: None,
            ok: StatusCode::OK,
        },
        Op {
            scope: "ideas:write",
            method: Method::POST,
            path: "/api/v1/ideas".into(),
            body: Some(new_idea(&org.id, "Drafted by a machine")),
            ok: StatusCode::CREATED,
        },
        Op {
            scope: "ideas:write",
            method: Method::PATCH,
            path: format!("/api/v1/ideas/{}", edit_draft.id),
            body: Some(json!({"title": "Edited by a machine"})),
            ok: StatusCode::OK,
        },
        Op {
            scope: "ideas:write",
            method: Method::PUT,
            path: format!("/api/v1/ideas/{}/business-case", edit_draft.id),
            body: Some(business_case()),
            ok: StatusCode::CREATED,
        },
        Op {
            scope: "ideas:write",
            method: Method::POST,
            path: format!("/api/v1/ideas/{}/submit", submit_draft.id),
            body: Some(json!({})),
            ok: StatusCode::OK,
        },
        Op {
            scope: "pledges:read",
            method: Method::GET,
            path: format!("/api/v1/organisations/{}/pledges", org.id),
            body: None,
            ok: StatusCode::OK,
        },
        Op {
            scope: "pledges:read",
            method: Method::GET,
            path: format!("/api/v1/organisations/{}/pledges.csv", org.id),
            body: None,
            ok: StatusCode::OK,
        },
        Op {
            scope: "pledges:read",
            method: Method::GET,
            path: format!("/api/v1/pledges/{}", existing.id),
            body: None,
            ok: StatusCode::OK,
        },
    ];

    for scope in ALL {
        let key = make_key(&app, &owner, &org, &[scope]).await.key;
        for op in &ops {
            let res = app
                .request(op.method.clone(), &op.path, Some(&key), op.body.clone())
                .await;
            if op.scope == scope {
                let status = res.status();
                let text = res.text().await.unwrap();
                assert_eq!(
                    status, op.ok,
                    "{scope} may {} {}: {text}",
                    op.method, op.path
                );
            } else {
                insufficient(res, op.scope).await;
            }
        }
        let res = pledge_with(&app, &key, &open, &org.id, 1000).await;
        if scope == "pledges:write" {
            let pledge: Pledge = ok(res, StatusCode::CREATED).await;
            assert_eq!(pledge.status, PledgeStatus::PendingApproval);
            for (path, body) in [
                (
                    format!("/api/v1/pledges/{}", pledge.id),
                    json!({"share_bp": 900}),
                ),
                (format!("/api/v1/pledges/{}/withdraw", pledge.id), json!({})),
            ] {
                for other in ALL.iter().filter(|s| **s != "pledges:write") {
                    let other_key = make_key(&app, &owner, &org, &[other]).await.key;
                    let method = if body.get("share_bp").is_some() {
                        Method::PATCH
                    } else {
                        Method::POST
                    };
                    insufficient(
                        app.request(method, &path, Some(&other_key), Some(body.clone()))
                            .await,
                        "pledges:write",
                    )
                    .await;
                }
            }
        } else {
            insufficient(res, "pledges:write").await;
        }
    }
    // What the allowed operations did.
    let ideas: Vec<Idea> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/ideas", org.id),
            Some(&owner.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(ideas
        .iter()
        .any(|i| i.title == "Drafted by a machine" && i.status == IdeaStatus::Draft));
    assert!(ideas.iter().any(|i| i.title == "Edited by a machine"));
    assert!(ideas
        .iter()
        .any(|i| i.id == submit_draft.id && i.status == IdeaStatus::InReview));
    // The organisation's private drafts are in the key's list; the public list has none.
    let public: Vec<Idea> = ok(
        app.get(&format!("/api/v1/organisations/{}/ideas", org.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(public.is_empty());
}

#[tokio::test]
async fn person_only_endpoints_refuse_keys_and_public_reads_stay_public() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let key = make_key(&app, &owner, &org, &ALL).await.key;
    let k = Some(key.as_str());
    let org_path = format!("/api/v1/organisations/{}", org.id);
    for res in [
        app.get("/api/v1/me", k).await,
        app.post("/api/v1/me/password", k, json!({"current_password": cc2i_tests::PASSWORD, "new_password": "another horse battery staple"})).await,
        app.get("/api/v1/notifications", k).await,
        app.post("/api/v1/organisations", k, json!({"name": "Machine Council", "kind": "local_authority", "region": "north_west", "identifier": "GB-COH-99999999", "service_areas": ["housing"]})).await,
        app.patch(&org_path, k, json!({"name": "Renamed by a machine"})).await,
        app.get(&format!("{org_path}/members"), k).await,
        app.post(&format!("{org_path}/members"), k, json!({"email": "a@b.example", "role": "admin"})).await,
        app.get("/api/v1/admin/review-queue", k).await,
    ] {
        let p = problem(res, StatusCode::FORBIDDEN, "insufficient_scope").await;
        assert!(p.detail.contains("signed-in person"), "{}", p.detail);
    }
    let unchanged: Organisation = ok(app.get(&org_path, None).await, StatusCode::OK).await;
    assert_eq!(unchanged.name, org.name);
    // Public reads that do not take keys read as the public does.
    let open = app.open_idea(&app.user().await).await;
    for path in [
        format!("/api/v1/ideas/{}/funding", open.id),
        format!("/api/v1/ideas/{}/pledges", open.id),
        format!("/api/v1/ideas/{}/pledges.csv", open.id),
        format!("/api/v1/ideas/{}/ledger", open.id),
    ] {
        assert_eq!(app.get(&path, k).await.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn a_key_is_an_outsider_to_every_other_organisation() {
    let app = TestApp::spawn().await;
    let a_owner = app.user().await;
    let a = app.verified_organisation(&a_owner).await;
    let key = make_key(&app, &a_owner, &a, &ALL).await.key;
    let k = Some(key.as_str());
    let b_owner = app.user().await;
    let b = app.funder(&b_owner, 0).await;
    let b_draft = app.draft_idea(&b_owner, &b).await;
    app.put_case(&b_owner, &b_draft.id, business_case()).await;
    let b_open = app.open_idea(&b_owner).await;
    let b_org_of_open = b_open.organisation.id.clone();
    let elsewhere = app.open_idea(&app.user().await).await;
    let b_pledge: Pledge = ok(
        app.pledge(&b_owner, &elsewhere, &b, 1000).await,
        StatusCode::CREATED,
    )
    .await;

    let not_found = [
        app.get(&format!("/api/v1/ideas/{}", b_draft.id), k).await,
        app.get(&format!("/api/v1/ideas/{}/business-case", b_draft.id), k)
            .await,
        app.patch(
            &format!("/api/v1/ideas/{}", b_draft.id),
            k,
            json!({"title": "Mine now"}),
        )
        .await,
        app.post(
            &format!("/api/v1/ideas/{}/submit", b_draft.id),
            k,
            json!({}),
        )
        .await,
        app.get(&format!("/api/v1/organisations/{}/pledges", b.id), k)
            .await,
        app.get(&format!("/api/v1/organisations/{}/pledges.csv", b.id), k)
            .await,
        app.get(&format!("/api/v1/pledges/{}", b_pledge.id), k)
            .await,
        app.patch(
            &format!("/api/v1/pledges/{}", b_pledge.id),
            k,
            json!({"share_bp": 600}),
        )
        .await,
        app.post(
            &format!("/api/v1/pledges/{}/withdraw", b_pledge.id),
            k,
            json!({}),
        )
        .await,
        app.post(
            &format!("/api/v1/pledges/{}/approve", b_pledge.id),
            k,
            json!({}),
        )
        .await,
    ];
    for res in not_found {
        problem(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    let forbidden = [
        app.post("/api/v1/ideas", k, new_idea(&b.id, "For someone else"))
            .await,
        app.patch(
            &format!("/api/v1/ideas/{}", b_open.id),
            k,
            json!({"title": "Mine now"}),
        )
        .await,
        app.request(
            Method::PUT,
            &format!("/api/v1/ideas/{}/business-case", b_open.id),
            k,
            Some(business_case()),
        )
        .await,
        pledge_with(&app, &key, &elsewhere, &b.id, 1000).await,
    ];
    for res in forbidden {
        problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    // Public things stay readable, and B's drafts stay out of B's list.
    assert_eq!(
        app.get(&format!("/api/v1/ideas/{}", b_open.id), k)
            .await
            .status(),
        StatusCode::OK
    );
    let listed: Vec<Idea> = ok(
        app.get(&format!("/api/v1/organisations/{}/ideas", b.id), k)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(listed.is_empty(), "B's draft is private");
    let listed: Vec<Idea> = ok(
        app.get(&format!("/api/v1/organisations/{b_org_of_open}/ideas"), k)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed.len(), 1);
    // Nothing of B's changed.
    let draft: Idea = ok(
        app.get(
            &format!("/api/v1/ideas/{}", b_draft.id),
            Some(&b_owner.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (draft.title, draft.status),
        (b_draft.title, IdeaStatus::Draft)
    );
    let pledge: Pledge = ok(
        app.get(
            &format!("/api/v1/pledges/{}", b_pledge.id),
            Some(&b_owner.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (pledge.share_bp, pledge.status),
        (1000, PledgeStatus::PendingApproval)
    );
}

#[tokio::test]
async fn a_key_pledge_always_waits_for_a_person_and_a_key_never_decides() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let checker = app.user().await;
    // Far above any pledge here: a person's pledge would be active at once.
    let org = app.funder(&owner, 1_000_000_000).await;
    app.add_member(&owner, &org, &checker, "admin").await;
    let made = make_key(&app, &owner, &org, &["pledges:write", "pledges:read"]).await;
    let key = made.key.as_str();
    let idea = app.open_idea(&app.user().await).await;
    let control = app.open_idea(&app.user().await).await;
    let by_person: Pledge = ok(
        app.pledge(&owner, &control, &org, 1000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        by_person.status,
        PledgeStatus::Active,
        "the limit covers a person"
    );

    let res = app.client
        .post(format!("{}/api/v1/ideas/{}/pledges", app.base, idea.id))
        .bearer_auth(key)
        .header("idempotency-key", "machine-pledge-000000001")
        .json(&json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": idea.business_case_version}))
        .send()
        .await
        .unwrap();
    let pledge: Pledge = ok(res, StatusCode::CREATED).await;
    assert_eq!(pledge.status, PledgeStatus::PendingApproval);
    assert_eq!(pledge.created_by, owner.user.id, "made for the key's maker");
    assert_eq!(
        pledge.created_by_api_key_id.as_deref(),
        Some(made.api_key.id.as_str())
    );
    // A retry with the same idempotency key replays, never a second pledge.
    let retry = app.client
        .post(format!("{}/api/v1/ideas/{}/pledges", app.base, idea.id))
        .bearer_auth(key)
        .header("idempotency-key", "machine-pledge-000000001")
        .json(&json!({"organisation_id": org.id, "share_bp": 2000, "business_case_version": idea.business_case_version}))
        .send()
        .await
        .unwrap();
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let replayed: Pledge = ok(retry, StatusCode::CREATED).await;
    assert_eq!(replayed.id, pledge.id);

    let approve = format!("/api/v1/pledges/{}/approve", pledge.id);
    let reject = format!("/api/v1/pledges/{}/reject", pledge.id);
    let p = problem(
        app.post(&approve, Some(key), json!({})).await,
        StatusCode::FORBIDDEN,
        "insufficient_scope",
    )
    .await;
    assert!(p.detail.contains("needs a person"), "{}", p.detail);
    problem(
        app.post(&reject, Some(key), json!({"reason": "no"})).await,
        StatusCode::FORBIDDEN,
        "insufficient_scope",
    )
    .await;
    // The key's maker is the maker: a second person approves.
    problem(
        app.post(&approve, Some(&owner.token), json!({})).await,
        StatusCode::FORBIDDEN,
        "self_approval_forbidden",
    )
    .await;
    let approved: Pledge = ok(
        app.post(&approve, Some(&checker.token), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(approved.status, PledgeStatus::Active);
    assert_eq!(
        approved.approved_by.as_deref(),
        Some(checker.user.id.as_str())
    );

    // An increase by the key waits too; the old share keeps counting.
    let path = format!("/api/v1/pledges/{}", pledge.id);
    let raised: Pledge = ok(
        app.patch(&path, Some(key), json!({"share_bp": 2500})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (raised.share_bp, raised.pending_share_bp, raised.status),
        (2000, Some(2500), PledgeStatus::Active)
    );
    problem(
        app.post(&approve, Some(key), json!({})).await,
        StatusCode::FORBIDDEN,
        "insufficient_scope",
    )
    .await;
    let approved: Pledge = ok(
        app.post(&approve, Some(&checker.token), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!((approved.share_bp, approved.pending_share_bp), (2500, None));

    // The key may change and withdraw what it made, not what people of its organisation made.
    let theirs = format!("/api/v1/pledges/{}/withdraw", by_person.id);
    problem(
        app.post(&theirs, Some(key), json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let lowered: Pledge = ok(
        app.patch(&path, Some(key), json!({"share_bp": 1500})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(lowered.share_bp, 1500);
    let withdrawn: Pledge = ok(
        app.post(&format!("{path}/withdraw"), Some(key), json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(withdrawn.status, PledgeStatus::Withdrawn);
    let listed: Vec<Pledge> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/pledges", org.id),
            Some(key),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed.len(), 2);
    // The re-consent decision is a person's too.
    problem(
        app.post(
            &format!("/api/v1/pledges/{}/reconsent", by_person.id),
            Some(key),
            json!({"business_case_version": 1}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "insufficient_scope",
    )
    .await;
}
