//! The funders' backlog: who may add, vote, retract and decide; one-org-one-vote and
//! share-weighted tallies from real pledges; ordering; validation.

use cc2i_shared::backlog::{Backlog, Requirement, RequirementStatus};
use cc2i_shared::idea::{Idea, VotingModel};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::notification::NotificationFeed;
use cc2i_shared::pledge::{Pledge, PledgeStatus};
use cc2i_shared::Organisation;
use cc2i_tests::fixtures::new_requirement;
use cc2i_tests::{ok, problem, Session, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A verified organisation whose owner pledges `share_bp` at once (under the self-approval
/// limit), so it funds the idea.
async fn funder(app: &TestApp, idea: &Idea, share_bp: i64) -> (Session, Organisation, Pledge) {
    let owner = app.user().await;
    let org = app.funder(&owner, 100_000_000_000).await;
    let pledge: Pledge = ok(
        app.pledge(&owner, idea, &org, share_bp).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pledge.status, PledgeStatus::Active);
    (owner, org, pledge)
}

async fn add(app: &TestApp, who: &Session, idea: &Idea, body: Value) -> reqwest::Response {
    app.post(
        &format!("/api/v1/ideas/{}/requirements", idea.id),
        Some(&who.token),
        body,
    )
    .await
}

async fn added(app: &TestApp, who: &Session, idea: &Idea, title: &str) -> Requirement {
    ok(
        add(app, who, idea, new_requirement(title)).await,
        StatusCode::CREATED,
    )
    .await
}

async fn vote(app: &TestApp, who: &Session, r: &Requirement, org: &str) -> reqwest::Response {
    app.post(
        &format!("/api/v1/requirements/{}/votes", r.id),
        Some(&who.token),
        json!({"organisation_id": org}),
    )
    .await
}

async fn voted(app: &TestApp, who: &Session, r: &Requirement, org: &str) -> Requirement {
    ok(vote(app, who, r, org).await, StatusCode::CREATED).await
}

async fn retract(app: &TestApp, who: &Session, r: &Requirement, org: &str) -> reqwest::Response {
    app.delete(
        &format!("/api/v1/requirements/{}/votes/{org}", r.id),
        Some(&who.token),
    )
    .await
}

async fn backlog(app: &TestApp, who: Option<&Session>, idea: &Idea) -> Backlog {
    ok(
        app.get(
            &format!("/api/v1/ideas/{}/requirements", idea.id),
            who.map(|s| s.token.as_str()),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

/// (title, score, votes) in backlog order.
fn board(b: &Backlog) -> Vec<(String, i64, i64)> {
    b.requirements
        .iter()
        .map(|r| (r.title.clone(), r.tally.score, r.tally.votes))
        .collect()
}

fn row(title: &str, score: i64, votes: i64) -> (String, i64, i64) {
    (title.to_owned(), score, votes)
}

async fn set_status(
    app: &TestApp,
    who: &Session,
    r: &Requirement,
    body: Value,
) -> reqwest::Response {
    app.patch(
        &format!("/api/v1/requirements/{}", r.id),
        Some(&who.token),
        body,
    )
    .await
}

async fn organisation(app: &TestApp, id: &str) -> Organisation {
    ok(
        app.get(&format!("/api/v1/organisations/{id}"), None).await,
        StatusCode::OK,
    )
    .await
}

async fn feed(app: &TestApp, who: &Session) -> NotificationFeed {
    ok(
        app.get("/api/v1/notifications", Some(&who.token)).await,
        StatusCode::OK,
    )
    .await
}

#[tokio::test]
async fn funders_and_the_proposer_add_requirements_and_nobody_else_does() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let proposer_org = organisation(&app, &idea.organisation.id).await;
    let colleague = app.user().await;
    app.add_member(&proposer, &proposer_org, &colleague, "member")
        .await;
    let (funder_owner, funder_org, _) = funder(&app, &idea, 6000).await;
    let clerk = app.user().await;
    app.add_member(&funder_owner, &funder_org, &clerk, "member")
        .await;

    // A plain member of a funder adds on its behalf.
    let by_funder = added(&app, &clerk, &idea, "Let tenants attach a video").await;
    assert_eq!(by_funder.organisation.id, funder_org.id);
    assert_eq!(by_funder.organisation.name, funder_org.name);
    assert_eq!(by_funder.status, RequirementStatus::Proposed);
    assert_eq!(by_funder.title, "Let tenants attach a video");
    assert_eq!(by_funder.history.len(), 1);
    assert_eq!(by_funder.history[0].status, RequirementStatus::Proposed);
    assert_eq!(by_funder.tally.votes, 0);

    // Any member of the proposer, defaulting to the proposing organisation.
    let by_proposer = added(&app, &colleague, &idea, "Welsh language version").await;
    assert_eq!(by_proposer.organisation.id, idea.organisation.id);

    // On behalf of an organisation the caller does not belong to.
    let mut body = new_requirement("Text message updates");
    body["organisation_id"] = json!(idea.organisation.id);
    problem(
        add(&app, &clerk, &idea, body).await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;

    // A verified organisation that has not pledged, and one whose pledge awaits approval or
    // whose condition is not met, are not funders.
    let stranger = app.user().await;
    let stranger_org = app.verified_organisation(&stranger).await;
    problem(
        add(&app, &stranger, &idea, new_requirement("Something we want")).await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;
    let waiting_owner = app.user().await;
    let waiting_org = app.verified_organisation(&waiting_owner).await;
    let pending: Pledge = ok(
        app.pledge(&waiting_owner, &idea, &waiting_org, 1000).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pending.status, PledgeStatus::PendingApproval);
    problem(
        add(
            &app,
            &waiting_owner,
            &idea,
            new_requirement("Something we want"),
        )
        .await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;
    let conditional_owner = app.user().await;
    let conditional_org = app.funder(&conditional_owner, 100_000_000_000).await;
    let body = json!({"organisation_id": conditional_org.id, "share_bp": 1000, "business_case_version": 1, "condition": {"min_other_organisations": 5}});
    let conditional: Pledge = ok(
        app.pledge_with_key(
            &conditional_owner,
            &idea.id,
            body,
            "backlog-conditional-0001",
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert!(!conditional.condition_met);
    problem(
        add(
            &app,
            &conditional_owner,
            &idea,
            new_requirement("Something we want"),
        )
        .await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;

    // Signed out.
    problem(
        app.post(
            &format!("/api/v1/ideas/{}/requirements", idea.id),
            None,
            new_requirement("Anonymous wish"),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;

    // Validation names the fields; nothing is written.
    let p = problem(
        add(
            &app,
            &clerk,
            &idea,
            json!({"title": "Vid", "description": "   "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("title").len(), 1, "{p:?}");
    assert_eq!(p.field("description").len(), 1, "{p:?}");
    let p = problem(
        add(
            &app,
            &clerk,
            &idea,
            json!({"title": "A good title", "description": "Why", "priority": 1}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("priority").len(), 1, "{p:?}");
    let p = problem(
        add(
            &app,
            &clerk,
            &idea,
            json!({"title": "x".repeat(121), "description": "d".repeat(5001)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        (p.field("title").len(), p.field("description").len()),
        (1, 1)
    );

    let list = backlog(&app, None, &idea).await;
    assert_eq!(
        list.requirements.len(),
        2,
        "only the two accepted requests wrote"
    );
    assert!(list.viewer.is_none());
    let seen = backlog(&app, Some(&stranger), &idea).await;
    let viewer = seen.viewer.unwrap();
    assert!(!viewer.can_add && !viewer.can_manage && viewer.voting_organisations.is_empty());
    let _ = stranger_org;
    let as_clerk = backlog(&app, Some(&clerk), &idea).await.viewer.unwrap();
    assert!(as_clerk.can_add);
    let authoring: Vec<&str> = as_clerk
        .authoring_organisations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(authoring, [funder_org.id.as_str()]);
    let as_colleague = backlog(&app, Some(&colleague), &idea).await.viewer.unwrap();
    assert_eq!(
        as_colleague.authoring_organisations[0].id,
        idea.organisation.id
    );
    assert_eq!(
        as_colleague.authoring_organisations[0].name,
        idea.organisation.name
    );
    assert!(as_colleague.voting_organisations.is_empty() && !as_colleague.can_manage);

    // The proposer's owners and admins hear about a funder's requirement.
    let told = feed(&app, &proposer).await;
    assert!(told.items.iter().any(|n| n.kind == "requirement_added"
        && n.body.contains("Let tenants attach a video")
        && n.link == format!("/ideas/{}/backlog", idea.id)));
}

#[tokio::test]
async fn private_ideas_answer_404_and_closed_backlogs_409() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let org = app.verified_organisation(&proposer).await;
    let draft = app.draft_idea(&proposer, &org).await;
    let stranger = app.user().await;
    let path = format!("/api/v1/ideas/{}/requirements", draft.id);
    problem(
        app.get(&path, Some(&stranger.token)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get(&path, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        add(
            &app,
            &stranger,
            &draft,
            new_requirement("Let tenants attach a video"),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The proposer sees the empty backlog of its draft, but it takes nothing yet.
    let own = backlog(&app, Some(&proposer), &draft).await;
    assert!(!own.accepting && own.requirements.is_empty());
    assert!(!own.viewer.unwrap().can_add);
    problem(
        add(
            &app,
            &proposer,
            &draft,
            new_requirement("Let tenants attach a video"),
        )
        .await,
        StatusCode::CONFLICT,
        "backlog_closed",
    )
    .await;
    problem(
        app.get("/api/v1/ideas/no-such-idea/requirements", None)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get("/api/v1/requirements/no-such-requirement", None)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // A withdrawn idea keeps its backlog but takes nothing more.
    let idea = app.open_idea(&proposer).await;
    let r = added(&app, &proposer, &idea, "Welsh language version").await;
    app.act(&proposer.token, &idea.id, "withdraw").await;
    problem(
        add(
            &app,
            &proposer,
            &idea,
            new_requirement("Text message updates"),
        )
        .await,
        StatusCode::CONFLICT,
        "backlog_closed",
    )
    .await;
    let after = backlog(&app, None, &idea).await;
    assert_eq!(after.requirements.len(), 1);
    assert!(!after.accepting);
    let one: Requirement = ok(
        app.get(&format!("/api/v1/requirements/{}", r.id), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(one.id, r.id);
}

#[tokio::test]
async fn only_funders_vote_once_per_organisation_and_members_may_retract() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let (a_owner, a_org, _) = funder(&app, &idea, 6000).await;
    let (b_owner, b_org, _) = funder(&app, &idea, 4000).await;
    let a_member = app.user().await;
    app.add_member(&a_owner, &a_org, &a_member, "member").await;
    let r = added(&app, &proposer, &idea, "Let tenants attach a video").await;

    // A plain member votes for their funder.
    let after = voted(&app, &a_member, &r, &a_org.id).await;
    assert_eq!((after.tally.score, after.tally.votes), (1, 1));
    assert_eq!(after.voted_by_you, [a_org.id.as_str()]);
    assert_eq!(after.tally.voters[0].organisation_name, a_org.name);
    // One vote per organisation, whoever asks.
    problem(
        vote(&app, &a_owner, &r, &a_org.id).await,
        StatusCode::CONFLICT,
        "already_voted",
    )
    .await;
    // Not for an organisation you do not belong to, even a funder.
    problem(
        vote(&app, &a_owner, &r, &b_org.id).await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;
    // The proposer is not a funder; a stranger's organisation is not either.
    problem(
        vote(&app, &proposer, &r, &idea.organisation.id).await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;
    let stranger = app.user().await;
    let stranger_org = app.verified_organisation(&stranger).await;
    problem(
        vote(&app, &stranger, &r, &stranger_org.id).await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;
    problem(
        vote(&app, &stranger, &r, "no-such-organisation").await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;
    let p = problem(
        app.post(
            &format!("/api/v1/requirements/{}/votes", r.id),
            Some(&a_owner.token),
            json!({"organisation_id": ""}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("organisation_id").len(), 1);
    problem(
        vote(
            &app,
            &a_owner,
            &Requirement {
                id: "nope".into(),
                ..r.clone()
            },
            &a_org.id,
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let after = voted(&app, &b_owner, &r, &b_org.id).await;
    assert_eq!((after.tally.score, after.tally.votes), (2, 2));
    assert_eq!(after.voted_by_you, [b_org.id.as_str()]);

    // Retracting: only members of the organisation, only an existing vote.
    problem(
        retract(&app, &stranger, &r, &a_org.id).await,
        StatusCode::FORBIDDEN,
        "not_a_member",
    )
    .await;
    let after: Requirement = ok(retract(&app, &a_owner, &r, &a_org.id).await, StatusCode::OK).await;
    assert_eq!((after.tally.score, after.tally.votes), (1, 1));
    assert!(after.voted_by_you.is_empty());
    assert_eq!(after.tally.voters[0].organisation_id, b_org.id);
    problem(
        retract(&app, &a_owner, &r, &a_org.id).await,
        StatusCode::NOT_FOUND,
        "vote_not_found",
    )
    .await;
    // And the organisation may vote again.
    let again = voted(&app, &a_member, &r, &a_org.id).await;
    assert_eq!(again.tally.votes, 2);
    let seen = backlog(&app, Some(&a_member), &idea).await;
    assert_eq!(seen.requirements[0].voted_by_you, [a_org.id.as_str()]);
    let viewer = seen.viewer.unwrap();
    assert!(viewer.can_add && !viewer.can_manage);
    assert_eq!(viewer.voting_organisations.len(), 1);
    assert_eq!(viewer.voting_organisations[0].id, a_org.id);
}

#[tokio::test]
async fn one_org_one_vote_counts_funders_and_orders_by_score_then_age() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    assert_eq!(idea.voting_model, VotingModel::OneOrgOneVote);
    let (a, a_org, _) = funder(&app, &idea, 6000).await;
    let (b, b_org, _) = funder(&app, &idea, 500).await;
    let (c, c_org, _) = funder(&app, &idea, 3500).await;
    // Someone in two funders sees both to vote for.
    let both = app.user().await;
    app.add_member(&a, &a_org, &both, "member").await;
    app.add_member(&b, &b_org, &both, "member").await;

    let first = added(&app, &a, &idea, "First added, never voted").await;
    let popular = added(&app, &b, &idea, "Voted by everyone").await;
    let single = added(&app, &c, &idea, "Voted by the smallest funder").await;
    let later = added(&app, &proposer, &idea, "Added last, never voted").await;
    let empty = backlog(&app, None, &idea).await;
    assert_eq!(
        board(&empty),
        [
            row(&first.title, 0, 0),
            row(&popular.title, 0, 0),
            row(&single.title, 0, 0),
            row(&later.title, 0, 0),
        ],
        "no votes: oldest first"
    );
    assert!(empty.requirements.iter().all(|r| r.score_share_bp == 0));

    voted(&app, &both, &popular, &a_org.id).await;
    voted(&app, &both, &popular, &b_org.id).await;
    voted(&app, &c, &popular, &c_org.id).await;
    voted(&app, &b, &single, &b_org.id).await;
    let list = backlog(&app, Some(&both), &idea).await;
    assert_eq!(list.voting_model, VotingModel::OneOrgOneVote);
    assert_eq!(
        board(&list),
        [
            row(&popular.title, 3, 3),
            row(&single.title, 1, 1),
            row(&first.title, 0, 0),
            row(&later.title, 0, 0),
        ]
    );
    assert_eq!(list.total_score, 4);
    let shares: Vec<i64> = list.requirements.iter().map(|r| r.score_share_bp).collect();
    assert_eq!(shares, [7500, 2500, 0, 0]);
    assert!(list.requirements[0]
        .tally
        .voters
        .iter()
        .all(|v| v.weight == 1));
    let mut mine = list.requirements[0].voted_by_you.clone();
    mine.sort();
    let mut expected = vec![a_org.id.clone(), b_org.id.clone()];
    expected.sort();
    assert_eq!(mine, expected);
    let mut voting: Vec<String> = list
        .viewer
        .unwrap()
        .voting_organisations
        .into_iter()
        .map(|o| o.id)
        .collect();
    voting.sort();
    assert_eq!(voting, expected);

    // Older clients: an idea without `voting_model` still reads, as one org one vote.
    let mut raw: Value = ok(
        app.get(&format!("/api/v1/ideas/{}", idea.id), None).await,
        StatusCode::OK,
    )
    .await;
    raw.as_object_mut().unwrap().remove("voting_model");
    let old: Idea = serde_json::from_value(raw).unwrap();
    assert_eq!(old.voting_model, VotingModel::OneOrgOneVote);
}

#[tokio::test]
async fn share_weighted_tallies_use_counting_shares_then_final_shares() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let proposer_org = organisation(&app, &idea.organisation.id).await;
    let model_path = format!("/api/v1/ideas/{}/voting-model", idea.id);

    // Only owners and admins of the proposer choose the model.
    let colleague = app.user().await;
    app.add_member(&proposer, &proposer_org, &colleague, "member")
        .await;
    problem(
        app.patch(
            &model_path,
            Some(&colleague.token),
            json!({"voting_model": "share_weighted"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let p = problem(
        app.patch(
            &model_path,
            Some(&proposer.token),
            json!({"voting_model": "loudest"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("voting_model").len(), 1);
    let set: Idea = ok(
        app.patch(
            &model_path,
            Some(&proposer.token),
            json!({"voting_model": "share_weighted"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(set.voting_model, VotingModel::ShareWeighted);
    let (a, a_org, _) = funder(&app, &idea, 6000).await;
    let (b, b_org, _) = funder(&app, &idea, 4000).await;
    problem(
        app.patch(
            &model_path,
            Some(&a.token),
            json!({"voting_model": "one_org_one_vote"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let r1 = added(&app, &a, &idea, "Photo upload").await;
    let r2 = added(&app, &b, &idea, "Appointment booking").await;
    let r3 = added(&app, &proposer, &idea, "Status tracking").await;
    voted(&app, &a, &r1, &a_org.id).await;
    voted(&app, &a, &r3, &a_org.id).await;
    voted(&app, &b, &r2, &b_org.id).await;
    let both = voted(&app, &b, &r3, &b_org.id).await;
    let weights: Vec<(String, i64)> = both
        .tally
        .voters
        .iter()
        .map(|v| (v.organisation_id.clone(), v.weight))
        .collect();
    assert_eq!(
        weights,
        [(a_org.id.clone(), 6000), (b_org.id.clone(), 4000)]
    );

    // Once votes are cast the model is fixed (asking for the same one is fine).
    problem(
        app.patch(
            &model_path,
            Some(&proposer.token),
            json!({"voting_model": "one_org_one_vote"}),
        )
        .await,
        StatusCode::CONFLICT,
        "voting_started",
    )
    .await;
    let same: Idea = ok(
        app.patch(
            &model_path,
            Some(&proposer.token),
            json!({"voting_model": "share_weighted"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(same.voting_model, VotingModel::ShareWeighted);

    let list = backlog(&app, None, &idea).await;
    assert_eq!(list.voting_model, VotingModel::ShareWeighted);
    assert_eq!(
        board(&list),
        [
            row("Status tracking", 10_000, 2),
            row("Photo upload", 6000, 1),
            row("Appointment booking", 4000, 1),
        ]
    );
    let shares: Vec<i64> = list.requirements.iter().map(|r| r.score_share_bp).collect();
    assert_eq!(shares, [5000, 3000, 2000]);

    // A funder that joins and votes adds its share; once it withdraws, its vote stays but
    // counts for nothing.
    let (c, c_org, c_pledge) = funder(&app, &idea, 5000).await;
    let boosted = voted(&app, &c, &r2, &c_org.id).await;
    assert_eq!((boosted.tally.score, boosted.tally.votes), (9000, 2));
    assert_eq!(
        board(&backlog(&app, None, &idea).await)[1],
        row("Appointment booking", 9000, 2)
    );
    let withdrawn: Pledge = ok(
        app.post(
            &format!("/api/v1/pledges/{}/withdraw", c_pledge.id),
            Some(&c.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(withdrawn.status, PledgeStatus::Withdrawn);
    let list = backlog(&app, Some(&c), &idea).await;
    let r2_now = list.requirements.iter().find(|r| r.id == r2.id).unwrap();
    assert_eq!((r2_now.tally.score, r2_now.tally.votes), (4000, 1));
    let stale = r2_now
        .tally
        .voters
        .iter()
        .find(|v| v.organisation_id == c_org.id)
        .unwrap();
    assert_eq!((stale.weight, stale.counting), (0, false));
    assert_eq!(r2_now.voted_by_you, [c_org.id.as_str()]);
    assert!(list.viewer.unwrap().voting_organisations.is_empty());
    problem(
        vote(&app, &c, &r1, &c_org.id).await,
        StatusCode::FORBIDDEN,
        "not_a_funder",
    )
    .await;

    // Funded at 6000 + 4000 + 5000 = 15000 bp: final shares 4000, 2667 and 3333 (largest
    // remainder), and the weights follow them.
    let (d, d_org, _) = funder(&app, &idea, 5000).await;
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
    voted(&app, &d, &r1, &d_org.id).await;
    let list = backlog(&app, None, &idea).await;
    assert!(list.accepting);
    assert_eq!(
        board(&list),
        [
            row("Photo upload", 4000 + 3333, 2),
            row("Status tracking", 4000 + 2667, 2),
            row("Appointment booking", 2667, 1),
        ]
    );
    let shares: Vec<i64> = list.requirements.iter().map(|r| r.score_share_bp).collect();
    assert_eq!(shares.iter().sum::<i64>(), 10_000);
    assert_eq!(list.total_score, 7333 + 6667 + 2667);
    let top: Vec<(String, i64)> = list.requirements[0]
        .tally
        .voters
        .iter()
        .map(|v| (v.organisation_id.clone(), v.weight))
        .collect();
    assert_eq!(top, [(a_org.id.clone(), 4000), (d_org.id.clone(), 3333)]);
}

#[tokio::test]
async fn the_proposer_sets_statuses_with_notes_and_history_and_tells_author_and_voters() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let proposer_org = organisation(&app, &idea.organisation.id).await;
    let colleague = app.user().await;
    app.add_member(&proposer, &proposer_org, &colleague, "member")
        .await;
    let admin_colleague = app.user().await;
    app.add_member(&proposer, &proposer_org, &admin_colleague, "admin")
        .await;
    let (a, a_org, _) = funder(&app, &idea, 6000).await;
    let a_clerk = app.user().await;
    app.add_member(&a, &a_org, &a_clerk, "member").await;
    let (b, b_org, _) = funder(&app, &idea, 4000).await;
    let r = added(&app, &a_clerk, &idea, "Let tenants attach a video").await;
    voted(&app, &b, &r, &b_org.id).await;

    // Only owners and admins of the proposer decide.
    for who in [&colleague, &a, &b] {
        problem(
            set_status(&app, who, &r, json!({"status": "accepted"})).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    problem(
        set_status(
            &app,
            &proposer,
            &Requirement {
                id: "nope".into(),
                ..r.clone()
            },
            json!({"status": "accepted"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Validation.
    let p = problem(
        set_status(&app, &proposer, &r, json!({"status": "shipped"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("status").len(), 1, "{p:?}");
    let p = problem(
        set_status(
            &app,
            &proposer,
            &r,
            json!({"status": "declined", "note": " "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("note"), ["must say why when declining"]);
    let p = problem(
        set_status(
            &app,
            &proposer,
            &r,
            json!({"status": "planned", "note": "n".repeat(2001)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("note").len(), 1);

    let planned: Requirement = ok(
        set_status(
            &app,
            &admin_colleague,
            &r,
            json!({"status": "planned", "note": "In the March release"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(planned.status, RequirementStatus::Planned);
    assert_eq!(planned.status_note.as_deref(), Some("In the March release"));
    let statuses: Vec<RequirementStatus> = planned.history.iter().map(|h| h.status).collect();
    assert_eq!(
        statuses,
        [RequirementStatus::Proposed, RequirementStatus::Planned]
    );
    assert_eq!(
        planned.history[1].note.as_deref(),
        Some("In the March release")
    );
    assert_eq!(planned.tally.votes, 1, "the tally is unchanged");

    // The author and the voters' members hear of it; whoever made the change does not.
    for who in [&a_clerk, &b] {
        let f = feed(&app, who).await;
        let n = f
            .items
            .iter()
            .find(|n| n.kind == "requirement_status_changed")
            .unwrap_or_else(|| panic!("no status notification: {:?}", f.items));
        assert!(
            n.body.contains("planned") && n.body.contains("In the March release"),
            "{n:?}"
        );
        assert_eq!(n.link, format!("/ideas/{}/backlog", idea.id));
    }
    let own = feed(&app, &admin_colleague).await;
    assert!(!own
        .items
        .iter()
        .any(|n| n.kind == "requirement_status_changed"));

    // The same status and note again changes nothing.
    let same: Requirement = ok(
        set_status(
            &app,
            &proposer,
            &r,
            json!({"status": "planned", "note": "In the March release"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(same.history.len(), 2);

    // Done closes voting both ways; declining needs and keeps its reason.
    let done: Requirement = ok(
        set_status(&app, &proposer, &r, json!({"status": "done"})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (done.status, done.status_note.clone()),
        (RequirementStatus::Done, None)
    );
    assert_eq!(done.history.len(), 3);
    problem(
        vote(&app, &a, &r, &a_org.id).await,
        StatusCode::CONFLICT,
        "requirement_closed",
    )
    .await;
    problem(
        retract(&app, &b, &r, &b_org.id).await,
        StatusCode::CONFLICT,
        "requirement_closed",
    )
    .await;
    let other = added(&app, &b, &idea, "Integration with our CRM").await;
    let declined: Requirement = ok(
        set_status(
            &app,
            &proposer,
            &other,
            json!({"status": "declined", "note": "Out of scope for this contract"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(declined.status, RequirementStatus::Declined);
    let list = backlog(&app, Some(&proposer), &idea).await;
    assert!(list.viewer.unwrap().can_manage);
    let d = list.requirements.iter().find(|x| x.id == other.id).unwrap();
    assert_eq!(
        d.status_note.as_deref(),
        Some("Out of scope for this contract")
    );
    let reopened: Requirement = ok(
        set_status(
            &app,
            &proposer,
            &other,
            json!({"status": "accepted", "note": "Back in scope"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let statuses: Vec<RequirementStatus> = reopened.history.iter().map(|h| h.status).collect();
    assert_eq!(
        statuses,
        [
            RequirementStatus::Proposed,
            RequirementStatus::Declined,
            RequirementStatus::Accepted
        ]
    );
    voted(&app, &a, &reopened, &a_org.id).await;
}

#[tokio::test]
async fn simultaneous_votes_for_one_organisation_make_exactly_one_vote() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let idea = app.open_idea(&proposer).await;
    let (a, a_org, _) = funder(&app, &idea, 6000).await;
    let mut clerks = vec![a.clone()];
    for _ in 0..4 {
        let clerk = app.user().await;
        app.add_member(&a, &a_org, &clerk, "member").await;
        clerks.push(clerk);
    }
    let r = added(&app, &proposer, &idea, "Let tenants attach a video").await;
    let results =
        futures_util::future::join_all(clerks.iter().map(|who| vote(&app, who, &r, &a_org.id)))
            .await;
    let mut created = 0;
    for res in results {
        match res.status() {
            StatusCode::CREATED => created += 1,
            _ => {
                problem(res, StatusCode::CONFLICT, "already_voted").await;
            }
        }
    }
    assert_eq!(created, 1);
    let list = backlog(&app, None, &idea).await;
    assert_eq!(list.requirements[0].tally.votes, 1);
}
