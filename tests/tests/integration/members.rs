use cc2i_shared::{Me, Member, OrgRole};
use cc2i_tests::{ok, problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn owners_add_members_who_then_see_the_organisation_in_me() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let colleague = app.user().await;
    let org = app.organisation(&owner).await;
    let path = format!("/api/v1/organisations/{}/members", org.id);
    let added: Member = ok(
        app.post(
            &path,
            Some(&owner.token),
            json!({"email": colleague.user.email.to_uppercase(), "role": "admin"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (added.user_id.as_str(), added.role),
        (colleague.user.id.as_str(), OrgRole::Admin)
    );
    let me: Me = ok(
        app.get("/api/v1/me", Some(&colleague.token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.memberships[0].role, OrgRole::Admin);
    let list: Vec<Member> = ok(app.get(&path, Some(&colleague.token)).await, StatusCode::OK).await;
    assert_eq!(
        list.iter().map(|m| m.role).collect::<Vec<_>>(),
        [OrgRole::Owner, OrgRole::Admin]
    );
}

#[tokio::test]
async fn outsiders_get_404_for_the_member_list_and_platform_admins_can_read_it() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let stranger = app.user().await;
    let org = app.organisation(&owner).await;
    let path = format!("/api/v1/organisations/{}/members", org.id);
    let hidden = problem(
        app.get(&path, Some(&stranger.token)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let missing = problem(
        app.get("/api/v1/organisations/nope/members", Some(&stranger.token))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        hidden, missing,
        "a foreign private resource looks like a missing one"
    );
    problem(
        app.post(
            &path,
            Some(&stranger.token),
            json!({"email": stranger.user.email, "role": "owner"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let admin = app.admin().await;
    let list: Vec<Member> = ok(app.get(&path, Some(&admin)).await, StatusCode::OK).await;
    assert_eq!(list.len(), 1);
}

#[tokio::test]
async fn members_cannot_manage_and_admins_cannot_create_owners() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let admin_member = app.user().await;
    let plain = app.user().await;
    let newcomer = app.user().await;
    let org = app.organisation(&owner).await;
    app.add_member(&owner, &org, &admin_member, "admin").await;
    app.add_member(&owner, &org, &plain, "member").await;
    let path = format!("/api/v1/organisations/{}/members", org.id);
    problem(
        app.post(
            &path,
            Some(&plain.token),
            json!({"email": newcomer.user.email, "role": "member"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post(
            &path,
            Some(&admin_member.token),
            json!({"email": newcomer.user.email, "role": "owner"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.delete(
            &format!("{path}/{}", owner.user.id),
            Some(&admin_member.token),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    ok::<Member>(
        app.post(
            &path,
            Some(&admin_member.token),
            json!({"email": newcomer.user.email, "role": "member"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
}

#[tokio::test]
async fn adding_an_unknown_email_or_an_existing_member_is_refused() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let org = app.organisation(&owner).await;
    let path = format!("/api/v1/organisations/{}/members", org.id);
    problem(
        app.post(
            &path,
            Some(&owner.token),
            json!({"email": "ghost@council.example", "role": "member"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "user_not_found",
    )
    .await;
    problem(
        app.post(
            &path,
            Some(&owner.token),
            json!({"email": owner.user.email, "role": "member"}),
        )
        .await,
        StatusCode::CONFLICT,
        "already_member",
    )
    .await;
    let p = problem(
        app.post(
            &path,
            Some(&owner.token),
            json!({"email": "x@y.example", "role": "boss"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("role").len(), 1);
}

#[tokio::test]
async fn the_last_owner_cannot_be_removed_but_others_can_be_and_members_can_leave() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let second = app.user().await;
    let leaver = app.user().await;
    let org = app.organisation(&owner).await;
    let path = format!("/api/v1/organisations/{}/members", org.id);
    problem(
        app.delete(&format!("{path}/{}", owner.user.id), Some(&owner.token))
            .await,
        StatusCode::CONFLICT,
        "last_owner",
    )
    .await;
    app.add_member(&owner, &org, &second, "owner").await;
    app.add_member(&owner, &org, &leaver, "member").await;
    assert_eq!(
        app.delete(&format!("{path}/{}", leaver.user.id), Some(&leaver.token))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete(&format!("{path}/{}", owner.user.id), Some(&second.token))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    problem(
        app.delete(&format!("{path}/{}", second.user.id), Some(&second.token))
            .await,
        StatusCode::CONFLICT,
        "last_owner",
    )
    .await;
    problem(
        app.delete(&format!("{path}/{}", leaver.user.id), Some(&second.token))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let list: Vec<Member> = ok(app.get(&path, Some(&second.token)).await, StatusCode::OK).await;
    assert_eq!(list.len(), 1);
}
