//! Public questions and answers, updates (public and funders-only) and following.

use cc2i_shared::discussion::{Following, IdeaUpdate, Question, UpdateAudience};
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::pledge::{Pledge, PledgeStatus};
use cc2i_shared::Page;
use cc2i_tests::talk::{
    answer, ask, asked, feed, post_update, posted, proposer_org, questions, told, told_links,
    update_titles, verified_member,
};
use cc2i_tests::{ok, problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_verified_member_asks_and_everyone_reads_it_under_their_organisation() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let colleague = app.user().await;
    let org = proposer_org(&app, &proposer, &idea).await;
    app.add_member(&proposer, &org, &colleague, "member").await;
    let (asker, asker_org) = verified_member(&app).await;

    let res = ask(
        &app,
        &asker,
        &idea.id,
        json!({"body": "  Will the adapters support Northgate?  "}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let text = res.text().await.unwrap();
    let question: Question = serde_json::from_str(&text).unwrap();
    assert!(
        !text.contains(&asker.user.email),
        "the asker's email leaked: {text}"
    );
    assert_eq!(
        question.body.as_deref(),
        Some("Will the adapters support Northgate?")
    );
    assert_eq!(question.organisation.name, asker_org.name);
    assert_eq!(question.organisation.id, asker_org.id);
    assert!(question.answer.is_none());
    assert!(!question.hidden);

    let public = app
        .get(&format!("/api/v1/ideas/{}/questions", idea.id), None)
        .await;
    assert_eq!(public.status(), StatusCode::OK);
    let text = public.text().await.unwrap();
    assert!(!text.contains(&asker.user.email));
    let page: Page<Question> = serde_json::from_str(&text).unwrap();
    assert_eq!(page.items, vec![question]);

    for member in [&proposer, &colleague] {
        let titles = told(&app, member, "question_asked").await;
        assert_eq!(titles.len(), 1, "{titles:?}");
        assert!(titles[0].contains(&asker_org.name) && titles[0].contains(&idea.title));
        assert_eq!(
            told_links(&app, member, "question_asked").await,
            [format!("/ideas/{}/questions-and-updates", idea.id)]
        );
    }
    assert!(told(&app, &asker, "question_asked").await.is_empty());
}

#[tokio::test]
async fn only_members_of_a_verified_organisation_other_than_the_proposer_may_ask() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let body = json!({"body": "How is hosting paid for after year one?"});
    let path = format!("/api/v1/ideas/{}/questions", idea.id);

    problem(
        app.post(&path, None, body.clone()).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let loner = app.user().await;
    problem(
        ask(&app, &loner, &idea.id, body.clone()).await,
        StatusCode::FORBIDDEN,
        "organisation_not_verified",
    )
    .await;
    let unverified = app.user().await;
    app.organisation(&unverified).await;
    problem(
        ask(&app, &unverified, &idea.id, body.clone()).await,
        StatusCode::FORBIDDEN,
        "organisation_not_verified",
    )
    .await;
    problem(
        ask(&app, &proposer, &idea.id, body.clone()).await,
        StatusCode::FORBIDDEN,
        "proposer_cannot_ask",
    )
    .await;

    // Someone in two verified organisations says which one asks.
    let (busy, first) = verified_member(&app).await;
    let second = app.verified_organisation(&busy).await;
    let p = problem(
        ask(&app, &busy, &idea.id, body.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let message = &p.field("organisation_id")[0];
    assert!(
        message.contains(&first.name) && message.contains(&second.name),
        "{message}"
    );
    let q: Question = ok(
        ask(
            &app,
            &busy,
            &idea.id,
            json!({"body": "Which licence?", "organisation_id": second.id}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(q.organisation.name, second.name);
    let (_, elsewhere) = verified_member(&app).await;
    problem(
        ask(
            &app,
            &busy,
            &idea.id,
            json!({"body": "x", "organisation_id": elsewhere.id}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let proposing = proposer_org(&app, &proposer, &idea).await;
    app.add_member(&proposer, &proposing, &busy, "member").await;
    problem(
        ask(
            &app,
            &busy,
            &idea.id,
            json!({"body": "x", "organisation_id": proposing.id}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "proposer_cannot_ask",
    )
    .await;

    // Ideas nobody outside the proposer can see look missing; closed ones take no questions.
    let draft = app.draft_idea(&proposer, &proposing).await;
    problem(
        ask(&app, &first_owner(&app).await, &draft.id, body.clone()).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        ask(&app, &busy, "no-such-idea", body.clone()).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get(&format!("/api/v1/ideas/{}/questions", draft.id), None)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    app.act(&proposer.token, &idea.id, "withdraw").await;
    problem(
        ask(
            &app,
            &busy,
            &idea.id,
            json!({"body": "Still going?", "organisation_id": first.id}),
        )
        .await,
        StatusCode::CONFLICT,
        "questions_closed",
    )
    .await;
    assert_eq!(questions(&app, None, &idea.id).await.items.len(), 1);
}

/// The owner of a new verified organisation.
async fn first_owner(app: &TestApp) -> cc2i_tests::Session {
    verified_member(app).await.0
}

#[tokio::test]
async fn questions_and_answers_have_length_limits_and_bad_input_writes_nothing() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let (asker, _) = verified_member(&app).await;
    for (body, message) in [
        (json!({"body": "   "}), "is required"),
        (
            json!({"body": "q".repeat(2001)}),
            "must be 2000 characters or fewer",
        ),
    ] {
        let p = problem(
            ask(&app, &asker, &idea.id, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field("body"), [message]);
    }
    let p = problem(
        ask(
            &app,
            &asker,
            &idea.id,
            json!({"body": "ok", "urgent": true}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("urgent"), ["is not a recognised field"]);
    assert!(questions(&app, None, &idea.id).await.items.is_empty());

    let q = asked(&app, &asker, &idea.id, &"q".repeat(2000)).await;
    let p = problem(
        answer(&app, &proposer, &q.id, "").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("body"), ["is required"]);
    let p = problem(
        answer(&app, &proposer, &q.id, &"a".repeat(5001)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("body"), ["must be 5000 characters or fewer"]);
    assert!(questions(&app, None, &idea.id).await.items[0]
        .answer
        .is_none());
    let p = problem(
        app.get(
            &format!("/api/v1/ideas/{}/questions?limit=0", idea.id),
            None,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("limit"), ["must be between 1 and 100"]);
}

#[tokio::test]
async fn text_of_spaces_alone_is_refused_as_the_description_documents() {
    // Questions and answers document a pattern (`NOT_BLANK_PATTERN`) that text of Unicode
    // White_Space alone (what the server trims) breaks, so clients and the contract fuzzer know
    // it is refused. Checked with a JSON Schema validator on the published schemas.
    let doc: serde_json::Value = serde_json::to_value(
        serde_yaml::from_str::<serde_yaml::Value>(&cc2i_api::openapi_yaml()).unwrap(),
    )
    .unwrap();
    let schema = |name: &str| doc["components"]["schemas"][name]["properties"]["body"].clone();
    let (ask_schema, answer_schema) = (schema("AskQuestion"), schema("AnswerQuestion"));
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let (asker, _) = verified_member(&app).await;
    let q = asked(&app, &asker, &idea.id, "Which systems?").await;
    for blank in ["\u{a0}", "\u{85}", "\u{b}\u{c}", " \t\n\u{2003}\u{3000}"] {
        for documented in [&ask_schema, &answer_schema] {
            assert!(
                !jsonschema::is_valid(documented, &json!(blank)),
                "{blank:?} fits {documented}"
            );
        }
        let p = problem(
            ask(&app, &asker, &idea.id, json!({ "body": blank })).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field("body"), ["is required"]);
        let p = problem(
            answer(&app, &proposer, &q.id, blank).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field("body"), ["is required"]);
    }
    // Not spaces to the server (nor to the pattern), whatever other regex dialects say.
    for fine in ["\u{a0}Why?", "\u{feff}", "\u{1c}"] {
        assert!(jsonschema::is_valid(&ask_schema, &json!(fine)), "{fine:?}");
        asked(&app, &asker, &idea.id, fine).await;
    }
    assert_eq!(questions(&app, None, &idea.id).await.items.len(), 4);
}

#[tokio::test]
async fn any_member_of_the_proposer_answers_once_and_the_asker_is_told() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let clerk = app.user().await;
    let org = proposer_org(&app, &proposer, &idea).await;
    app.add_member(&proposer, &org, &clerk, "member").await;
    let (asker, asker_org) = verified_member(&app).await;
    let colleague = app.user().await;
    app.add_member(&asker, &asker_org, &colleague, "member")
        .await;
    let q = asked(&app, &asker, &idea.id, "Is the SLA 99.9%?").await;

    let (outsider, _) = verified_member(&app).await;
    problem(
        answer(&app, &outsider, &q.id, "Yes").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        answer(&app, &asker, &q.id, "Yes").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let admin = cc2i_tests::Session {
        user: asker.user.clone(),
        token: app.admin().await,
    };
    problem(
        answer(&app, &admin, &q.id, "Yes").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        answer(&app, &clerk, "no-such-question", "Yes").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.post(
            &format!("/api/v1/questions/{}/answer", q.id),
            None,
            json!({"body": "Yes"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;

    let answered: Question = ok(
        answer(&app, &clerk, &q.id, " Yes, 99.9% monthly. ").await,
        StatusCode::OK,
    )
    .await;
    let a = answered.answer.clone().expect("answered");
    assert_eq!(a.body.as_deref(), Some("Yes, 99.9% monthly."));
    assert_eq!(a.organisation.id, idea.organisation.id);
    assert_eq!(questions(&app, None, &idea.id).await.items, vec![answered]);

    let titles = told(&app, &asker, "question_answered").await;
    assert_eq!(titles.len(), 1);
    assert!(titles[0].contains(&idea.title));
    assert_eq!(
        told_links(&app, &asker, "question_answered").await,
        [format!("/ideas/{}/questions-and-updates", idea.id)]
    );
    assert!(
        told(&app, &colleague, "question_answered").await.is_empty(),
        "only the asker is told"
    );

    problem(
        answer(&app, &proposer, &q.id, "Actually, no.").await,
        StatusCode::CONFLICT,
        "already_answered",
    )
    .await;
    let after = questions(&app, None, &idea.id).await.items;
    assert_eq!(
        after[0].answer.as_ref().and_then(|a| a.body.as_deref()),
        Some("Yes, 99.9% monthly.")
    );
}

#[tokio::test]
async fn questions_are_listed_newest_first_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let (asker, _) = verified_member(&app).await;
    for n in 1..=3 {
        asked(&app, &asker, &idea.id, &format!("Question {n}")).await;
    }
    let first: Page<Question> = ok(
        app.get(
            &format!("/api/v1/ideas/{}/questions?limit=2", idea.id),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let bodies: Vec<_> = first
        .items
        .iter()
        .map(|q| q.body.clone().unwrap())
        .collect();
    assert_eq!(bodies, ["Question 3", "Question 2"]);
    let cursor = first.next_cursor.expect("a second page");
    let second: Page<Question> = ok(
        app.get(
            &format!(
                "/api/v1/ideas/{}/questions?limit=2&cursor={cursor}",
                idea.id
            ),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].body.as_deref(), Some("Question 1"));
    assert!(second.next_cursor.is_none());
}

#[tokio::test]
async fn owners_and_admins_post_updates_and_funders_only_updates_reach_only_funders() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let org = proposer_org(&app, &proposer, &idea).await;
    let (clerk, deputy) = (app.user().await, app.user().await);
    app.add_member(&proposer, &org, &clerk, "member").await;
    app.add_member(&proposer, &org, &deputy, "admin").await;

    let funder = app.user().await;
    let funder_org = app.funder(&funder, 100_000_000_000).await;
    let funder_clerk = app.user().await;
    app.add_member(&funder, &funder_org, &funder_clerk, "member")
        .await;
    let pledge: Pledge = ok(
        app.pledge(&funder, &idea, &funder_org, 4000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pledge.status, PledgeStatus::Active);
    let hopeful = app.user().await;
    let hopeful_org = app.funder(&hopeful, 0).await;
    let pending: Pledge = ok(
        app.pledge(&hopeful, &idea, &hopeful_org, 2000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pending.status, PledgeStatus::PendingApproval);
    let follower = app.user().await;
    ok::<Following>(
        app.post(
            &format!("/api/v1/ideas/{}/follow", idea.id),
            Some(&follower.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let (outsider, _) = verified_member(&app).await;

    problem(
        post_update(&app, &clerk, &idea.id, "Sprint 1", "public").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        post_update(&app, &outsider, &idea.id, "Sprint 1", "public").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        post_update(&app, &funder, &idea.id, "Sprint 1", "public").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let secret = posted(&app, &deputy, &idea.id, "Costs for funders", "funders").await;
    assert_eq!(secret.audience, UpdateAudience::Funders);
    assert_eq!(secret.organisation.name, org.name);
    let news = posted(&app, &proposer, &idea.id, "Alpha has started", "public").await;
    assert_eq!(
        news.body.as_deref(),
        Some("Alpha has started: the details.")
    );

    let both = vec![
        "Alpha has started".to_string(),
        "Costs for funders".to_string(),
    ];
    let public_only = vec!["Alpha has started".to_string()];
    for who in [&funder, &funder_clerk, &clerk, &proposer] {
        assert_eq!(update_titles(&app, Some(&who.token), &idea.id).await, both);
    }
    assert_eq!(
        update_titles(&app, Some(&app.admin().await), &idea.id).await,
        both
    );
    for who in [&hopeful, &follower, &outsider] {
        assert_eq!(
            update_titles(&app, Some(&who.token), &idea.id).await,
            public_only
        );
    }
    assert_eq!(update_titles(&app, None, &idea.id).await, public_only);

    for who in [&funder, &funder_clerk] {
        assert_eq!(told(&app, who, "idea_update_funders").await.len(), 1);
        assert_eq!(told(&app, who, "idea_update").await.len(), 1);
    }
    assert!(told(&app, &funder, "idea_update_funders").await[0].contains("Costs for funders"));
    assert!(told(&app, &follower, "idea_update_funders")
        .await
        .is_empty());
    assert_eq!(told(&app, &follower, "idea_update").await.len(), 1);
    assert_eq!(
        told_links(&app, &follower, "idea_update").await,
        [format!("/ideas/{}/questions-and-updates", idea.id)]
    );
    for who in [&hopeful, &outsider, &deputy, &proposer] {
        let f = feed(&app, who).await;
        assert!(
            !f.items.iter().any(|n| n.kind.starts_with("idea_update")),
            "told wrongly: {:?}",
            f.items
        );
    }
    // The poster's colleagues are not told about their own organisation's update.
    assert!(told(&app, &clerk, "idea_update").await.is_empty());
}

#[tokio::test]
async fn funders_with_committed_pledges_still_read_funders_only_updates() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let mut funders = Vec::new();
    for share in [6000, 5000] {
        let who = app.user().await;
        let org = app.funder(&who, 100_000_000_000).await;
        ok::<Pledge>(
            app.pledge(&who, &idea, &org, share).await,
            StatusCode::CREATED,
        )
        .await;
        funders.push(who);
    }
    let closed: Idea = ok(
        app.post(
            &format!("/api/v1/ideas/{}/close", idea.id),
            Some(&app.admin().await),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed.status, IdeaStatus::Funded);
    posted(&app, &proposer, &idea.id, "Kick-off date", "funders").await;
    for who in &funders {
        assert_eq!(
            update_titles(&app, Some(&who.token), &idea.id).await,
            ["Kick-off date"]
        );
        assert_eq!(told(&app, who, "idea_update_funders").await.len(), 1);
    }
    assert!(update_titles(&app, None, &idea.id).await.is_empty());
    // Questions are still taken after funding.
    let (asker, _) = verified_member(&app).await;
    asked(&app, &asker, &idea.id, "When does delivery start?").await;
}

#[tokio::test]
async fn updates_are_validated_and_only_posted_on_published_ideas() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let path = format!("/api/v1/ideas/{}/updates", idea.id);
    let p = problem(
        app.post(
            &path,
            Some(&proposer.token),
            json!({"title": "t".repeat(121), "body": " ", "audience": "everyone"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("audience"), ["must be `public` or `funders`"]);
    let p = problem(
        app.post(
            &path,
            Some(&proposer.token),
            json!({"title": "t".repeat(121), "body": " ", "audience": "public"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("title"), ["must be 120 characters or fewer"]);
    assert_eq!(p.field("body"), ["is required"]);
    let p = problem(
        app.post(&path, Some(&proposer.token), json!({"title": "Hello"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("body"), ["is required"]);
    assert!(update_titles(&app, Some(&proposer.token), &idea.id)
        .await
        .is_empty());

    let org = proposer_org(&app, &proposer, &idea).await;
    let draft = app.draft_idea(&proposer, &org).await;
    problem(
        post_update(&app, &proposer, &draft.id, "Early news", "public").await,
        StatusCode::CONFLICT,
        "idea_not_public",
    )
    .await;
    let (outsider, _) = verified_member(&app).await;
    problem(
        post_update(&app, &outsider, &draft.id, "Early news", "public").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get(
            &format!("/api/v1/ideas/{}/updates", draft.id),
            Some(&outsider.token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        post_update(&app, &proposer, "no-such-idea", "News", "public").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn followers_are_told_about_public_updates_until_they_unfollow() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let fan = app.user().await;
    let path = format!("/api/v1/ideas/{}/follow", idea.id);

    problem(
        app.post(&path, None, json!({})).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let none: Following = ok(app.get(&path, Some(&fan.token)).await, StatusCode::OK).await;
    assert_eq!(
        none,
        Following {
            following: false,
            followers: 0
        }
    );
    for _ in 0..2 {
        let f: Following = ok(
            app.post(&path, Some(&fan.token), json!({})).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            f,
            Following {
                following: true,
                followers: 1
            },
            "following twice changes nothing"
        );
    }
    let other = app.user().await;
    ok::<Following>(
        app.post(&path, Some(&other.token), json!({})).await,
        StatusCode::OK,
    )
    .await;
    let mine: Following = ok(app.get(&path, Some(&fan.token)).await, StatusCode::OK).await;
    assert_eq!(
        mine,
        Following {
            following: true,
            followers: 2
        }
    );

    posted(&app, &proposer, &idea.id, "Discovery findings", "public").await;
    posted(&app, &proposer, &idea.id, "Private numbers", "funders").await;
    let titles = told(&app, &fan, "idea_update").await;
    assert_eq!(titles.len(), 1);
    assert!(titles[0].contains("Discovery findings"));
    assert!(told(&app, &fan, "idea_update_funders").await.is_empty());

    for _ in 0..2 {
        let f: Following = ok(app.delete(&path, Some(&fan.token)).await, StatusCode::OK).await;
        assert_eq!(
            f,
            Following {
                following: false,
                followers: 1
            }
        );
    }
    // The follow state is still there to read after unfollowing: it says you no longer follow
    // (so no OpenAPI link leads from a new idea to unfollowing it: see openapi_contract.rs).
    let after: Following = ok(app.get(&path, Some(&fan.token)).await, StatusCode::OK).await;
    assert_eq!(
        after,
        Following {
            following: false,
            followers: 1
        }
    );
    posted(&app, &proposer, &idea.id, "Beta dates", "public").await;
    assert_eq!(
        told(&app, &fan, "idea_update").await.len(),
        1,
        "no longer told"
    );
    assert_eq!(told(&app, &other, "idea_update").await.len(), 2);

    let org = proposer_org(&app, &proposer, &idea).await;
    let draft = app.draft_idea(&proposer, &org).await;
    problem(
        app.post(
            &format!("/api/v1/ideas/{}/follow", draft.id),
            Some(&fan.token),
            json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn a_funders_only_update_is_listed_with_its_audience() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    posted(&app, &proposer, &idea.id, "For funders", "funders").await;
    let page: Page<IdeaUpdate> = ok(
        app.get(
            &format!("/api/v1/ideas/{}/updates", idea.id),
            Some(&proposer.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].audience, UpdateAudience::Funders);
    assert!(!page.items[0].hidden);
}
