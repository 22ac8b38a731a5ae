//! Who may act on an organisation's membership: the one place that decides.

use super::{members, repo};
use crate::auth::AuthUser;
use crate::db::AnyConnection;
use crate::error::ApiError;
use cc2i_shared::OrgRole;

/// The caller's role in a private part of an organisation (platform admins pass with
/// `None`, able to read); a non-member gets 404, as if it did not exist.
pub fn member_role(
    conn: &mut AnyConnection,
    org_id: &str,
    user: &AuthUser,
) -> Result<Option<OrgRole>, ApiError> {
    repo::get_or_404(conn, org_id)?;
    let role = members::role_of(conn, org_id, &user.id)?;
    if role.is_none() && !user.is_platform_admin() {
        return Err(ApiError::NotFound);
    }
    Ok(role)
}

/// The role if it is owner or admin; 403 otherwise.
pub fn require_manager(role: Option<OrgRole>) -> Result<OrgRole, ApiError> {
    role.filter(|r| r.can_manage()).ok_or_else(|| {
        ApiError::Forbidden("Only the organisation's owners and admins can do that.".into())
    })
}
