//! Who may manage an organisation's webhooks: the one place that decides.

use diesel::prelude::*;

use crate::auth::AuthUser;
use crate::db::schema::organisations;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::organisations::members::role_of;

/// Owners and admins of the organisation. Anyone outside it gets 404 (its webhooks are
/// private); a member who is neither gets 403.
pub fn ensure_can_manage(
    conn: &mut AnyConnection,
    user: &AuthUser,
    organisation_id: &str,
) -> Result<(), ApiError> {
    let exists = organisations::table
        .find(organisation_id)
        .select(organisations::id)
        .first::<String>(conn)
        .optional()?
        .is_some();
    if !exists {
        return Err(ApiError::NotFound);
    }
    match role_of(conn, organisation_id, &user.id)? {
        None => Err(ApiError::NotFound),
        Some(role) if !role.can_manage() => Err(ApiError::Forbidden(
            "Only the organisation's owners and admins can manage its webhooks.".into(),
        )),
        Some(_) => Ok(()),
    }
}
