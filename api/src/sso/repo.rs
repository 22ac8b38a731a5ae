//! Queries on single sign-on: providers and their domains, sign-ins in flight, and the
//! accounts linked to people at a provider.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::{memberships, sso_domains, sso_identities, sso_logins, sso_providers};
use crate::db::{new_id, AnyConnection};
use crate::error::ApiError;
use crate::secret::sha256_hex;

/// How long a sign-in at the provider may take.
pub const LOGIN_MINUTES: i64 = 10;

/// A row of `sso_providers`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct ProviderRow {
    pub organisation_id: String,
    pub issuer: String,
    pub client_id: String,
    /// Sealed (see [`super::secret_box`]).
    pub client_secret: String,
    pub require_sso: bool,
    pub break_glass_user_id: Option<String>,
    pub updated_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The organisation's provider, if it has one.
pub fn provider(conn: &mut AnyConnection, org_id: &str) -> Result<Option<ProviderRow>, ApiError> {
    Ok(sso_providers::table
        .find(org_id)
        .select(sso_providers::all_columns)
        .first::<ProviderRow>(conn)
        .optional()?)
}

/// The domains the organisation's provider vouches for, in order.
pub fn domains(conn: &mut AnyConnection, org_id: &str) -> Result<Vec<String>, ApiError> {
    Ok(sso_domains::table
        .filter(sso_domains::organisation_id.eq(org_id))
        .order(sso_domains::domain.asc())
        .select(sso_domains::domain)
        .load(conn)?)
}

/// The provider that vouches for `domain`.
pub fn provider_for_domain(
    conn: &mut AnyConnection,
    domain: &str,
) -> Result<Option<ProviderRow>, ApiError> {
    let org: Option<String> = sso_domains::table
        .find(domain)
        .select(sso_domains::organisation_id)
        .first(conn)
        .optional()?;
    match org {
        Some(org) => provider(conn, &org),
        None => Ok(None),
    }
}

/// The first of `domains` another organisation's provider already vouches for.
pub fn taken_domain(
    conn: &mut AnyConnection,
    org_id: &str,
    domains: &[String],
) -> Result<Option<String>, ApiError> {
    Ok(sso_domains::table
        .filter(sso_domains::domain.eq_any(domains))
        .filter(sso_domains::organisation_id.ne(org_id))
        .select(sso_domains::domain)
        .first(conn)
        .optional()?)
}

