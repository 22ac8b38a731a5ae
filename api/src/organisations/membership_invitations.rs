//! Membership invitations and roles: the rules (service) and their rows (repo).
//!
//! An owner or admin (stepped up) invites a person with a confirmed address; only owners
//! invite owners. The person is emailed and sees it on their account page; they accept (and
//! join with that role) or decline within 14 days. Owners and admins may withdraw a pending
//! one. Owners change a member's role in place, and the last owner stays an owner.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::access::{member_role, require_manager};
use super::members;
use crate::auth::factors::require_step_up;
use crate::auth::AuthUser;
use crate::db::schema::{membership_invitations as inv, memberships, organisations, users};
use crate::db::{new_id, utc, AnyConnection};
use crate::email::outbox::{enqueue, AccountEmail, Content};
use crate::error::ApiError;
use cc2i_shared::membership::{InvitationStatus, MembershipInvitation, INVITATION_DAYS};
use cc2i_shared::{Member, OrgRole};

/// A stored invitation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inv)]
struct Row {
    id: String,
    organisation_id: String,
    user_id: String,
    role: String,
    invited_by: String,
    status: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
}

fn name_of(conn: &mut AnyConnection, user_id: &str) -> Result<(String, String), ApiError> {
    Ok(users::table
        .find(user_id)
        .select((users::display_name, users::email))
        .first(conn)?)
}

fn view(conn: &mut AnyConnection, row: Row) -> Result<MembershipInvitation, ApiError> {
    let organisation_name: String = organisations::table
        .find(&row.organisation_id)
        .select(organisations::name)
        .first(conn)?;
    let (display_name, email) = name_of(conn, &row.user_id)?;
    let (invited_by, _) = name_of(conn, &row.invited_by)?;
    Ok(MembershipInvitation {
        id: row.id,
        organisation_id: row.organisation_id,
        organisation_name,
        user_id: row.user_id,
        email,
        display_name,
        role: OrgRole::from_code(&row.role).unwrap_or(OrgRole::Member),
        invited_by,
        status: InvitationStatus::from_code(&row.status).unwrap_or(InvitationStatus::Pending),
        created_at: utc(row.created_at),
        expires_at: utc(row.expires_at),
    })
}

fn pending(conn: &mut AnyConnection, id: &str) -> Result<Option<Row>, ApiError> {
    Ok(inv::table
        .find(id)
        .filter(inv::status.eq(InvitationStatus::Pending.code()))
        .select(Row::as_select())
        .first(conn)
        .optional()?)
}

