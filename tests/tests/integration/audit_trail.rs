//! The audit log's entries: each action recorded once, with its actor, organisation,
//! target and what changed; read by owners and admins (their organisation) and platform
//! staff (all), with filters, cursor paging and CSV; and the database itself refuses to change
//! or delete an entry before it expires.

use cc2i_shared::audit::{ActorType, AuditEntry, AuditPage};
use cc2i_tests::{ok, problem, Session, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn page(app: &TestApp, path: &str, token: &str) -> AuditPage {
    ok(app.get(path, Some(token)).await, StatusCode::OK).await
}

/// Every entry of the organisation, oldest first, paging through with small pages.
async fn all_of(app: &TestApp, org: &str, token: &str) -> Vec<AuditEntry> {
    let mut entries = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/organisations/{org}/audit-log?limit=3");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let p = page(app, &path, token).await;
        assert!(p.items.len() <= 3);
        entries.extend(p.items);
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    entries.reverse();
    entries
}

fn only<'a>(entries: &'a [AuditEntry], action: &str) -> &'a AuditEntry {
    let found: Vec<_> = entries.iter().filter(|e| e.action == action).collect();
    assert_eq!(
        found.len(),
        1,
        "{action} recorded {} times: {entries:#?}",
        found.len()
    );
    found[0]
}

