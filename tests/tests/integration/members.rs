use cc2i_shared::membership::{InvitationStatus, MembershipInvitation};
use cc2i_shared::{Me, Member, OrgRole};
use cc2i_tests::mail::{spawn_with_clock, wait_for_account_mail};
use cc2i_tests::{ok, problem, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_invited_person_is_a_member_only_once_they_accept() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let colleague = app.user().await;
    let stranger = app.user().await;
    let org = app.organisation(&owner).await;
    let path = format!("/api/v1/organisations/{}/members", org.id);
    let invited: MembershipInvitation = ok(
        app.post(
            &path,
            Some(&owner.token),
            json!({"email": colleague.user.email.to_uppercase(), "role": "admin"}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(
        (invited.user_id.as_str(), invited.role, invited.status),
        (
            colleague.user.id.as_str(),
            OrgRole::Admin,
            InvitationStatus::Pending
        )
    );
    assert_eq!(invited.organisation_name, org.name);
    // Not a member yet: the organisation's list and their account say so.
    let me: Me = ok(
        app.get("/api/v1/me", Some(&colleague.token)).await,
        StatusCode::OK,
    )
    .await;
    assert!(me.memberships.is_empty());
    problem(
        app.get(&path, Some(&colleague.token)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Told by email, and shown theirs (only theirs).
    let mail = wait_for_account_mail(
        &app,
        &colleague.user.email,
        &format!("{} invites you to join it on CC2i", org.name),
    )
    .await;
    assert!(mail[0].text.contains("as admin") && mail[0].text.contains("/account#invitations"));
    let mine: Vec<MembershipInvitation> = ok(
        app.get("/api/v1/me/membership-invitations", Some(&colleague.token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        mine.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        [invited.id.as_str()]
    );
    let theirs: Vec<MembershipInvitation> = ok(
        app.get("/api/v1/me/membership-invitations", Some(&stranger.token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(theirs.is_empty());
    let waiting: Vec<MembershipInvitation> = ok(
        app.get(
            &format!("/api/v1/organisations/{}/membership-invitations", org.id),
            Some(&owner.token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(waiting.len(), 1);
    // Once is enough; nobody else can answer it.
    problem(
        app.post(
            &path,
            Some(&owner.token),
            json!({"email": colleague.user.email, "role": "member"}),
        )
        .await,
        StatusCode::CONFLICT,
        "already_invited",
    )
    .await;
    let accept = format!("/api/v1/me/membership-invitations/{}/accept", invited.id);
    problem(
        app.post(&accept, Some(&stranger.token), json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let added: Member = ok(
        app.post(&accept, Some(&colleague.token), json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (added.user_id.as_str(), added.role),
        (colleague.user.id.as_str(), OrgRole::Admin)
    );
    problem(
        app.post(&accept, Some(&colleague.token), json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
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
async fn an_invitation_can_be_declined_withdrawn_or_left_to_lapse() {
    let app = spawn_with_clock().await;
    let owner = app.user().await;
    let plain = app.user().await;
    let first = app.user().await;
    let second = app.user().await;
    let third = app.user().await;
    let org = app.organisation(&owner).await;
    app.add_member(&owner, &org, &plain, "member").await;
    let path = format!("/api/v1/organisations/{}/members", org.id);
    let invite = |who: &cc2i_tests::Session| {
        let body = json!({"email": who.user.email, "role": "member"});
        let (path, token) = (path.clone(), owner.token.clone());
        let app = &app;
        async move {
            ok::<MembershipInvitation>(
                app.post(&path, Some(&token), body).await,
                StatusCode::ACCEPTED,
            )
            .await
        }
    };
    // Declined: no member, and nothing left to answer.
    let declined = invite(&first).await;
    let decline = format!("/api/v1/me/membership-invitations/{}/decline", declined.id);
    assert_eq!(
        app.post(&decline, Some(&first.token), json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    problem(
        app.post(
            &format!("/api/v1/me/membership-invitations/{}/accept", declined.id),
            Some(&first.token),
            json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Withdrawn by the organisation (not by a plain member).
    let withdrawn = invite(&second).await;
    let withdraw = format!("/api/v1/membership-invitations/{}", withdrawn.id);
    problem(
        app.delete(&withdraw, Some(&plain.token)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.delete(&withdraw, Some(&owner.token)).await.status(),
        StatusCode::NO_CONTENT
    );
    problem(
        app.post(
            &format!("/api/v1/me/membership-invitations/{}/accept", withdrawn.id),
            Some(&second.token),
            json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Lapsed after 14 days; a new invitation replaces it.
    let lapsing = invite(&third).await;
    let admin = app.admin().await;
    let later = chrono::Utc::now() + chrono::Duration::days(15);
    ok::<serde_json::Value>(
        app.request(
            reqwest::Method::PUT,
            "/api/v1/admin/test-clock",
            Some(&admin),
            Some(json!({"now": later.to_rfc3339()})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    problem(
        app.post(
            &format!("/api/v1/me/membership-invitations/{}/accept", lapsing.id),
            Some(&third.token),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "invitation_expired",
    )
    .await;
    let mine: Vec<MembershipInvitation> = ok(
        app.get("/api/v1/me/membership-invitations", Some(&third.token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(mine.is_empty());
    let owner = app.stepped_up(&owner).await;
    let again: MembershipInvitation = ok(
        app.post(
            &path,
            Some(&owner.token),
            json!({"email": third.user.email, "role": "member"}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    ok::<Member>(
        app.post(
            &format!("/api/v1/me/membership-invitations/{}/accept", again.id),
            Some(&third.token),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let list: Vec<Member> = ok(app.get(&path, Some(&owner.token)).await, StatusCode::OK).await;
    assert_eq!(
        list.len(),
        3,
        "the owner, the member and the third who accepted"
    );
}

#[tokio::test]
async fn owners_change_roles_in_place_and_the_last_owner_stays() {
    let app = TestApp::spawn().await;
    let owner = app.user().await;
    let admin_member = app.user().await;
    let plain = app.user().await;
    let org = app.organisation(&owner).await;
    app.add_member(&owner, &org, &admin_member, "admin").await;
    app.add_member(&owner, &org, &plain, "member").await;
    let member_path = |who: &cc2i_tests::Session| {
        format!("/api/v1/organisations/{}/members/{}", org.id, who.user.id)
    };
    problem(
        app.patch(
            &member_path(&plain),
            Some(&admin_member.token),
            json!({"role": "admin"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.patch(
            &member_path(&owner),
            Some(&owner.token),
            json!({"role": "member"}),
        )
        .await,
        StatusCode::CONFLICT,
        "last_owner",
    )
    .await;
    let p = problem(
        app.patch(
            &member_path(&plain),
            Some(&owner.token),
            json!({"role": "boss"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field("role").len(), 1);
    let promoted: Member = ok(
        app.patch(
            &member_path(&plain),
            Some(&owner.token),
            json!({"role": "owner"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(promoted.role, OrgRole::Owner);
    // Two owners now: the first may step down.
    let stepped_down: Member = ok(
        app.patch(
            &member_path(&owner),
            Some(&owner.token),
            json!({"role": "admin"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(stepped_down.role, OrgRole::Admin);
    problem(
        app.patch(
            &format!("/api/v1/organisations/{}/members/nobody", org.id),
            Some(&plain.token),
            json!({"role": "admin"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
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
    ok::<MembershipInvitation>(
        app.post(
            &path,
            Some(&admin_member.token),
            json!({"email": newcomer.user.email, "role": "member"}),
        )
        .await,
        StatusCode::ACCEPTED,
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