/// Saves the provider (adding or replacing it) and exactly these domains.
pub fn save(
    conn: &mut AnyConnection,
    row: &ProviderRow,
    domains: &[String],
) -> Result<(), ApiError> {
    use sso_providers as p;
    let values = (
        p::issuer.eq(&row.issuer),
        p::client_id.eq(&row.client_id),
        p::client_secret.eq(&row.client_secret),
        p::require_sso.eq(row.require_sso),
        p::break_glass_user_id.eq(&row.break_glass_user_id),
        p::updated_by.eq(&row.updated_by),
        p::updated_at.eq(row.updated_at),
    );
    let changed = diesel::update(p::table.find(&row.organisation_id))
        .set(values)
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(p::table)
            .values((
                p::organisation_id.eq(&row.organisation_id),
                p::created_at.eq(row.created_at),
                values,
            ))
            .execute(conn)?;
    }
    diesel::delete(
        sso_domains::table.filter(sso_domains::organisation_id.eq(&row.organisation_id)),
    )
    .execute(conn)?;
    for domain in domains {
        diesel::insert_into(sso_domains::table)
            .values((
                sso_domains::domain.eq(domain),
                sso_domains::organisation_id.eq(&row.organisation_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes the organisation's provider with its domains and sign-ins in flight; false if it
/// had none. Linked accounts stay (they are people's accounts).
pub fn remove(conn: &mut AnyConnection, org_id: &str) -> Result<bool, ApiError> {
    diesel::delete(sso_logins::table.filter(sso_logins::organisation_id.eq(org_id)))
        .execute(conn)?;
    diesel::delete(sso_domains::table.filter(sso_domains::organisation_id.eq(org_id)))
        .execute(conn)?;
    Ok(diesel::delete(sso_providers::table.find(org_id)).execute(conn)? > 0)
}

/// A sign-in in flight, as kept until it comes back.
#[derive(Debug, Clone, Queryable)]
pub struct LoginRow {
    pub id: String,
    pub state_hash: String,
    pub organisation_id: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

/// Keeps a sign-in sent to the organisation's provider ([`LOGIN_MINUTES`]); clears expired
/// ones.
pub fn begin_login(
    conn: &mut AnyConnection,
    org_id: &str,
    state: &str,
    nonce: &str,
    pkce_verifier: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::delete(sso_logins::table.filter(sso_logins::expires_at.le(at))).execute(conn)?;
    diesel::insert_into(sso_logins::table)
        .values((
            sso_logins::id.eq(new_id()),
            sso_logins::state_hash.eq(sha256_hex(state)),
            sso_logins::organisation_id.eq(org_id),
            sso_logins::nonce.eq(nonce),
            sso_logins::pkce_verifier.eq(pkce_verifier),
            sso_logins::created_at.eq(at),
            sso_logins::expires_at.eq(at + TimeDelta::minutes(LOGIN_MINUTES)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Takes the live, unused sign-in with this `state`, once: a conditional update, so two
/// answers with the same state cannot both pass.
pub fn take_login(
    conn: &mut AnyConnection,
    state: &str,
    at: NaiveDateTime,
) -> Result<Option<LoginRow>, ApiError> {
    let hash = sha256_hex(state);
    let taken = diesel::update(
        sso_logins::table
            .filter(sso_logins::state_hash.eq(&hash))
            .filter(sso_logins::used_at.is_null())
            .filter(sso_logins::expires_at.gt(at)),
    )
    .set(sso_logins::used_at.eq(at))
    .execute(conn)?;
    if taken == 0 {
        return Ok(None);
    }
    Ok(Some(
        sso_logins::table
            .filter(sso_logins::state_hash.eq(&hash))
            .select(sso_logins::all_columns)
            .first(conn)?,
    ))
}

/// The account linked to `subject` at `issuer`.
pub fn linked_user(
    conn: &mut AnyConnection,
    issuer: &str,
    subject: &str,
) -> Result<Option<String>, ApiError> {
    Ok(sso_identities::table
        .filter(sso_identities::issuer.eq(issuer))
        .filter(sso_identities::subject.eq(subject))
        .select(sso_identities::user_id)
        .first(conn)
        .optional()?)
}

/// Links `user_id` to `subject` at `issuer`.
pub fn link(
    conn: &mut AnyConnection,
    user_id: &str,
    issuer: &str,
    subject: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(sso_identities::table)
        .values((
            sso_identities::id.eq(new_id()),
            sso_identities::user_id.eq(user_id),
            sso_identities::issuer.eq(issuer),
            sso_identities::subject.eq(subject),
            sso_identities::created_at.eq(at),
            sso_identities::last_used_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Notes a sign-in through a linked identity.
pub fn touch(
    conn: &mut AnyConnection,
    issuer: &str,
    subject: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(
        sso_identities::table
            .filter(sso_identities::issuer.eq(issuer))
            .filter(sso_identities::subject.eq(subject)),
    )
    .set(sso_identities::last_used_at.eq(at))
    .execute(conn)?;
    Ok(())
}

/// The organisations `user_id` belongs to that require single sign-on and do not name them
/// as break-glass owner.
pub fn requiring_sso(conn: &mut AnyConnection, user_id: &str) -> Result<Vec<String>, ApiError> {
    let rows: Vec<(String, Option<String>)> = memberships::table
        .inner_join(
            sso_providers::table
                .on(sso_providers::organisation_id.eq(memberships::organisation_id)),
        )
        .filter(memberships::user_id.eq(user_id))
        .filter(sso_providers::require_sso.eq(true))
        .select((
            sso_providers::organisation_id,
            sso_providers::break_glass_user_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, glass)| glass.as_deref() != Some(user_id))
        .map(|(org, _)| org)
        .collect())
}
