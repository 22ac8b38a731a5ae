//! Who is looking: the signed-in user with their memberships and platform role.

use cc2i_shared::{Me, OrgRole, PlatformRole};
use gloo_net::http::Method;

use crate::api::{request, NO_BODY};
use crate::session::{end_if_signed_out, SessionHandle};

/// The signed-in user, or `None` when nobody is signed in or the API could not say.
pub async fn load_viewer(session: &SessionHandle) -> Option<Me> {
    if !session.signed_in() {
        return None;
    }
    match request::<Me>(Method::GET, "/me", NO_BODY).await {
        Ok(me) => Some(me),
        Err(error) => {
            end_if_signed_out(session, &error);
            None
        }
    }
}

/// The viewer's role in an organisation, if they belong to it.
pub fn role_in(viewer: Option<&Me>, organisation_id: &str) -> Option<OrgRole> {
    viewer?
        .memberships
        .iter()
        .find(|m| m.organisation_id == organisation_id)
        .map(|m| m.role)
}

/// Whether the viewer is CC2i platform staff.
pub fn is_platform_admin(viewer: Option<&Me>) -> bool {
    viewer.is_some_and(|me| me.user.platform_role == PlatformRole::Admin)
}

/// Whether the viewer is an owner or admin of some organisation, and so approves pledges.
pub fn manages_any(viewer: Option<&Me>) -> bool {
    viewer.is_some_and(|me| me.memberships.iter().any(|m| m.role.can_manage()))
}
