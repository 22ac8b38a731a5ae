//! Storing, listing and revoking API keys.

use diesel::prelude::*;

use super::secret;
use crate::db::schema::{api_keys, organisations, users};
use crate::db::{new_id, now, utc, AnyConnection};
use crate::error::ApiError;
use cc2i_shared::api_key::{ApiKey, CreateApiKey, CreatedApiKey, Scope, MAX_KEYS_PER_ORGANISATION};

type Row = (
    String,
    String,
    String,
    String,
    String,
    chrono::NaiveDateTime,
    String,
    String,
    Option<chrono::NaiveDateTime>,
);

fn to_key(row: Row) -> ApiKey {
    let (id, organisation_id, name, prefix, scopes, created_at, created_by, created_by_name, last) =
        row;
    ApiKey {
        id,
        organisation_id,
        name,
        prefix,
        scopes: Scope::split(&scopes),
        created_at: utc(created_at),
        created_by,
        created_by_name,
        last_used_at: last.map(utc),
    }
}

/// The organisation's live keys, newest first.
pub fn list(conn: &mut AnyConnection, organisation_id: &str) -> Result<Vec<ApiKey>, ApiError> {
    let rows = api_keys::table
        .inner_join(users::table)
        .filter(api_keys::organisation_id.eq(organisation_id))
        .filter(api_keys::revoked_at.is_null())
        .order((api_keys::created_at.desc(), api_keys::id.desc()))
        .select((
            api_keys::id,
            api_keys::organisation_id,
            api_keys::name,
            api_keys::prefix,
            api_keys::scopes,
            api_keys::created_at,
            api_keys::created_by,
            users::display_name,
            api_keys::last_used_at,
        ))
        .load::<Row>(conn)?;
    Ok(rows.into_iter().map(to_key).collect())
}

/// Makes a key; 409 `api_key_limit_reached` when the organisation has too many.
pub fn create(
    conn: &mut AnyConnection,
    organisation_id: &str,
    new: CreateApiKey,
    user_id: &str,
) -> Result<CreatedApiKey, ApiError> {
    // Two racing creations must not pass the cap: on PostgreSQL lock the organisation's
    // row; on SQLite the single writer already serialises them.
    if let AnyConnection::Postgresql(pg) = conn {
        organisations::table
            .find(organisation_id)
            .select(organisations::id)
            .for_update()
            .first::<String>(pg)?;
    }
    let live = api_keys::table
        .filter(api_keys::organisation_id.eq(organisation_id))
        .filter(api_keys::revoked_at.is_null())
        .count()
        .get_result::<i64>(conn)?;
    if live >= MAX_KEYS_PER_ORGANISATION {
        return Err(ApiError::conflict(
            "api_key_limit_reached",
            format!(
                "An organisation can have at most {MAX_KEYS_PER_ORGANISATION} API keys. Revoke one you no longer use first."
            ),
        ));
    }
    let key = secret::generate();
    let id = new_id();
    let at = now();
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::id.eq(&id),
            api_keys::organisation_id.eq(organisation_id),
            api_keys::name.eq(new.name.trim()),
            api_keys::prefix.eq(secret::display_prefix(&key)),
            api_keys::key_hash.eq(secret::hash(&key)),
            api_keys::scopes.eq(Scope::join(&new.scopes)),
            api_keys::created_by.eq(user_id),
            api_keys::created_at.eq(at),
        ))
        .execute(conn)?;
    let api_key = list(conn, organisation_id)?
        .into_iter()
        .find(|k| k.id == id)
        .ok_or_else(|| ApiError::Internal("a new API key vanished".into()))?;
    Ok(CreatedApiKey { api_key, key })
}

/// Revokes a live key of the organisation at once; 404 if there is none.
pub fn revoke(
    conn: &mut AnyConnection,
    organisation_id: &str,
    key_id: &str,
    user_id: &str,
) -> Result<(), ApiError> {
    let changed = diesel::update(
        api_keys::table
            .find(key_id)
            .filter(api_keys::organisation_id.eq(organisation_id))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set((
        api_keys::revoked_at.eq(Some(now())),
        api_keys::revoked_by.eq(Some(user_id)),
    ))
    .execute(conn)?;
    if changed == 1 {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}
