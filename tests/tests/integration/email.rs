use cc2i_shared::idea::Idea;
use cc2i_shared::invitation::Invitation;
use cc2i_shared::notification::{NotificationFeed, NotificationPreferences};
use cc2i_shared::Organisation;
use cc2i_tests::mail::{outbox, outbox_to, run_jobs, spawn_with_clock, Eml};
use cc2i_tests::{ok, problem, Session, TestApp, PUBLIC_URL};
use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn set_cadence(app: &TestApp, who: &Session, cadence: &str) {
    let saved: NotificationPreferences = ok(
        app.request(
            Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(&who.token),
            Some(json!({"email": cadence})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(serde_json::to_value(saved).unwrap()["email"], cadence);
}

async fn feed(app: &TestApp, who: &Session) -> NotificationFeed {
    ok(
        app.get("/api/v1/notifications?limit=100", Some(&who.token))
            .await,
        StatusCode::OK,
    )
    .await
}

/// Invites `org` to `idea`, which notifies its members.
async fn invite(app: &TestApp, proposer: &Session, idea: &Idea, org: &Organisation) {
    ok::<Vec<Invitation>>(
        app.post(
            &format!("/api/v1/ideas/{}/invitations", idea.id),
            Some(&proposer.token),
            json!({"organisation_ids": [org.id]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
}

/// The local path of an emailed link.
fn local(url: &str) -> String {
    url.strip_prefix(PUBLIC_URL)
        .expect("a link to the service")
        .to_string()
}

#[tokio::test]
async fn preferences_default_to_daily_and_are_validated() {
    let app = TestApp::spawn().await;
    let me = app.user().await;
    let got: NotificationPreferences = ok(
        app.get("/api/v1/me/notification-preferences", Some(&me.token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        serde_json::to_value(got).unwrap(),
        json!({"email": "daily"})
    );
    set_cadence(&app, &me, "weekly").await;
    let got: NotificationPreferences = ok(
        app.get("/api/v1/me/notification-preferences", Some(&me.token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        serde_json::to_value(got).unwrap(),
        json!({"email": "weekly"})
    );
    let p = problem(
        app.request(
            Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(&me.token),
            Some(json!({"email": "hourly"})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(p.field("email")[0].starts_with("must be one of"));
    problem(
        app.request(
            Method::PUT,
            "/api/v1/me/notification-preferences",
            None,
            Some(json!({"email": "off"})),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn the_jobs_endpoint_exists_only_with_the_test_clock_and_for_platform_admins() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    problem(
        app.post("/api/v1/admin/jobs/run", Some(&admin), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "route_not_found",
    )
    .await;
    let clocked = spawn_with_clock().await;
    let someone = clocked.user().await;
    problem(
        clocked
            .post("/api/v1/admin/jobs/run", Some(&someone.token), json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let admin = clocked.admin().await;
    problem(
        clocked
            .post(
                "/api/v1/admin/jobs/run",
                Some(&admin),
                json!({"now": "yesterday"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

fn assert_well_formed(mail: &Eml) {
    assert!(mail.header("Message-ID").is_some());
    assert!(mail.header("Date").is_some());
    assert_eq!(mail.header("MIME-Version"), Some("1.0"));
    assert!(mail
        .header("From")
        .is_some_and(|f| f.contains("notifications@cc2i.test")));
    assert_eq!(
        mail.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    let url = mail.unsubscribe_url();
    assert!(
        url.starts_with("https://cc2i.test/api/v1/unsubscribe?token="),
        "{url}"
    );
    assert!(mail.text.contains(&url));
    assert!(mail.html.contains(&format!("href=\"{url}\"")));
    assert!(mail.html.starts_with("<!DOCTYPE html>"));
}

#[tokio::test]
async fn immediate_sends_one_email_per_notification_once() {
    let app = spawn_with_clock().await;
    let proposer = app.user().await;
    let me = app.user().await;
    let org = app.verified_organisation(&me).await;
    set_cadence(&app, &me, "immediate").await;
    let idea = app.open_idea(&proposer).await;
    // Publishing told us (same kind, region and service area); nothing is sent yet.
    assert_eq!(feed(&app, &me).await.items.len(), 1);
    assert!(outbox(&app).is_empty());

    let report = run_jobs(&app, Utc::now()).await;
    assert_eq!(report.emails_sent, 1);
    assert_eq!(report.digests, 0);
    let mail = outbox_to(&app, &me.user.email);
    assert_eq!(mail.len(), 1);
    assert_well_formed(&mail[0]);
    assert!(mail[0].text.contains(&idea.title));
    assert!(mail[0]
        .text
        .contains(&format!("Open it: https://cc2i.test/ideas/{}", idea.id)));
    assert!(mail[0]
        .html
        .contains(&format!("href=\"https://cc2i.test/ideas/{}\"", idea.id)));
    assert!(mail[0].text.contains("an email for each CC2i notification"));

    // Sent once: running again sends nothing.
    let again = run_jobs(&app, Utc::now()).await;
    assert_eq!(again.emails_sent, 0);
    assert_eq!(outbox(&app).len(), 1);

    invite(&app, &proposer, &idea, &org).await;
    assert_eq!(run_jobs(&app, Utc::now()).await.emails_sent, 1);
    let mail = outbox_to(&app, &me.user.email);
    assert_eq!(mail.len(), 2);
    assert!(mail
        .iter()
        .any(|m| m.text.contains("invites your organisation")));
}

#[tokio::test]
async fn a_daily_digest_bundles_everything_since_the_last_one() {
    let app = spawn_with_clock().await;
    let proposer = app.user().await;
    let me = app.user().await;
    let org = app.verified_organisation(&me).await;
    let first = app.open_idea(&proposer).await;
    let second = app.open_idea(&proposer).await;
    invite(&app, &proposer, &first, &org).await;
    let items = feed(&app, &me).await.items;
    assert_eq!(items.len(), 3, "two matches and an invitation");
    let t0 = Utc::now();

    let early = run_jobs(&app, t0 + Duration::hours(1)).await;
    assert_eq!((early.digests, early.emails_sent), (0, 0));
    assert!(outbox_to(&app, &me.user.email).is_empty());

    let due = run_jobs(&app, t0 + Duration::hours(25)).await;
    // Ours, and the proposer's: their first organisation matched the second idea.
    assert_eq!(due.digests, 2);
    let mail = outbox_to(&app, &me.user.email);
    assert_eq!(mail.len(), 1);
    let digest = &mail[0];
    assert_well_formed(digest);
    assert_eq!(
        digest.header("Subject"),
        Some("Your CC2i daily digest: 3 updates")
    );
    for item in &items {
        assert!(digest.text.contains(&item.title), "{}", digest.text);
    }
    assert!(digest.text.contains(&first.title) && digest.text.contains(&second.title));
    assert!(digest.text.contains("daily digest"));

    let later = run_jobs(&app, t0 + Duration::hours(26)).await;
    assert_eq!((later.digests, later.emails_sent), (0, 0));
    assert_eq!(outbox_to(&app, &me.user.email).len(), 1);

    // Something new waits a day from the last digest, and comes alone.
    invite(&app, &proposer, &second, &org).await;
    assert_eq!(run_jobs(&app, t0 + Duration::hours(27)).await.digests, 0);
    assert_eq!(run_jobs(&app, t0 + Duration::hours(50)).await.digests, 1);
    let mail = outbox_to(&app, &me.user.email);
    assert_eq!(mail.len(), 2);
    let next = mail
        .iter()
        .find(|m| m.file != digest.file)
        .expect("a second digest");
    assert_eq!(
        next.header("Subject"),
        Some("Your CC2i daily digest: 1 update")
    );
    assert!(next.text.contains("invites your organisation"));
    assert!(!next.text.contains("New idea for your organisation"));
}

#[tokio::test]
async fn a_weekly_digest_waits_a_week_and_off_sends_nothing() {
    let app = spawn_with_clock().await;
    let proposer = app.user().await;
    let weekly = app.user().await;
    app.verified_organisation(&weekly).await;
    set_cadence(&app, &weekly, "weekly").await;
    let silent = app.user().await;
    app.verified_organisation(&silent).await;
    set_cadence(&app, &silent, "off").await;
    let idea = app.open_idea(&proposer).await;
    assert_eq!(feed(&app, &silent).await.items.len(), 1, "still in the app");
    let t0 = Utc::now();

    assert_eq!(run_jobs(&app, t0 + Duration::days(2)).await.digests, 0);
    assert!(outbox(&app).is_empty());
    let due = run_jobs(&app, t0 + Duration::days(8)).await;
    assert_eq!((due.digests, due.emails_sent), (1, 1));
    let mail = outbox_to(&app, &weekly.user.email);
    assert_eq!(mail.len(), 1);
    assert_eq!(
        mail[0].header("Subject"),
        Some("Your CC2i weekly digest: 1 update")
    );
    assert!(mail[0].text.contains(&idea.title));
    assert!(mail[0].text.contains("weekly digest"));
    assert!(outbox_to(&app, &silent.user.email).is_empty());
    assert_eq!(outbox(&app).len(), 1);
}

fn tamper(url: &str) -> String {
    let mut chars: Vec<char> = url.chars().collect();
    let last = chars.len() - 1;
    chars[last] = if chars[last] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

#[tokio::test]
async fn the_unsubscribe_link_works_without_signing_in_and_only_when_genuine() {
    let app = spawn_with_clock().await;
    let proposer = app.user().await;
    let me = app.user().await;
    let org = app.verified_organisation(&me).await;
    set_cadence(&app, &me, "immediate").await;
    let idea = app.open_idea(&proposer).await;
    run_jobs(&app, Utc::now()).await;
    let mail = outbox_to(&app, &me.user.email);
    assert_eq!(mail.len(), 1);
    let link = local(&mail[0].unsubscribe_url());

    problem(
        app.get(&tamper(&link), None).await,
        StatusCode::BAD_REQUEST,
        "invalid_unsubscribe_token",
    )
    .await;
    // Someone else's id under this signature.
    let token = link.split("token=").nth(1).unwrap();
    let (_, signature) = token.split_once('.').unwrap();
    use base64::Engine;
    let forged =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("u:{}", proposer.user.id));
    problem(
        app.get(
            &format!("/api/v1/unsubscribe?token={forged}.{signature}"),
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_unsubscribe_token",
    )
    .await;
    problem(
        app.get("/api/v1/unsubscribe", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let prefs = |who: &Session| {
        let token = who.token.clone();
        let app = &app;
        async move {
            let p: NotificationPreferences = ok(
                app.get("/api/v1/me/notification-preferences", Some(&token))
                    .await,
                StatusCode::OK,
            )
            .await;
            serde_json::to_value(p).unwrap()["email"].clone()
        }
    };
    assert_eq!(prefs(&me).await, "immediate");
    assert_eq!(
        prefs(&proposer).await,
        "daily",
        "the forgery changed nothing"
    );

    let done: NotificationPreferences = ok(app.get(&link, None).await, StatusCode::OK).await;
    assert_eq!(serde_json::to_value(done).unwrap()["email"], "off");
    assert_eq!(prefs(&me).await, "off");
    // Idempotent, and a person's browser gets a page.
    let page = app
        .client
        .get(format!("{}{link}", app.base))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("You are unsubscribed"));

    invite(&app, &proposer, &idea, &org).await;
    run_jobs(&app, Utc::now() + Duration::days(8)).await;
    assert_eq!(outbox_to(&app, &me.user.email).len(), 1, "no more email");

    // An invited address without an account can unsubscribe too (one-click POST here).
    let stranger = "stranger@elsewhere.gov.uk";
    ok::<Vec<Invitation>>(
        app.post(
            &format!("/api/v1/ideas/{}/invitations", idea.id),
            Some(&proposer.token),
            json!({"emails": [stranger]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    run_jobs(&app, Utc::now()).await;
    let invitation = outbox_to(&app, stranger);
    assert_eq!(invitation.len(), 1);
    assert_well_formed(&invitation[0]);
    let link = local(&invitation[0].unsubscribe_url());
    problem(
        app.post(&tamper(&link), None, json!({})).await,
        StatusCode::BAD_REQUEST,
        "invalid_unsubscribe_token",
    )
    .await;
    let res = app
        .client
        .post(format!("{}{link}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let other = app.open_idea(&proposer).await;
    ok::<Vec<Invitation>>(
        app.post(
            &format!("/api/v1/ideas/{}/invitations", other.id),
            Some(&proposer.token),
            json!({"emails": [stranger]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    run_jobs(&app, Utc::now()).await;
    assert_eq!(outbox_to(&app, stranger).len(), 1, "no more email");
}

#[tokio::test]
async fn a_message_interrupted_before_it_was_marked_is_sent_again_into_the_same_file() {
    let app = spawn_with_clock().await;
    let proposer = app.user().await;
    let me = app.user().await;
    app.verified_organisation(&me).await;
    set_cadence(&app, &me, "immediate").await;
    app.open_idea(&proposer).await;
    assert_eq!(run_jobs(&app, Utc::now()).await.emails_sent, 1);
    let first = outbox_to(&app, &me.user.email);
    assert_eq!(first.len(), 1);

    // A sender claimed it just now and is still at work: nobody else takes it.
    app.sql("UPDATE email_outbox SET sent_at = NULL, claimed_at = '2999-01-01 00:00:00' WHERE kind <> 'account'");
    assert_eq!(run_jobs(&app, Utc::now()).await.emails_sent, 0);
    // A sender wrote the file and died before marking it: once its claim expires, the
    // message is delivered again, to the same file, and marked.
    app.sql("UPDATE email_outbox SET sent_at = NULL, claimed_at = '2000-01-01 00:00:00' WHERE kind <> 'account'");
    assert_eq!(run_jobs(&app, Utc::now()).await.emails_sent, 1);
    let again = outbox(&app);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].file, first[0].file);
    assert_eq!(again[0].header("Message-ID"), first[0].header("Message-ID"));
    assert_eq!(run_jobs(&app, Utc::now()).await.emails_sent, 0);
}