async fn admin_id(app: &TestApp) -> String {
    let admin = app.admin().await;
    let me: Value = ok(app.get("/api/v1/me", Some(&admin)).await, StatusCode::OK).await;
    me["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn organisation_actions_are_recorded_once_with_who_and_what_changed() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let owner = app.stepped_up(&owner).await;
    let path = format!("/api/v1/organisations/{}", org.id);
    let res = app
        .patch(
            &path,
            Some(&owner.token),
            json!({"self_approval_limit_pence": 500_000}),
        )
        .await;
    let _: Value = ok(res, StatusCode::OK).await;
    let member: Session = app.user().await;
    app.add_member(&owner, &org, &member, "member").await;
    let res = app
        .patch(
            &format!("{path}/members/{}", member.user.id),
            Some(&owner.token),
            json!({"role": "admin"}),
        )
        .await;
    let _: Value = ok(res, StatusCode::OK).await;
    let res = app
        .post(
            &format!("{path}/api-keys"),
            Some(&owner.token),
            json!({"name": "Finance system", "scopes": ["ideas:read"]}),
        )
        .await;
    let key: Value = ok(res, StatusCode::CREATED).await;
    let key_id = key["id"].as_str().unwrap().to_string();
    let res = app
        .delete(&format!("{path}/api-keys/{key_id}"), Some(&owner.token))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let entries = all_of(&app, &org.id, &owner.token).await;
    let staff = admin_id(&app).await;
    let verified = only(&entries, "organisation.verified");
    assert_eq!(
        (verified.actor_type, verified.actor_id.as_deref()),
        (ActorType::Person, Some(staff.as_str()))
    );
    assert_eq!(verified.before, Some(json!({"verified": false})));
    assert_eq!(verified.after, Some(json!({"verified": true})));
    let limit = only(&entries, "organisation.limit_changed");
    assert_eq!(limit.actor_id.as_deref(), Some(owner.user.id.as_str()));
    assert!(limit.before.as_ref().unwrap()["self_approval_limit_pence"].is_i64());
    assert_eq!(
        limit.after.as_ref().unwrap()["self_approval_limit_pence"],
        json!(500_000)
    );
    assert!(limit.request_id.is_some(), "the request id is kept");
    let invited = only(&entries, "member.invited");
    assert_eq!(invited.target_id.as_deref(), Some(member.user.id.as_str()));
    let added = only(&entries, "member.added");
    assert_eq!(
        added.actor_id.as_deref(),
        Some(member.user.id.as_str()),
        "the person consented"
    );
    let role = only(&entries, "member.role_changed");
    assert_eq!(role.before, Some(json!({"role": "member"})));
    assert_eq!(role.after, Some(json!({"role": "admin"})));
    let created = only(&entries, "api_key.created");
    assert_eq!(created.target_id.as_deref(), Some(key_id.as_str()));
    assert_eq!(
        created.after.as_ref().unwrap()["scopes"],
        json!(["ideas:read"])
    );
    only(&entries, "api_key.revoked");
    // Oldest first, one after another: ids (and so the paging) are in time order.
    let order: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    let at = |a: &str| order.iter().position(|x| *x == a).unwrap();
    assert!(at("organisation.verified") < at("organisation.limit_changed"));
    assert!(at("member.invited") < at("member.added"));
    assert!(at("api_key.created") < at("api_key.revoked"));
    // No email address or name of a person in any entry.
    let text = serde_json::to_string(&entries).unwrap();
    assert!(!text.contains(&member.user.email) && !text.contains(&owner.user.email));

    // Filters: an action prefix, an actor, a target.
    let log = format!("/api/v1/organisations/{}/audit-log", org.id);
    let members = page(&app, &format!("{log}?action=member."), &owner.token).await;
    assert!(!members.items.is_empty());
    assert!(members
        .items
        .iter()
        .all(|e| e.action.starts_with("member.")));
    let by_member = page(
        &app,
        &format!("{log}?actor={}", member.user.id),
        &owner.token,
    )
    .await;
    assert_eq!(by_member.items.len(), 1);
    assert_eq!(by_member.items[0].action, "member.added");
    let about_key = page(&app, &format!("{log}?target={key_id}"), &owner.token).await;
    assert_eq!(about_key.items.len(), 2);
    let none = page(
        &app,
        &format!("{log}?from=2999-01-01T00:00:00Z"),
        &owner.token,
    )
    .await;
    assert!(none.items.is_empty() && none.next_cursor.is_none());
    let res = app.get(&format!("{log}?limit=0"), Some(&owner.token)).await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    // CSV, which is itself recorded.
    let res = app.get(&format!("{log}.csv"), Some(&owner.token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert!(csv
        .trim_start_matches('\u{feff}')
        .starts_with("id,at,actor_type,actor_id"));
    assert!(csv.contains("member.role_changed"));
    let exports = page(
        &app,
        &format!("{log}?action=export.audit_log"),
        &owner.token,
    )
    .await;
    assert_eq!(exports.items.len(), 1);

    // Who reads it: owners and admins, platform staff; not members; outsiders see nothing.
    let plain = app.user().await;
    app.add_member(&owner, &org, &plain, "member").await;
    let res = app.get(&log, Some(&plain.token)).await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    let outsider = app.user().await;
    let res = app.get(&log, Some(&outsider.token)).await;
    problem(res, StatusCode::NOT_FOUND, "not_found").await;
    let admin_of_org = page(&app, &log, &member.token).await;
    assert!(!admin_of_org.items.is_empty());
    let staff_token = app.admin().await;
    let everything = page(&app, "/api/v1/admin/audit-log?limit=100", &staff_token).await;
    assert!(everything.items.len() >= entries.len());
    let res = app.get("/api/v1/admin/audit-log", Some(&owner.token)).await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn sign_ins_ideas_and_staff_actions_are_in_the_whole_log() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let idea = app.open_idea(&owner).await;
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": owner.user.email, "password": "not the password at all"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "nobody@council.example", "password": "not the password at all"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // The owner has an authenticator app: their sign-in takes the second step.
    app.login(&owner.user.email, cc2i_tests::PASSWORD).await;
    let staff = app.admin().await;
    let sign_ins = page(
        &app,
        "/api/v1/admin/audit-log?action=sign_in.&limit=100",
        &staff,
    )
    .await;
    let failures: Vec<_> = sign_ins
        .items
        .iter()
        .filter(|e| e.action == "sign_in.failure")
        .collect();
    assert_eq!(failures.len(), 2);
    assert!(failures
        .iter()
        .all(|e| e.actor_type == ActorType::Anonymous));
    assert!(failures
        .iter()
        .any(|e| e.target_id.as_deref() == Some(owner.user.id.as_str())));
    assert!(
        failures.iter().any(|e| e.target_id.is_none()),
        "no account, no target"
    );
    let successes: Vec<_> = sign_ins
        .items
        .iter()
        .filter(|e| {
            e.action == "sign_in.success" && e.actor_id.as_deref() == Some(owner.user.id.as_str())
        })
        .collect();
    assert!(!successes.is_empty());
    let two_steps = sign_ins.items.iter().any(|e| {
        e.action == "sign_in.success"
            && e.actor_id.as_deref() == Some(owner.user.id.as_str())
            && e.after == Some(json!({"second_factor": true}))
    });
    assert!(two_steps, "a sign-in with a second factor says so");

    let about = page(
        &app,
        &format!("/api/v1/admin/audit-log?target={}", idea.id),
        &staff,
    )
    .await;
    let actions: Vec<&str> = about
        .items
        .iter()
        .rev()
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(actions, ["idea.submitted", "idea.published"]);
    assert_eq!(
        about.items[1].actor_id.as_deref(),
        Some(owner.user.id.as_str())
    );
    assert_eq!(about.items[1].after, Some(json!({"status": "in_review"})));
    let res = app.get("/api/v1/admin/audit-log.csv", Some(&staff)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("idea.published"));
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_an_entry_before_it_expires() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    app.verified_organisation(&owner).await;
    assert!(app.count("SELECT COUNT(*) AS n FROM audit_log") > 0);
    let update = app.try_sql("UPDATE audit_log SET action = 'tampered'");
    assert!(update.is_err(), "an UPDATE went through");
    let delete = app.try_sql("DELETE FROM audit_log");
    assert!(delete.is_err(), "a DELETE of live entries went through");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'tampered'"),
        0
    );
    // An entry past its expiry may go (the retention job removes them).
    app.sql(
        "INSERT INTO audit_log (id, at, actor_type, action, expires_at) \
         VALUES ('expired-entry', '2000-01-01 00:00:00', 'system', 'test.expired', '2001-01-01 00:00:00')",
    );
    app.try_sql("DELETE FROM audit_log WHERE id = 'expired-entry'")
        .expect("an expired entry can be deleted");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE id = 'expired-entry'"),
        0
    );
    if app.is_postgres() {
        assert!(
            app.try_sql("TRUNCATE audit_log").is_err(),
            "a TRUNCATE went through"
        );
    }
}
