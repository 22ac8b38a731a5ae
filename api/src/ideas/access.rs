//! Who may see and change an idea. Private ideas (draft, in review) look missing to outsiders.
//!
//! Generic over [`Caller`], so people (`AuthUser`) and API keys (`Actor`) get the same
//! answers: a key is a member of its own organisation and an outsider everywhere else.

use crate::auth::Caller;
use crate::db::AnyConnection;
use crate::error::ApiError;
use cc2i_shared::OrgRole;

use super::repo::find_row;
use super::rows::IdeaRow;

/// The caller's role in the proposing organisation, if any.
pub fn proposer_role<C: Caller>(
    conn: &mut AnyConnection,
    row: &IdeaRow,
    user: Option<&C>,
) -> Result<Option<OrgRole>, ApiError> {
    match user {
        Some(user) => user.role_in(conn, &row.organisation_id),
        None => Ok(None),
    }
}

/// The idea if the caller may see it: public ones to anyone, private ones to the
/// proposing organisation's members and platform admins; otherwise 404.
pub fn visible<C: Caller>(
    conn: &mut AnyConnection,
    id: &str,
    user: Option<&C>,
) -> Result<IdeaRow, ApiError> {
    let row = find_row(conn, id)?.ok_or(ApiError::NotFound)?;
    if row.status().is_public() || user.is_some_and(|u| u.is_platform_admin()) {
        return Ok(row);
    }
    match proposer_role(conn, &row, user)? {
        Some(_) => Ok(row),
        None => Err(ApiError::NotFound),
    }
}

/// The idea and the caller's role when they belong to the proposing organisation
/// (404 if they cannot see it, 403 if they can but are not a member).
pub fn as_proposer<C: Caller>(
    conn: &mut AnyConnection,
    id: &str,
    user: &C,
) -> Result<(IdeaRow, OrgRole), ApiError> {
    let row = visible(conn, id, Some(user))?;
    match proposer_role(conn, &row, Some(user))? {
        Some(role) => Ok((row, role)),
        None if row.status().is_public() || user.is_platform_admin() => Err(ApiError::Forbidden(
            "Only the proposing organisation's members can do that.".into(),
        )),
        None => Err(ApiError::NotFound),
    }
}
