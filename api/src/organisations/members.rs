//! Queries on organisation memberships.

use diesel::prelude::*;

use crate::db::schema::{memberships, users};
use crate::db::{now, utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::{Member, OrgRole};

/// The user's role in the organisation, if they belong to it.
pub fn role_of(
    conn: &mut AnyConnection,
    organisation_id: &str,
    user_id: &str,
) -> Result<Option<OrgRole>, ApiError> {
    let role = memberships::table
        .find((organisation_id, user_id))
        .select(memberships::role)
        .first::<String>(conn)
        .optional()?;
    Ok(role.as_deref().and_then(OrgRole::from_code))
}

/// Everyone in the organisation, owners first.
pub fn list(conn: &mut AnyConnection, organisation_id: &str) -> Result<Vec<Member>, ApiError> {
    let rows = memberships::table
        .inner_join(users::table)
        .filter(memberships::organisation_id.eq(organisation_id))
        .order((users::display_name.asc(), users::id.asc()))
        .select((
            users::id,
            users::display_name,
            users::email,
            memberships::role,
            memberships::created_at,
        ))
        .load::<(String, String, String, String, chrono::NaiveDateTime)>(conn)?;
    let mut members: Vec<Member> = rows
        .into_iter()
        .map(|(user_id, display_name, email, role, joined)| Member {
            user_id,
            display_name,
            email,
            role: OrgRole::from_code(&role).unwrap_or(OrgRole::Member),
            joined_at: utc(joined),
        })
        .collect();
    members.sort_by_key(|m| m.role);
    Ok(members)
}

/// Adds a user; 409 `already_member` if they belong already.
pub fn add(
    conn: &mut AnyConnection,
    organisation_id: &str,
    user_id: &str,
    role: OrgRole,
) -> Result<(), ApiError> {
    if role_of(conn, organisation_id, user_id)?.is_some() {
        return Err(ApiError::conflict(
            "already_member",
            "That person is already a member of this organisation.",
        ));
    }
    diesel::insert_into(memberships::table)
        .values((
            memberships::organisation_id.eq(organisation_id),
            memberships::user_id.eq(user_id),
            memberships::role.eq(role.code()),
            memberships::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes a member; the last owner cannot be removed (409 `last_owner`).
pub fn remove(
    conn: &mut AnyConnection,
    organisation_id: &str,
    user_id: &str,
) -> Result<(), ApiError> {
    let role = role_of(conn, organisation_id, user_id)?.ok_or(ApiError::NotFound)?;
    if role == OrgRole::Owner {
        let owners = memberships::table
            .filter(memberships::organisation_id.eq(organisation_id))
            .filter(memberships::role.eq(OrgRole::Owner.code()))
            .count()
            .get_result::<i64>(conn)?;
        if owners <= 1 {
            return Err(ApiError::conflict(
                "last_owner",
                "An organisation must keep at least one owner. Add another owner first.",
            ));
        }
    }
    diesel::delete(memberships::table.find((organisation_id, user_id))).execute(conn)?;
    Ok(())
}
