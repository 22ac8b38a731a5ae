//! Queries on accounts and their memberships.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::{NewUserRow, UserRow};
use crate::db::schema::{memberships, organisations, users};
use crate::db::{new_id, now, AnyConnection};
use crate::error::{is_unique_violation, ApiError};
use cc2i_shared::{Membership, OrgRole, PlatformRole};

/// Emails are compared and stored lower-cased and trimmed.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The user with this email, if any.
pub fn find_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<UserRow>, ApiError> {
    Ok(users::table
        .filter(users::email.eq(normalise_email(email)))
        .select(users::all_columns)
        .first::<UserRow>(conn)
        .optional()?)
}

/// The user with this id, if any.
pub fn find_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<UserRow>, ApiError> {
    Ok(users::table
        .find(id)
        .select(users::all_columns)
        .first::<UserRow>(conn)
        .optional()?)
}

/// Creates a user; a taken email is 409 `email_taken`. `email_verified_at` is set for accounts
/// whose address the operator vouches for (the platform admin, demo people); everyone else
/// starts unverified.
pub fn insert(
    conn: &mut AnyConnection,
    email: &str,
    display_name: &str,
    password_hash: String,
    role: PlatformRole,
    email_verified_at: Option<NaiveDateTime>,
) -> Result<UserRow, ApiError> {
    let taken = || {
        ApiError::conflict(
            "email_taken",
            "An account with this email address already exists.",
        )
    };
    if find_by_email(conn, email)?.is_some() {
        return Err(taken());
    }
    let at = now();
    let row = NewUserRow {
        id: new_id(),
        email: normalise_email(email),
        display_name: display_name.trim().to_string(),
        password_hash,
        platform_role: role.code().to_string(),
        token_version: 1,
        created_at: at,
        updated_at: at,
        email_verified_at,
    };
    diesel::insert_into(users::table)
        .values(&row)
        .returning(users::all_columns)
        .get_result::<UserRow>(conn)
        .map_err(|e| {
            if is_unique_violation(&e) {
                taken()
            } else {
                e.into()
            }
        })
}

/// Replaces the password hash and invalidates every token issued before.
pub fn set_password(
    conn: &mut AnyConnection,
    id: &str,
    password_hash: String,
) -> Result<(), ApiError> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::token_version.eq(users::token_version + 1),
            users::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every token issued before stops working (signing out everywhere).
pub fn sign_out_everywhere(conn: &mut AnyConnection, id: &str) -> Result<(), ApiError> {
    diesel::update(users::table.find(id))
        .set((
            users::token_version.eq(users::token_version + 1),
            users::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records that the account's address was verified at `at` (kept if it already was).
pub fn mark_verified(
    conn: &mut AnyConnection,
    id: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_verified_at.is_null()),
    )
    .set((
        users::email_verified_at.eq(Some(at)),
        users::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(())
}

/// Moves the account to a new, verified address; 409 `email_taken` if another account has
/// taken it meanwhile.
pub fn set_email(
    conn: &mut AnyConnection,
    id: &str,
    email: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let taken = || {
        ApiError::conflict(
            "email_taken",
            "Another account uses this email address now.",
        )
    };
    if find_by_email(conn, email)?.is_some_and(|other| other.id != id) {
        return Err(taken());
    }
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(normalise_email(email)),
            users::email_verified_at.eq(Some(at)),
            users::updated_at.eq(at),
        ))
        .execute(conn)
        .map_err(|e| {
            if is_unique_violation(&e) {
                taken()
            } else {
                e.into()
            }
        })?;
    Ok(())
}

/// Changes the name shown to other people.
pub fn set_display_name(
    conn: &mut AnyConnection,
    id: &str,
    display_name: &str,
) -> Result<Option<UserRow>, ApiError> {
    diesel::update(users::table.find(id))
        .set((
            users::display_name.eq(display_name.trim()),
            users::updated_at.eq(now()),
        ))
        .execute(conn)?;
    find_by_id(conn, id)
}

/// Makes the user a platform admin.
pub fn make_admin(conn: &mut AnyConnection, id: &str) -> Result<(), ApiError> {
    diesel::update(users::table.find(id))
        .set((
            users::platform_role.eq(PlatformRole::Admin.code()),
            users::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The organisations a user belongs to, by name.
pub fn memberships_of(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Vec<Membership>, ApiError> {
    let rows = memberships::table
        .inner_join(organisations::table)
        .filter(memberships::user_id.eq(user_id))
        .order((organisations::name.asc(), organisations::id.asc()))
        .select((
            organisations::id,
            organisations::name,
            organisations::verified,
            memberships::role,
        ))
        .load::<(String, String, bool, String)>(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(organisation_id, organisation_name, organisation_verified, role)| Membership {
                organisation_id,
                organisation_name,
                organisation_verified,
                role: OrgRole::from_code(&role).unwrap_or(OrgRole::Member),
            },
        )
        .collect())
}
