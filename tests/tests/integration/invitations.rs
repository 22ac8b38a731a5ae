use cc2i_shared::idea::Idea;
use cc2i_shared::invitation::Invitation;
use cc2i_shared::notification::NotificationFeed;
use cc2i_shared::radar::AudienceMember;
use cc2i_tests::mail::{outbox, run_jobs, spawn_with_clock};
use cc2i_tests::{ok, problem, Session, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn feed(app: &TestApp, who: &Session) -> NotificationFeed {
    ok(
        app.get("/api/v1/notifications", Some(&who.token)).await,
        StatusCode::OK,
    )
    .await
}

fn invited(feed: &NotificationFeed) -> Vec<&cc2i_shared::notification::Notification> {
    feed.items.iter().filter(|n| n.kind == "invited").collect()
}

async fn invite(app: &TestApp, who: &Session, idea: &Idea, body: Value) -> reqwest::Response {
    app.post(
        &format!("/api/v1/ideas/{}/invitations", idea.id),
        Some(&who.token),
        body,
    )
    .await
}

async fn list(app: &TestApp, who: &Session, idea: &Idea) -> Vec<Invitation> {
    ok(
        app.get(
            &format!("/api/v1/ideas/{}/invitations", idea.id),
            Some(&who.token),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

#[tokio::test]
async fn invitations_notify_members_and_people_and_email_addresses_without_accounts() {
    let app = spawn_with_clock().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let owner = app.user().await;
    let colleague = app.user().await;
    let org = app.verified_organisation(&owner).await;
    app.add_member(&owner, &org, &colleague, "member").await;
    let person = app.user().await;

    let created: Vec<Invitation> = ok(
        invite(
            &app,
            &proposer,
            &idea,
            json!({
                "organisation_ids": [org.id],
                "emails": [person.user.email.to_uppercase(), "New.Person@Somewhere.gov.uk"],
                "message": "We would love you to join <us> & share the cost.",
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created.len(), 3);
    assert!(created
        .iter()
        .any(|i| i.organisation_id.as_deref() == Some(&org.id)
            && i.organisation_name.as_deref() == Some(&org.name)));
    assert!(created
        .iter()
        .any(|i| i.email.as_deref() == Some("new.person@somewhere.gov.uk")));

    for member in [&owner, &colleague, &person] {
        let f = feed(&app, member).await;
        let got = invited(&f);
        assert_eq!(got.len(), 1, "{:?}", f.items);
        assert_eq!(got[0].link, format!("/ideas/{}", idea.id));
        assert!(got[0].title.contains(&idea.title));
        assert!(got[0].body.contains("share the cost"));
    }
    assert!(invited(&feed(&app, &proposer).await).is_empty());

    let report = run_jobs(&app, chrono::Utc::now()).await;
    assert_eq!(report.emails_sent, 1, "only the address without an account");
    let mail = outbox(&app);
    assert_eq!(mail.len(), 1);
    let email = &mail[0];
    assert!(email.to().contains("new.person@somewhere.gov.uk"));
    let signup = format!("https://cc2i.test/register?next=/ideas/{}", idea.id);
    assert!(email.text.contains(&signup), "{}", email.text);
    assert!(email.html.contains(&format!("href=\"{signup}\"")));
    assert!(email.text.contains("join <us> & share"));
    assert!(email.html.contains("join &lt;us&gt; &amp; share"));
    assert!(!email.html.contains("<us>"));

    assert_eq!(list(&app, &proposer, &idea).await.len(), 3);
    let audience: Vec<AudienceMember> = ok(
        app.get(
            &format!("/api/v1/ideas/{}/audience", idea.id),
            Some(&proposer.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let entry = audience
        .iter()
        .find(|a| a.organisation_id == org.id)
        .expect("the invited organisation shows in the audience");
    assert!(entry.invited);
    assert!(entry.reasons.iter().any(|r| r == "Invited by the proposer"));
}

#[tokio::test]
async fn only_the_proposers_owners_and_admins_invite() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let member = app.user().await;
    let admin_member = app.user().await;
    let proposer_org: cc2i_shared::Organisation = ok(
        app.get(
            &format!("/api/v1/organisations/{}", idea.organisation.id),
            Some(&proposer.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    app.add_member(&proposer, &proposer_org, &member, "member")
        .await;
    app.add_member(&proposer, &proposer_org, &admin_member, "admin")
        .await;
    let outsider = app.user().await;
    let target = app.verified_organisation(&outsider).await;
    let body = json!({"organisation_ids": [target.id]});

    problem(
        invite(&app, &member, &idea, body.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        invite(&app, &outsider, &idea, body.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post(
            &format!("/api/v1/ideas/{}/invitations", idea.id),
            None,
            body.clone(),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    problem(
        app.get(
            &format!("/api/v1/ideas/{}/invitations", idea.id),
            Some(&outsider.token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get(
            &format!("/api/v1/ideas/{}/invitations", idea.id),
            Some(&member.token),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert!(list(&app, &proposer, &idea).await.is_empty());
    assert!(invited(&feed(&app, &outsider).await).is_empty());

    ok::<Vec<Invitation>>(
        invite(&app, &admin_member, &idea, body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(invited(&feed(&app, &outsider).await).len(), 1);

    // A draft idea is invisible to outsiders and cannot invite yet.
    let org = app.verified_organisation(&proposer).await;
    let draft = app.draft_idea(&proposer, &org).await;
    problem(
        invite(&app, &outsider, &draft, json!({"emails": ["a@b.gov.uk"]})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        invite(&app, &proposer, &draft, json!({"emails": ["a@b.gov.uk"]})).await,
        StatusCode::CONFLICT,
        "idea_not_open",
    )
    .await;
}

#[tokio::test]
async fn one_bad_target_refuses_the_whole_request_with_no_partial_write() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let owner = app.user().await;
    let good = app.verified_organisation(&owner).await;

    let p = problem(
        invite(
            &app,
            &proposer,
            &idea,
            json!({"organisation_ids": [good.id, "no-such-organisation"], "emails": ["fine@x.gov.uk"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(p.field("organisation_ids")[0].contains("no-such-organisation"));

    let p = problem(
        invite(
            &app,
            &proposer,
            &idea,
            json!({"organisation_ids": [good.id], "emails": ["fine@x.gov.uk", "not an address"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(p.field("emails")[0].contains("not an address"));

    let p = problem(
        invite(
            &app,
            &proposer,
            &idea,
            json!({"organisation_ids": [good.id], "message": "x".repeat(2001)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("message"), ["must be 2000 characters or fewer"]);

    let p = problem(
        invite(&app, &proposer, &idea, json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(p.field("organisation_ids")[0].contains("at least one"));

    let many: Vec<String> = (0..51).map(|i| format!("p{i}@x.gov.uk")).collect();
    let p = problem(
        invite(&app, &proposer, &idea, json!({"emails": many})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(p.field("organisation_ids")[0].contains("at most 50"));

    let p = problem(
        invite(
            &app,
            &proposer,
            &idea,
            json!({"organisation_ids": [idea.organisation.id]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(p.field("organisation_ids")[0].contains("proposing organisation"));

    assert!(list(&app, &proposer, &idea).await.is_empty());
    assert!(invited(&feed(&app, &owner).await).is_empty());
    // The message exactly at the limit is fine.
    ok::<Vec<Invitation>>(
        invite(
            &app,
            &proposer,
            &idea,
            json!({"organisation_ids": [good.id], "message": "é".repeat(2000)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
}

#[tokio::test]
async fn nobody_is_invited_twice_to_one_idea() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let first = app.verified_organisation(&app.user().await).await;
    let second_owner = app.user().await;
    let second = app.verified_organisation(&second_owner).await;
    ok::<Vec<Invitation>>(
        invite(
            &app,
            &proposer,
            &idea,
            json!({"organisation_ids": [first.id], "emails": ["someone@x.gov.uk"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let p = problem(
        invite(
            &app,
            &proposer,
            &idea,
            json!({"organisation_ids": [second.id, first.id]}),
        )
        .await,
        StatusCode::CONFLICT,
        "already_invited",
    )
    .await;
    assert!(p.detail.contains(&first.name), "{}", p.detail);
    assert!(!p.detail.contains(&second.name), "{}", p.detail);
    let p = problem(
        invite(
            &app,
            &proposer,
            &idea,
            json!({"organisation_ids": [second.id], "emails": ["SomeOne@x.gov.uk"]}),
        )
        .await,
        StatusCode::CONFLICT,
        "already_invited",
    )
    .await;
    assert!(p.detail.contains("someone@x.gov.uk"), "{}", p.detail);
    assert_eq!(list(&app, &proposer, &idea).await.len(), 2);
    assert!(invited(&feed(&app, &second_owner).await).is_empty());

    // The same organisation can be invited to another idea.
    let other = app.open_idea(&proposer).await;
    ok::<Vec<Invitation>>(
        invite(
            &app,
            &proposer,
            &other,
            json!({"organisation_ids": [first.id]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
}

#[tokio::test]
async fn an_idea_sends_at_most_fifty_invitations_a_day() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let fifty: Vec<String> = (0..50).map(|i| format!("p{i}@x.gov.uk")).collect();
    let created: Vec<Invitation> = ok(
        invite(&app, &proposer, &idea, json!({"emails": fifty})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created.len(), 50);
    let owner = app.user().await;
    let org = app.verified_organisation(&owner).await;
    let res = invite(
        &app,
        &proposer,
        &idea,
        json!({"organisation_ids": [org.id]}),
    )
    .await;
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!(retry > 23 * 3600 && retry <= 24 * 3600, "{retry}");
    let p = problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_invitations").await;
    assert!(p.detail.contains("at most 50"));
    assert_eq!(list(&app, &proposer, &idea).await.len(), 50);
    assert!(invited(&feed(&app, &owner).await).is_empty());

    // Another idea has its own allowance.
    let other = app.open_idea(&proposer).await;
    ok::<Vec<Invitation>>(
        invite(
            &app,
            &proposer,
            &other,
            json!({"organisation_ids": [org.id]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
}
