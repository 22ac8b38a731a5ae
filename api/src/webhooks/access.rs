//! Who may manage an organisation's webhooks: the one place that decides.

use crate::auth::{Actor, Scope};
use crate::db::AnyConnection;
use crate::error::ApiError;

/// Owners and admins of the organisation, or its API keys with `webhooks:manage`. Anyone
/// outside it gets 404 (its webhooks are private); a member who is neither gets 403.
pub fn ensure_can_manage(
    conn: &mut AnyConnection,
    actor: &Actor,
    organisation_id: &str,
) -> Result<(), ApiError> {
    crate::organisations::repo::get_or_404(conn, organisation_id)?;
    actor.manage_or_scope(conn, organisation_id, Scope::WebhooksManage)
}

/// Who may add, change or remove a webhook: as [`ensure_can_manage`], and a person must have
/// used a second factor in the last ten minutes (403 `mfa_required`; keys never step up).
pub fn ensure_can_change(
    conn: &mut AnyConnection,
    actor: &Actor,
    organisation_id: &str,
) -> Result<(), ApiError> {
    ensure_can_manage(conn, actor, organisation_id)?;
    actor.require_step_up()
}
