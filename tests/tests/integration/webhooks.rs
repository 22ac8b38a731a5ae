//! Webhooks: management, the SSRF refusal, each event reaching the right organisations,
//! signatures, retries with backoff, giving up after 24 hours, no redirects, manual retry.

use std::collections::BTreeSet;

use cc2i_shared::idea::Idea;
use cc2i_shared::pledge::Pledge;
use cc2i_shared::webhook::{CreatedWebhook, DeliveryPage, DeliveryStatus, Webhook};
use cc2i_shared::Organisation;
use cc2i_tests::funded::Plan;
use cc2i_tests::mail::run_jobs;
use cc2i_tests::receiver::{Hit, Receiver};
use cc2i_tests::{fixtures, ok, problem, Session, TestApp};
use chrono::{TimeDelta, Utc};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;

const ALL: [&str; 10] = [
    "idea.published",
    "idea.funded",
    "idea.not_funded",
    "business_case.version_created",
    "pledge.created",
    "pledge.approved",
    "pledge.withdrawn",
    "pledge.committed",
    "milestone.accepted",
    "adoption.created",
];

async fn spawn() -> TestApp {
    TestApp::spawn_with(&[
        ("CC2I_TEST_CLOCK", "1"),
        ("CC2I_WEBHOOK_ALLOW_PRIVATE", "1"),
    ])
    .await
}

async fn hook(app: &TestApp, who: &Session, org: &Organisation, url: &str) -> CreatedWebhook {
    hook_for(app, who, &org.id, url).await
}

