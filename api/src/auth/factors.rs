//! Who must have a second factor, and who has used one recently enough to act on money and
//! authority.
//!
//! - Every platform admin, and every owner or admin of a verified organisation, must have a
//!   second factor before any write (403 `mfa_enrolment_required`, hint `enrol`); their own
//!   account pages stay open to them so they can add one.
//! - Actions on money and authority (approving or rejecting a pledge, an approval limit,
//!   members, API keys, webhooks, and every write by platform staff) need a second factor used
//!   within the last [`STEP_UP_MINUTES`](cc2i_shared::mfa::STEP_UP_MINUTES) (403
//!   `mfa_required`, hint `step_up`: `POST /api/v1/auth/step-up`). API keys never step up.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use diesel::prelude::*;
use futures_util::future::LocalBoxFuture;

use super::extract::AuthUser;
use crate::db::schema::{memberships, organisations};
use crate::db::AnyConnection;
use crate::error::ApiError;
use cc2i_shared::{OrgRole, PlatformRole};

/// True when the person has a confirmed second factor: an authenticator app or a passkey.
pub fn enrolled(conn: &mut AnyConnection, user_id: &str) -> Result<bool, ApiError> {
    Ok(super::totp::enrolled(conn, user_id)? || super::passkeys::any(conn, user_id)?)
}

/// The second factors a person can use, as the `hint` of 401 `mfa_required`: `totp`,
/// `passkey`, or both separated by a space.
pub fn kinds(conn: &mut AnyConnection, user_id: &str) -> Result<Vec<&'static str>, ApiError> {
    let mut kinds = Vec::new();
    if super::totp::enrolled(conn, user_id)? {
        kinds.push("totp");
    }
    if super::passkeys::any(conn, user_id)? {
        kinds.push("passkey");
    }
    Ok(kinds)
}

/// True when the person must have a second factor: platform staff, and owners and admins of
/// a verified organisation.
pub fn required(
    conn: &mut AnyConnection,
    user_id: &str,
    platform_role: PlatformRole,
) -> Result<bool, ApiError> {
    if platform_role == PlatformRole::Admin {
        return Ok(true);
    }
    let managers = [OrgRole::Owner.code(), OrgRole::Admin.code()];
    let found: i64 = memberships::table
        .inner_join(organisations::table)
        .filter(memberships::user_id.eq(user_id))
        .filter(memberships::role.eq_any(managers))
        .filter(organisations::verified.eq(true))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// Ok when `user` used a second factor within the step-up window; otherwise 403
/// `mfa_required` (or `mfa_enrolment_required` for someone with no factor at all).
pub fn require_step_up(user: &AuthUser) -> Result<(), ApiError> {
    if user.stepped_up() {
        Ok(())
    } else if user.has_second_factor {
        Err(ApiError::StepUpRequired)
    } else {
        Err(ApiError::SecondFactorNeeded)
    }
}

/// A person who used a second factor within the step-up window: for actions on money and
/// authority, checked before the handler runs.
#[derive(Debug, Clone)]
pub struct SteppedUp(pub AuthUser);

impl FromRequest for SteppedUp {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let person = AuthUser::from_request(req, payload);
        Box::pin(async move {
            let user = person.await?;
            require_step_up(&user)?;
            Ok(SteppedUp(user))
        })
    }
}