fn decide(
    conn: &mut AnyConnection,
    id: &str,
    status: InvitationStatus,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let changed = diesel::update(
        inv::table
            .find(id)
            .filter(inv::status.eq(InvitationStatus::Pending.code())),
    )
    .set((inv::status.eq(status.code()), inv::decided_at.eq(Some(at))))
    .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// Invitations still waiting for an answer at `at`, of an organisation or to a person,
/// newest first.
fn waiting(
    conn: &mut AnyConnection,
    org_id: Option<&str>,
    user_id: Option<&str>,
    at: NaiveDateTime,
) -> Result<Vec<MembershipInvitation>, ApiError> {
    let mut query = inv::table
        .filter(inv::status.eq(InvitationStatus::Pending.code()))
        .filter(inv::expires_at.gt(at))
        .into_boxed();
    if let Some(org_id) = org_id {
        query = query.filter(inv::organisation_id.eq(org_id.to_string()));
    }
    if let Some(user_id) = user_id {
        query = query.filter(inv::user_id.eq(user_id.to_string()));
    }
    let rows = query
        .order((inv::created_at.desc(), inv::id.desc()))
        .select(Row::as_select())
        .load(conn)?;
    rows.into_iter().map(|r| view(conn, r)).collect()
}

/// Invites the person with `email` to join as `role`.
pub fn invite(
    conn: &mut AnyConnection,
    org_id: &str,
    caller: &AuthUser,
    email: &str,
    role: OrgRole,
    at: NaiveDateTime,
) -> Result<MembershipInvitation, ApiError> {
    let caller_role = require_manager(member_role(conn, org_id, caller)?)?;
    require_step_up(caller)?;
    if role == OrgRole::Owner && caller_role != OrgRole::Owner {
        return Err(ApiError::Forbidden(
            "Only an owner can invite another owner.".into(),
        ));
    }
    // An account whose address is not confirmed is answered as no account at all.
    let target = crate::auth::repo::find_by_email(conn, email)?
        .filter(|u| u.email_verified())
        .ok_or_else(|| ApiError::Missing {
            code: "user_not_found",
            detail: "No CC2i account with a confirmed email address has that address. Ask them to register and confirm it first.".into(),
        })?;
    if members::role_of(conn, org_id, &target.id)?.is_some() {
        return Err(ApiError::conflict(
            "already_member",
            "That person is already a member of this organisation.",
        ));
    }
    let waiting: i64 = inv::table
        .filter(inv::organisation_id.eq(org_id))
        .filter(inv::user_id.eq(&target.id))
        .filter(inv::status.eq(InvitationStatus::Pending.code()))
        .filter(inv::expires_at.gt(at))
        .count()
        .get_result(conn)?;
    if waiting > 0 {
        return Err(ApiError::conflict(
            "already_invited",
            "That person already has an invitation to join that they have not answered.",
        ));
    }
    // A lapsed one gives way to the new one.
    diesel::update(
        inv::table
            .filter(inv::organisation_id.eq(org_id))
            .filter(inv::user_id.eq(&target.id))
            .filter(inv::status.eq(InvitationStatus::Pending.code())),
    )
    .set((
        inv::status.eq(InvitationStatus::Withdrawn.code()),
        inv::decided_at.eq(Some(at)),
    ))
    .execute(conn)?;
    let row = Row {
        id: new_id(),
        organisation_id: org_id.to_string(),
        user_id: target.id.clone(),
        role: role.code().to_string(),
        invited_by: caller.id.clone(),
        status: InvitationStatus::Pending.code().to_string(),
        created_at: at,
        expires_at: at + TimeDelta::days(INVITATION_DAYS),
    };
    diesel::insert_into(inv::table)
        .values((
            inv::id.eq(&row.id),
            inv::organisation_id.eq(&row.organisation_id),
            inv::user_id.eq(&row.user_id),
            inv::role.eq(&row.role),
            inv::invited_by.eq(&row.invited_by),
            inv::status.eq(&row.status),
            inv::created_at.eq(row.created_at),
            inv::expires_at.eq(row.expires_at),
        ))
        .execute(conn)?;
    let invitation = view(conn, row)?;
    enqueue(
        conn,
        Some(&target.id),
        &target.email,
        &Content::Account(AccountEmail::MembershipInvitation {
            name: target.display_name,
            organisation: invitation.organisation_name.clone(),
            role: role.label().to_string(),
            invited_by: invitation.invited_by.clone(),
        }),
    )?;
    Ok(invitation)
}

/// The organisation's invitations waiting for an answer (owners and admins).
pub fn for_organisation(
    conn: &mut AnyConnection,
    org_id: &str,
    caller: &AuthUser,
    at: NaiveDateTime,
) -> Result<Vec<MembershipInvitation>, ApiError> {
    if !caller.is_platform_admin() {
        require_manager(member_role(conn, org_id, caller)?)?;
    } else {
        super::repo::get_or_404(conn, org_id)?;
    }
    waiting(conn, Some(org_id), None, at)
}

/// The invitations the person has not answered yet.
pub fn for_person(
    conn: &mut AnyConnection,
    user_id: &str,
    at: NaiveDateTime,
) -> Result<Vec<MembershipInvitation>, ApiError> {
    waiting(conn, None, Some(user_id), at)
}

/// Accepts (joining with the invitation's role) or declines one's own invitation. Someone
/// else's, or one already answered, is 404; a lapsed one 409 `invitation_expired`.
pub fn answer(
    conn: &mut AnyConnection,
    id: &str,
    user_id: &str,
    accept: bool,
    at: NaiveDateTime,
) -> Result<Option<Member>, ApiError> {
    let row = pending(conn, id)?
        .filter(|r| r.user_id == user_id)
        .ok_or(ApiError::NotFound)?;
    if !cc2i_shared::membership::invitation_open(row.expires_at, at) {
        return Err(ApiError::conflict(
            "invitation_expired",
            "This invitation has lapsed. Ask the organisation to invite you again.",
        ));
    }
    if !accept {
        decide(conn, id, InvitationStatus::Declined, at)?;
        return Ok(None);
    }
    decide(conn, id, InvitationStatus::Accepted, at)?;
    let role = OrgRole::from_code(&row.role).unwrap_or(OrgRole::Member);
    members::add(conn, &row.organisation_id, user_id, role)?;
    let member = members::list(conn, &row.organisation_id)?
        .into_iter()
        .find(|m| m.user_id == user_id)
        .ok_or(ApiError::NotFound)?;
    Ok(Some(member))
}

/// Withdraws a pending invitation (the organisation's owners and admins, stepped up).
pub fn withdraw(
    conn: &mut AnyConnection,
    id: &str,
    caller: &AuthUser,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let row = pending(conn, id)?.ok_or(ApiError::NotFound)?;
    require_manager(member_role(conn, &row.organisation_id, caller)?)?;
    require_step_up(caller)?;
    decide(conn, id, InvitationStatus::Withdrawn, at)
}

/// Changes a member's role in place (owners, stepped up). The last owner stays an owner
/// (409 `last_owner`).
pub fn change_role(
    conn: &mut AnyConnection,
    org_id: &str,
    target: &str,
    caller: &AuthUser,
    role: OrgRole,
) -> Result<Member, ApiError> {
    let caller_role = member_role(conn, org_id, caller)?;
    require_manager(caller_role)?;
    if caller_role != Some(OrgRole::Owner) {
        return Err(ApiError::Forbidden(
            "Only an owner can change a member's role.".into(),
        ));
    }
    require_step_up(caller)?;
    let current = members::role_of(conn, org_id, target)?.ok_or(ApiError::NotFound)?;
    if current == OrgRole::Owner && role != OrgRole::Owner {
        let owners: i64 = memberships::table
            .filter(memberships::organisation_id.eq(org_id))
            .filter(memberships::role.eq(OrgRole::Owner.code()))
            .count()
            .get_result(conn)?;
        if owners <= 1 {
            return Err(ApiError::conflict(
                "last_owner",
                "An organisation must keep at least one owner. Make someone else an owner first.",
            ));
        }
    }
    diesel::update(memberships::table.find((org_id, target)))
        .set(memberships::role.eq(role.code()))
        .execute(conn)?;
    members::list(conn, org_id)?
        .into_iter()
        .find(|m| m.user_id == target)
        .ok_or(ApiError::NotFound)
}
