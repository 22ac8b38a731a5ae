//! Who an idea's discussion reaches: its funders, who may read funders-only updates, and
//! its followers, who are told about public ones.

use std::collections::BTreeSet;

use diesel::prelude::*;

use crate::auth::AuthUser;
use crate::db::schema::{idea_follows, memberships, pledges};
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::organisations::members::role_of;
use cc2i_shared::pledge::PledgeStatus;

/// Pledges that make their organisation a funder: active ones (counting while the idea is
/// open) and committed ones (binding once it was funded).
pub const FUNDER_STATUSES: [PledgeStatus; 2] = [PledgeStatus::Active, PledgeStatus::Committed];

fn funder_codes() -> Vec<&'static str> {
    FUNDER_STATUSES.iter().map(|s| s.code()).collect()
}

/// The organisations funding the idea.
pub fn funder_organisations(
    conn: &mut AnyConnection,
    idea_id: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(pledges::table
        .filter(pledges::idea_id.eq(idea_id))
        .filter(pledges::status.eq_any(funder_codes()))
        .select(pledges::organisation_id)
        .distinct()
        .load(conn)?)
}

/// Whether the user belongs to an organisation funding the idea.
pub fn is_funder_member(
    conn: &mut AnyConnection,
    idea_id: &str,
    user_id: &str,
) -> Result<bool, ApiError> {
    let n: i64 = pledges::table
        .inner_join(
            memberships::table.on(memberships::organisation_id.eq(pledges::organisation_id)),
        )
        .filter(pledges::idea_id.eq(idea_id))
        .filter(pledges::status.eq_any(funder_codes()))
        .filter(memberships::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether the caller may read funders-only updates: members of funding organisations, of
/// the proposing organisation, and platform staff.
pub fn sees_funders_only(
    conn: &mut AnyConnection,
    idea: &IdeaRow,
    user: Option<&AuthUser>,
) -> Result<bool, ApiError> {
    let Some(user) = user else {
        return Ok(false);
    };
    if user.is_platform_admin() || role_of(conn, &idea.organisation_id, &user.id)?.is_some() {
        return Ok(true);
    }
    is_funder_member(conn, &idea.id, &user.id)
}

/// Everyone in the funding organisations, and the idea's followers too when `with_followers`;
/// each once, less `except`.
pub fn update_recipients(
    conn: &mut AnyConnection,
    idea_id: &str,
    with_followers: bool,
    except: &str,
) -> Result<Vec<String>, ApiError> {
    let funders = funder_organisations(conn, idea_id)?;
    let mut people: BTreeSet<String> = memberships::table
        .filter(memberships::organisation_id.eq_any(&funders))
        .select(memberships::user_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    if with_followers {
        people.extend(
            idea_follows::table
                .filter(idea_follows::idea_id.eq(idea_id))
                .select(idea_follows::user_id)
                .load::<String>(conn)?,
        );
    }
    people.remove(except);
    Ok(people.into_iter().collect())
}
