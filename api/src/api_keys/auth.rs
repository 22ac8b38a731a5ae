//! Authenticating a request's API key, and noting when each key was last used.

use actix_web::web;
use chrono::TimeDelta;
use diesel::prelude::*;

use super::secret;
use crate::auth::principal::KeyActor;
use crate::db::now;
use crate::db::schema::api_keys;
use crate::error::ApiError;
use crate::state::AppState;
use cc2i_shared::api_key::Scope;

/// `last_used_at` is written at most this often per key, so reads do not all become writes.
pub const LAST_USED_RESOLUTION_SECONDS: i64 = 60;

/// The live key with this secret, or 401 exactly as for a bad token. Revocation takes
/// effect on the next request: nothing is cached.
pub async fn authenticate(state: web::Data<AppState>, token: &str) -> Result<KeyActor, ApiError> {
    let hash = secret::hash(token);
    let found = state
        .db
        .read(move |conn| {
            Ok(api_keys::table
                .filter(api_keys::key_hash.eq(&hash))
                .filter(api_keys::revoked_at.is_null())
                .select((
                    api_keys::id,
                    api_keys::organisation_id,
                    api_keys::scopes,
                    api_keys::created_by,
                    api_keys::last_used_at,
                ))
                .first::<(
                    String,
                    String,
                    String,
                    String,
                    Option<chrono::NaiveDateTime>,
                )>(conn)
                .optional()?)
        })
        .await?;
    let (key_id, organisation_id, scopes, created_by, last_used) =
        found.ok_or(ApiError::Unauthorized)?;
    let at = now();
    let cutoff = at - TimeDelta::seconds(LAST_USED_RESOLUTION_SECONDS);
    if last_used.is_none_or(|t| t < cutoff) {
        let id = key_id.clone();
        let noted = state
            .db
            .write_unlisted(move |conn| {
                diesel::update(
                    api_keys::table.find(&id).filter(
                        api_keys::last_used_at
                            .is_null()
                            .or(api_keys::last_used_at.lt(cutoff)),
                    ),
                )
                .set(api_keys::last_used_at.eq(Some(at)))
                .execute(conn)?;
                Ok(())
            })
            .await;
        // Noting the use is bookkeeping: a busy database must not refuse a valid key.
        if let Err(e) = noted {
            tracing::warn!(error = %e, key_id = %key_id, "could not note an API key's last use");
        }
    }
    Ok(KeyActor {
        key_id,
        organisation_id,
        scopes: Scope::split(&scopes),
        created_by,
    })
}