async fn hook_for(app: &TestApp, who: &Session, org_id: &str, url: &str) -> CreatedWebhook {
    ok(
        app.post(
            &format!("/api/v1/organisations/{org_id}/webhooks"),
            Some(&who.token),
            json!({"url": url, "events": ALL}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

async fn deliveries(app: &TestApp, who: &Session, webhook_id: &str) -> DeliveryPage {
    ok(
        app.get(
            &format!("/api/v1/webhooks/{webhook_id}/deliveries"),
            Some(&who.token),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

fn types(receiver: &Receiver, path: &str) -> BTreeSet<String> {
    receiver.types(path).into_iter().collect()
}

/// Checks `CC2i-Signature` independently of the server's code, and the event id header.
fn assert_signed(hit: &Hit, secret: &str) {
    let header = hit.header("cc2i-signature");
    let (t, v1) = header
        .split_once(',')
        .and_then(|(t, v)| Some((t.strip_prefix("t=")?, v.strip_prefix("v1=")?)))
        .unwrap_or_else(|| panic!("bad signature header {header:?}"));
    let t: i64 = t.parse().unwrap();
    assert!((Utc::now().timestamp() - t).abs() < 300, "t is now");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", hit.body).as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(v1, expected, "signature verifies with the secret");
    let body = hit.json();
    assert_eq!(hit.header("cc2i-event-id"), body["id"].as_str().unwrap());
    assert_eq!(hit.header("content-type"), "application/json");
    for field in ["id", "type", "created_at", "data"] {
        assert!(body.get(field).is_some(), "{field} in {body}");
    }
}

#[tokio::test]
async fn the_links_of_a_created_webhook_lead_to_it() {
    // The OpenAPI links of `create_webhook` name where the new webhook's id is in the answer;
    // following them (as clients and the fuzzer's stateful phase do) reaches that webhook.
    let doc: Value = serde_json::to_value(
        serde_yaml::from_str::<serde_yaml::Value>(&cc2i_api::openapi_yaml()).unwrap(),
    )
    .unwrap();
    let links =
        &doc["paths"]["/api/v1/organisations/{id}/webhooks"]["post"]["responses"]["201"]["links"];
    let app = spawn().await;
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let response = app
        .post(
            &format!("/api/v1/organisations/{}/webhooks", org.id),
            Some(&owner.token),
            json!({"url": "http://127.0.0.1:9/hook", "events": ["pledge.created"]}),
        )
        .await;
    let created: Value = ok(response, StatusCode::CREATED).await;
    let id_at = |target: &str| {
        let expression = links[target]["parameters"]["id"]
            .as_str()
            .unwrap_or_default();
        let pointer = expression
            .strip_prefix("$response.body#")
            .unwrap_or_else(|| panic!("{target}: {expression}"));
        created
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(String::from)
    };
    let id = id_at("update_webhook").expect("update_webhook's id is in the answer");
    assert_eq!(id, created["webhook"]["id"].as_str().unwrap());
    let one = format!("/api/v1/webhooks/{id}");
    let changed: Webhook = ok(
        app.patch(&one, Some(&owner.token), json!({"active": false}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(!changed.active);
    let id = id_at("list_webhook_deliveries").expect("list_webhook_deliveries' id");
    assert!(deliveries(&app, &owner, &id).await.items.is_empty());
    let id = id_at("delete_webhook").expect("delete_webhook's id");
    let gone = app
        .delete(&format!("/api/v1/webhooks/{id}"), Some(&owner.token))
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn owners_manage_webhooks_the_secret_is_shown_once_and_others_get_404() {
    let app = spawn().await;
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let path = format!("/api/v1/organisations/{}/webhooks", org.id);
    let created = hook(&app, &owner, &org, "http://127.0.0.1:9/hook").await;
    assert!(created.secret.starts_with("whsec_") && created.secret.len() >= 40);
    assert!(created.webhook.active);
    assert_eq!(created.webhook.events.len(), 10);

    let listed = app.get(&path, Some(&owner.token)).await;
    let text = listed.text().await.unwrap();
    assert!(
        !text.contains(&created.secret),
        "the secret is never listed"
    );
    let listed: Vec<Webhook> = serde_json::from_str(&text).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].url, "http://127.0.0.1:9/hook");

    let one = format!("/api/v1/webhooks/{}", created.webhook.id);
    let changed: Webhook = ok(
        app.patch(
            &one,
            Some(&owner.token),
            json!({"events": ["pledge.created"], "active": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(!changed.active);
    assert_eq!(changed.events.len(), 1);
    let bad = problem(
        app.patch(
            &one,
            Some(&owner.token),
            json!({"url": "https://10.1.2.3/x"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "webhook_url_forbidden",
    )
    .await;
    assert!(!bad.field("url").is_empty());

    // Someone else's webhooks are not there at all; a plain member may not manage them.
    let outsider = app.user().await;
    app.verified_organisation(&outsider).await;
    let retry = format!("{one}/deliveries/nope/retry");
    let deliveries_path = format!("{one}/deliveries");
    for res in [
        app.get(&path, Some(&outsider.token)).await,
        app.post(
            &path,
            Some(&outsider.token),
            json!({"url": "http://127.0.0.1:9/", "events": ["idea.funded"]}),
        )
        .await,
        app.patch(&one, Some(&outsider.token), json!({"active": true}))
            .await,
        app.delete(&one, Some(&outsider.token)).await,
        app.get(&deliveries_path, Some(&outsider.token)).await,
        app.post(&retry, Some(&outsider.token), json!({})).await,
    ] {
        problem(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    let member = app.user().await;
    app.add_member(&owner, &org, &member, "member").await;
    problem(
        app.get(&path, Some(&member.token)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get(&path, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    problem(
        app.post(&retry, Some(&owner.token), json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Validation: fields by name, and the SSRF refusal with its own code on `url`.
    for (body, field) in [
        (
            json!({"url": "http://127.0.0.1:9/", "events": []}),
            "events",
        ),
        (
            json!({"url": "http://127.0.0.1:9/", "events": ["pledge.eaten"]}),
            "events[0]",
        ),
        (json!({"url": "", "events": ["idea.funded"]}), "url"),
        (json!({"events": ["idea.funded"]}), "url"),
        (
            json!({"url": "http://127.0.0.1:9/", "events": ["idea.funded"], "secret": "mine"}),
            "secret",
        ),
    ] {
        let p = problem(
            app.post(&path, Some(&owner.token), body.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(
            p.errors
                .as_ref()
                .unwrap()
                .keys()
                .any(|k| k.starts_with(field.split('[').next().unwrap())),
            "{body} → {p:?}"
        );
    }
    for url in [
        "http://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::ffff:127.0.0.1]/",
        "https://user:pw@127.0.0.1/",
        "ftp://127.0.0.1/",
        "https://metadata.google.internal/",
        "https://167772161/",
        "https://0xa9.0xfe.0xa9.0xfe/",
    ] {
        let p = problem(
            app.post(
                &path,
                Some(&owner.token),
                json!({"url": url, "events": ["idea.funded"]}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "webhook_url_forbidden",
        )
        .await;
        assert!(!p.field("url").is_empty(), "{url}: {p:?}");
    }

    app.delete(&one, Some(&owner.token)).await;
    let gone: Vec<Webhook> = ok(app.get(&path, Some(&owner.token)).await, StatusCode::OK).await;
    assert!(gone.is_empty());
    problem(
        app.delete(&one, Some(&owner.token)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn without_allow_private_loopback_and_plain_http_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    for url in [
        "http://127.0.0.1:9/hook",
        "https://127.0.0.1/",
        "https://localhost/",
    ] {
        problem(
            app.post(
                &format!("/api/v1/organisations/{}/webhooks", org.id),
                Some(&owner.token),
                json!({"url": url, "events": ["idea.funded"]}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "webhook_url_forbidden",
        )
        .await;
    }
}

#[tokio::test]
async fn each_event_reaches_the_proposer_pledgers_and_invitees_only_signed() {
    let app = spawn().await;
    let rx = Receiver::start().await;
    let admin = app.admin().await;
    let proposer = app.user().await;
    let proposer_org = app.verified_organisation(&proposer).await;
    let p_hook = hook(&app, &proposer, &proposer_org, &rx.url("/proposer")).await;
    let funder = app.user().await;
    let funder_org = app.funder(&funder, 100_000_000_000).await;
    let f_hook = hook(&app, &funder, &funder_org, &rx.url("/funder")).await;
    let second = app.user().await;
    let second_org = app.funder(&second, 100_000_000_000).await;
    let invitee = app.user().await;
    let invitee_org = app.verified_organisation(&invitee).await;
    hook(&app, &invitee, &invitee_org, &rx.url("/invitee")).await;
    let bystander = app.user().await;
    let bystander_org = app.funder(&bystander, 100_000_000_000).await;
    hook(&app, &bystander, &bystander_org, &rx.url("/bystander")).await;

    let draft = app.draft_idea(&proposer, &proposer_org).await;
    app.put_case(&proposer, &draft.id, fixtures::business_case())
        .await;
    app.act(&proposer.token, &draft.id, "submit").await;
    let idea: Idea = app.act(&admin, &draft.id, "publish").await;
    ok::<serde_json::Value>(
        app.post(
            &format!("/api/v1/ideas/{}/invitations", idea.id),
            Some(&proposer.token),
            json!({"organisation_ids": [invitee_org.id]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    // A refused cause writes nothing: below the minimum share, then over the cap.
    problem(
        app.pledge(&funder, &idea, &funder_org, 100).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let pledged: Pledge = ok(
        app.pledge(&funder, &idea, &funder_org, 6000).await,
        StatusCode::CREATED,
    )
    .await;
    problem(
        app.pledge(&second, &idea, &second_org, 9500).await,
        StatusCode::CONFLICT,
        "funding_full",
    )
    .await;
    // A pledge made by a plain member waits for approval, then is approved.
    let clerk = app.user().await;
    app.add_member(&second, &second_org, &clerk, "member").await;
    let waiting: Pledge = ok(
        app.pledge(&clerk, &idea, &second_org, 5000).await,
        StatusCode::CREATED,
    )
    .await;
    ok::<Pledge>(
        app.post(
            &format!("/api/v1/pledges/{}/approve", waiting.id),
            Some(&second.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // A third funder pledges and withdraws.
    let leaver = app.user().await;
    let leaver_org = app.funder(&leaver, 100_000_000_000).await;
    let left: Pledge = ok(
        app.pledge(&leaver, &idea, &leaver_org, 1000).await,
        StatusCode::CREATED,
    )
    .await;
    ok::<Pledge>(
        app.post(
            &format!("/api/v1/pledges/{}/withdraw", left.id),
            Some(&leaver.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let closed: Idea = ok(
        app.post(
            &format!("/api/v1/ideas/{}/close", idea.id),
            Some(&admin),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed.status, cc2i_shared::lifecycle::IdeaStatus::Funded);

    let report = run_jobs(&app, Utc::now()).await;
    assert!(report.webhook_attempts > 0);
    let expected: BTreeSet<String> = [
        "business_case.version_created",
        "idea.published",
        "pledge.created",
        "pledge.approved",
        "pledge.withdrawn",
        "idea.funded",
        "pledge.committed",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(types(&rx, "/proposer"), expected);
    // The funder hears from its pledge on (it was not in the audience before).
    let mut funder_types = expected.clone();
    funder_types.remove("business_case.version_created");
    funder_types.remove("idea.published");
    assert_eq!(types(&rx, "/funder"), funder_types);
    assert!(!types(&rx, "/invitee").is_empty(), "invitees hear too");
    assert!(
        rx.hits("/bystander").is_empty(),
        "unrelated organisations hear nothing"
    );

    let proposer_hits = rx.hits("/proposer");
    for hit in &proposer_hits {
        assert_signed(hit, &p_hook.secret);
        assert_eq!(hit.json()["data"]["idea"]["id"], idea.id.as_str());
    }
    for hit in rx.hits("/funder") {
        assert_signed(&hit, &f_hook.secret);
    }
    let of = |kind: &str| -> Vec<serde_json::Value> {
        proposer_hits
            .iter()
            .map(Hit::json)
            .filter(|b| b["type"] == kind)
            .collect()
    };
    assert_eq!(
        of("pledge.created").len(),
        3,
        "the refused pledges wrote nothing"
    );
    assert_eq!(
        of("pledge.approved").len(),
        3,
        "self-approved (twice) and approved"
    );
    let committed = of("pledge.committed");
    assert_eq!(committed.len(), 2, "one per commitment");
    let shares: i64 = committed
        .iter()
        .map(|c| c["data"]["share_bp"].as_i64().unwrap())
        .sum();
    let amounts: i64 = committed
        .iter()
        .map(|c| c["data"]["amount_pence"].as_i64().unwrap())
        .sum();
    assert_eq!(shares, 10_000, "final shares");
    assert_eq!(amounts, closed.target_cost_pence, "final amounts");
    let created = of("pledge.created");
    let first = created
        .iter()
        .find(|c| c["data"]["pledge_id"] == pledged.id.as_str())
        .unwrap();
    assert_eq!(first["data"]["organisation"]["id"], funder_org.id.as_str());
    assert_eq!(first["data"]["share_bp"], 6000);
    assert_eq!(of("idea.funded")[0]["data"]["idea"]["status"], "funded");
    let ids: BTreeSet<String> = proposer_hits
        .iter()
        .map(|h| h.header("cc2i-event-id").to_string())
        .collect();
    assert_eq!(ids.len(), proposer_hits.len(), "one id per event");

    let log = deliveries(&app, &proposer, &p_hook.webhook.id).await;
    assert_eq!(log.items.len(), proposer_hits.len().min(20));
    assert!(log.items.iter().all(
        |d| d.status == DeliveryStatus::Delivered && d.attempt_log[0].status_code == Some(200)
    ));
    let listed: Vec<Webhook> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/webhooks", proposer_org.id),
            Some(&proposer.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        listed[0].last_delivery.as_ref().map(|d| d.status),
        Some(DeliveryStatus::Delivered)
    );

    // Nothing more is due: running again sends nothing twice.
    let again = run_jobs(&app, Utc::now()).await;
    assert_eq!(again.webhook_attempts, 0);
    assert_eq!(rx.hits("/proposer").len(), proposer_hits.len());
}

#[tokio::test]
async fn an_idea_that_misses_its_target_sends_not_funded() {
    let app = spawn().await;
    let rx = Receiver::start().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    hook_for(&app, &proposer, &idea.organisation.id, &rx.url("/p")).await;
    let funder = app.user().await;
    let funder_org = app.funder(&funder, 100_000_000_000).await;
    ok::<Pledge>(
        app.pledge(&funder, &idea, &funder_org, 3000).await,
        StatusCode::CREATED,
    )
    .await;
    let admin = app.admin().await;
    app.post(
        &format!("/api/v1/ideas/{}/close", idea.id),
        Some(&admin),
        json!({}),
    )
    .await;
    run_jobs(&app, Utc::now()).await;
    let seen = rx.types("/p");
    assert!(seen.contains(&"idea.not_funded".to_string()), "{seen:?}");
    assert!(!seen
        .iter()
        .any(|t| t == "idea.funded" || t == "pledge.committed"));
}

#[tokio::test]
async fn milestone_and_adoption_events_reach_the_proposer_and_funders() {
    let app = spawn().await;
    let rx = Receiver::start().await;
    let f = app.funded_idea(Plan::shares(&[6000, 4000])).await;
    hook(&app, &f.proposer, &f.proposer_org, &rx.url("/proposer")).await;
    let (funder, funder_org) = &f.funders[0];
    hook(&app, funder, funder_org, &rx.url("/funder")).await;
    let adopter = app.user().await;
    let adopter_org = app.funder(&adopter, 100_000_000_000).await;
    hook(&app, &adopter, &adopter_org, &rx.url("/adopter")).await;

    app.start_delivery(&f).await;
    let m = app.add_milestone(&f, "Live service", 10_000).await;
    app.submit_milestone(&f, &m.id).await;
    for i in 0..f.funders.len() {
        let now = app.decide(&f, i, &m.id, true).await;
        if now.status == cc2i_shared::delivery::MilestoneStatus::Accepted {
            break;
        }
    }
    ok::<serde_json::Value>(
        app.post(
            &format!("/api/v1/ideas/{}/adoptions", f.idea.id),
            Some(&adopter.token),
            json!({"organisation_id": adopter_org.id}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    run_jobs(&app, Utc::now()).await;
    for path in ["/proposer", "/funder"] {
        let seen = types(&rx, path);
        assert!(seen.contains("milestone.accepted"), "{path}: {seen:?}");
        assert!(seen.contains("adoption.created"), "{path}: {seen:?}");
    }
    let accepted = rx
        .hits("/proposer")
        .iter()
        .map(Hit::json)
        .find(|b| b["type"] == "milestone.accepted")
        .unwrap();
    assert_eq!(accepted["data"]["milestone_id"], m.id.as_str());
    assert_eq!(accepted["data"]["amount_pence"], f.idea.target_cost_pence);
    let adoption = rx
        .hits("/funder")
        .iter()
        .map(Hit::json)
        .find(|b| b["type"] == "adoption.created")
        .unwrap();
    assert_eq!(
        adoption["data"]["organisation"]["id"],
        adopter_org.id.as_str()
    );
    assert!(
        rx.hits("/adopter").is_empty(),
        "the adopter is not in the idea's audience"
    );
}

#[tokio::test]
async fn failures_are_retried_with_backoff_then_given_up_after_24_hours_and_retried_by_hand() {
    let app = spawn().await;
    let rx = Receiver::start().await;
    let proposer = app.user().await;
    let org = app.verified_organisation(&proposer).await;
    let flaky = hook(&app, &proposer, &org, &rx.url("/flaky")).await;
    let down = hook(&app, &proposer, &org, &rx.url("/down")).await;
    let moved = hook(&app, &proposer, &org, &rx.url("/moved")).await;
    rx.respond("/flaky", &[500]);
    rx.respond("/down", &[503; 40]);
    rx.respond("/moved", &[302; 40]);
    let draft = app.draft_idea(&proposer, &org).await;
    app.put_case(&proposer, &draft.id, fixtures::business_case())
        .await;
    let start = Utc::now();
    run_jobs(&app, start).await;
    for path in ["/flaky", "/down", "/moved"] {
        assert_eq!(rx.hits(path).len(), 1, "{path}: one attempt");
    }
    let first = deliveries(&app, &proposer, &flaky.webhook.id).await;
    let d = &first.items[0];
    assert_eq!(d.status, DeliveryStatus::Pending);
    assert_eq!(d.attempts, 1);
    assert_eq!(d.last_status_code, Some(500));
    assert_eq!(d.attempt_log[0].status_code, Some(500));
    let next = d.next_attempt_at.unwrap();
    assert!(
        next > start && next < start + TimeDelta::minutes(2),
        "{next}"
    );

    // Not due yet: nothing is sent before the backoff.
    run_jobs(&app, start + TimeDelta::seconds(5)).await;
    assert_eq!(rx.hits("/flaky").len(), 1);
    run_jobs(&app, start + TimeDelta::hours(1)).await;
    let flaky_hits = rx.hits("/flaky");
    assert_eq!(flaky_hits.len(), 2, "retried after the 500");
    assert_eq!(
        flaky_hits[0].header("cc2i-event-id"),
        flaky_hits[1].header("cc2i-event-id"),
        "the same event"
    );
    assert_signed(&flaky_hits[1], &flaky.secret);
    let after = deliveries(&app, &proposer, &flaky.webhook.id).await;
    assert_eq!(after.items[0].status, DeliveryStatus::Delivered);
    assert_eq!(after.items[0].attempts, 2);
    assert_eq!(
        after.items[0]
            .attempt_log
            .iter()
            .map(|a| a.status_code)
            .collect::<Vec<_>>(),
        vec![Some(200), Some(500)]
    );

    // A redirect is a failure and is never followed.
    assert!(rx.hits("/redirected").is_empty());
    let m = deliveries(&app, &proposer, &moved.webhook.id).await;
    assert_eq!(m.items[0].last_status_code, Some(302));
    assert!(m.items[0]
        .last_error
        .as_deref()
        .unwrap()
        .contains("redirect"));
    assert_eq!(m.items[0].status, DeliveryStatus::Pending);

    // 24 hours of failures: given up.
    run_jobs(&app, start + TimeDelta::hours(25)).await;
    let gave_up = deliveries(&app, &proposer, &down.webhook.id).await;
    let d = &gave_up.items[0];
    assert_eq!(d.status, DeliveryStatus::Failed);
    assert_eq!(d.attempts, 3);
    assert!(d.attempt_log.iter().all(|a| a.status_code == Some(503)));
    assert!(d.next_attempt_at.is_none() && d.completed_at.is_some());
    run_jobs(&app, start + TimeDelta::hours(30)).await;
    assert_eq!(rx.hits("/down").len(), 3, "nothing after giving up");

    // A manual retry sends it again now (to the endpoint's new URL, which answers 200).
    let down_hits = rx.hits("/down").len();
    let cleared = {
        let res = app
            .patch(
                &format!("/api/v1/webhooks/{}", down.webhook.id),
                Some(&proposer.token),
                json!({"url": rx.url("/up")}),
            )
            .await;
        ok::<Webhook>(res, StatusCode::OK).await
    };
    assert_eq!(cleared.url, rx.url("/up"));
    let queued: cc2i_shared::webhook::WebhookDelivery = ok(
        app.post(
            &format!(
                "/api/v1/webhooks/{}/deliveries/{}/retry",
                down.webhook.id, d.id
            ),
            Some(&proposer.token),
            json!({}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(queued.status, DeliveryStatus::Pending);
    run_jobs(&app, Utc::now()).await;
    assert_eq!(rx.hits("/down").len(), down_hits);
    let up = rx.hits("/up");
    assert_eq!(up.len(), 1, "re-sent");
    assert_eq!(up[0].header("cc2i-event-id"), d.event_id);
    assert_signed(&up[0], &down.secret);
    let done = deliveries(&app, &proposer, &down.webhook.id).await;
    assert_eq!(done.items[0].status, DeliveryStatus::Delivered);
    assert_eq!(done.items[0].attempts, 4);

    // Paging is capped and follows the cursor.
    let page: DeliveryPage = ok(
        app.get(
            &format!("/api/v1/webhooks/{}/deliveries?limit=1", down.webhook.id),
            Some(&proposer.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.items.len(), 1);
    problem(
        app.get(
            &format!("/api/v1/webhooks/{}/deliveries?limit=1000", down.webhook.id),
            Some(&proposer.token),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn a_paused_webhook_gets_nothing_and_a_deleted_one_stops_deliveries() {
    let app = spawn().await;
    let rx = Receiver::start().await;
    let proposer = app.user().await;
    let org = app.verified_organisation(&proposer).await;
    let paused = hook(&app, &proposer, &org, &rx.url("/paused")).await;
    ok::<Webhook>(
        app.patch(
            &format!("/api/v1/webhooks/{}", paused.webhook.id),
            Some(&proposer.token),
            json!({"active": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let only = ok::<CreatedWebhook>(
        app.post(
            &format!("/api/v1/organisations/{}/webhooks", org.id),
            Some(&proposer.token),
            json!({"url": rx.url("/only-funded"), "events": ["idea.funded"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let gone = hook(&app, &proposer, &org, &rx.url("/gone")).await;
    let draft = app.draft_idea(&proposer, &org).await;
    app.put_case(&proposer, &draft.id, fixtures::business_case())
        .await;
    let res = app
        .delete(
            &format!("/api/v1/webhooks/{}", gone.webhook.id),
            Some(&proposer.token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    run_jobs(&app, Utc::now()).await;
    assert!(
        rx.hits("/gone").is_empty(),
        "its queued delivery went with it"
    );
    assert!(rx.hits("/paused").is_empty());
    assert!(
        rx.hits("/only-funded").is_empty(),
        "not subscribed to that type"
    );
    assert!(deliveries(&app, &proposer, &only.webhook.id)
        .await
        .items
        .is_empty());
}

#[tokio::test]
async fn an_api_key_with_webhooks_manage_manages_its_own_organisations_webhooks_only() {
    let app = spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let other_owner = app.user().await;
    let other = app.organisation(&other_owner).await;
    let receiver = Receiver::start().await;
    let key_with = |scopes: Vec<&'static str>| {
        let (app, owner, org) = (&app, &owner, &org);
        async move {
            let created: Value = ok(
                app.post(
                    &format!("/api/v1/organisations/{}/api-keys", org.id),
                    Some(&owner.token),
                    json!({"name": format!("Integration {}", app.next()), "scopes": scopes}),
                )
                .await,
                StatusCode::CREATED,
            )
            .await;
            created["key"].as_str().unwrap().to_string()
        }
    };
    let manager = key_with(vec!["webhooks:manage"]).await;
    let reader = key_with(vec!["ideas:read", "pledges:read"]).await;
    let body = json!({"url": receiver.url("/key"), "events": ["idea.published"]});
    let path = format!("/api/v1/organisations/{}/webhooks", org.id);

    let created: CreatedWebhook = ok(
        app.post(&path, Some(&manager), body.clone()).await,
        StatusCode::CREATED,
    )
    .await;
    let listed: Vec<Webhook> = ok(app.get(&path, Some(&manager)).await, StatusCode::OK).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, created.webhook.id);

    let p = problem(
        app.post(&path, Some(&reader), body.clone()).await,
        StatusCode::FORBIDDEN,
        "insufficient_scope",
    )
    .await;
    assert!(p.detail.contains("webhooks:manage"), "{}", p.detail);
    problem(
        app.get(
            &format!("/api/v1/webhooks/{}/deliveries", created.webhook.id),
            Some(&reader),
        )
        .await,
        StatusCode::FORBIDDEN,
        "insufficient_scope",
    )
    .await;

    // Another organisation's webhooks are invisible to this key, as to any outsider.
    let theirs = hook(&app, &other_owner, &other, &receiver.url("/theirs")).await;
    let other_path = format!("/api/v1/organisations/{}/webhooks", other.id);
    problem(
        app.get(&other_path, Some(&manager)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.post(&other_path, Some(&manager), body).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.delete(
            &format!("/api/v1/webhooks/{}", theirs.webhook.id),
            Some(&manager),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    assert_eq!(
        app.delete(
            &format!("/api/v1/webhooks/{}", created.webhook.id),
            Some(&manager)
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
}
