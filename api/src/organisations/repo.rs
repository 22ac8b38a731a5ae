//! Queries on organisations.

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use diesel::prelude::*;

use super::rows::{NewOrganisationRow, OrganisationChanges, OrganisationRow};
use crate::db::schema::{
    memberships, organisation_interests as interests, organisation_service_areas as areas,
    organisations,
};
use crate::db::{new_id, now, AnyConnection};
use crate::error::{is_unique_violation, ApiError};
use cc2i_shared::identifier::parse_identifier;
use cc2i_shared::page::DEFAULT_LIMIT;
use cc2i_shared::{
    CreateOrganisation, OrgRole, Organisation, OrganisationQuery, Page, ServiceArea,
    UpdateOrganisation,
};

fn identifier_taken() -> ApiError {
    ApiError::conflict(
        "identifier_taken",
        "An organisation with this identifier is already registered.",
    )
}

fn blank_to_none(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Service areas per organisation id.
pub type AreasById = HashMap<String, Vec<ServiceArea>>;

fn group(rows: Vec<(String, String)>) -> AreasById {
    let mut out: HashMap<String, Vec<ServiceArea>> = HashMap::new();
    for (id, code) in rows {
        if let Some(area) = ServiceArea::from_code(&code) {
            out.entry(id).or_default().push(area);
        }
    }
    out.values_mut().for_each(|list| list.sort());
    out
}

/// What each organisation works on, and what else it is interested in.
pub fn areas_of(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<(AreasById, AreasById), ApiError> {
    let own = areas::table
        .filter(areas::organisation_id.eq_any(ids))
        .select((areas::organisation_id, areas::service_area))
        .load::<(String, String)>(conn)?;
    let interests = interests::table
        .filter(interests::organisation_id.eq_any(ids))
        .select((interests::organisation_id, interests::service_area))
        .load::<(String, String)>(conn)?;
    Ok((group(own), group(interests)))
}

fn set_service_areas(
    conn: &mut AnyConnection,
    id: &str,
    list: &[ServiceArea],
) -> Result<(), ApiError> {
    diesel::delete(areas::table.filter(areas::organisation_id.eq(id))).execute(conn)?;
    for area in list {
        diesel::insert_into(areas::table)
            .values((
                areas::organisation_id.eq(id),
                areas::service_area.eq(area.code()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn set_interests(conn: &mut AnyConnection, id: &str, list: &[ServiceArea]) -> Result<(), ApiError> {
    diesel::delete(interests::table.filter(interests::organisation_id.eq(id))).execute(conn)?;
    for area in list {
        diesel::insert_into(interests::table)
            .values((
                interests::organisation_id.eq(id),
                interests::service_area.eq(area.code()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// One organisation, if it exists.
pub fn get(conn: &mut AnyConnection, id: &str) -> Result<Option<Organisation>, ApiError> {
    let Some(row) = organisations::table
        .find(id)
        .select(organisations::all_columns)
        .first::<OrganisationRow>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let (mut own, mut interested) = areas_of(conn, std::slice::from_ref(&row.id))?;
    let (own, interested) = (
        own.remove(&row.id).unwrap_or_default(),
        interested.remove(&row.id).unwrap_or_default(),
    );
    Ok(Some(row.into_organisation(own, interested)))
}

/// One organisation or 404.
pub fn get_or_404(conn: &mut AnyConnection, id: &str) -> Result<Organisation, ApiError> {
    get(conn, id)?.ok_or(ApiError::NotFound)
}

/// Registers an organisation with `owner_id` as its owner.
pub fn insert(
    conn: &mut AnyConnection,
    new: CreateOrganisation,
    owner_id: &str,
) -> Result<Organisation, ApiError> {
    let identifier =
        parse_identifier(&new.identifier).map_err(|m| ApiError::field("identifier", m))?;
    let exists = organisations::table
        .filter(organisations::identifier.eq(&identifier))
        .count()
        .get_result::<i64>(conn)?;
    if exists > 0 {
        return Err(identifier_taken());
    }
    let at = now();
    let id = new_id();
    diesel::insert_into(organisations::table)
        .values(&NewOrganisationRow {
            id: id.clone(),
            name: new.name.trim().to_string(),
            kind: new.kind.code().into(),
            region: new.region.code().into(),
            identifier,
            website: blank_to_none(new.website),
            description: blank_to_none(new.description),
            verified: false,
            created_at: at,
            updated_at: at,
        })
        .execute(conn)
        .map_err(|e| {
            if is_unique_violation(&e) {
                identifier_taken()
            } else {
                e.into()
            }
        })?;
    set_service_areas(conn, &id, &new.service_areas)?;
    diesel::insert_into(memberships::table)
        .values((
            memberships::organisation_id.eq(&id),
            memberships::user_id.eq(owner_id),
            memberships::role.eq(OrgRole::Owner.code()),
            memberships::created_at.eq(at),
        ))
        .execute(conn)?;
    get_or_404(conn, &id)
}

/// Applies profile changes.
pub fn update(
    conn: &mut AnyConnection,
    id: &str,
    changes: UpdateOrganisation,
) -> Result<Organisation, ApiError> {
    let row = OrganisationChanges {
        name: changes.name.map(|n| n.trim().to_string()),
        kind: changes.kind.map(|k| k.code().to_string()),
        region: changes.region.map(|r| r.code().to_string()),
        website: changes.website.map(|w| blank_to_none(Some(w))),
        description: changes.description.map(|d| blank_to_none(Some(d))),
        self_approval_limit_pence: changes.self_approval_limit_pence,
        updated_at: Some(now()),
    };
    diesel::update(organisations::table.find(id))
        .set(&row)
        .execute(conn)?;
    if let Some(list) = changes.service_areas {
        set_service_areas(conn, id, &list)?;
    }
    if let Some(list) = changes.interested_in {
        set_interests(conn, id, &list)?;
    }
    get_or_404(conn, id)
}

/// Marks an organisation verified by `admin_id` (once; verifying again changes nothing).
pub fn verify(
    conn: &mut AnyConnection,
    id: &str,
    admin_id: &str,
) -> Result<Organisation, ApiError> {
    let at = now();
    diesel::update(
        organisations::table
            .find(id)
            .filter(organisations::verified.eq(false)),
    )
    .set((
        organisations::verified.eq(true),
        organisations::verified_at.eq(Some(at)),
        organisations::verified_by.eq(Some(admin_id)),
        organisations::updated_at.eq(at),
    ))
    .execute(conn)?;
    get_or_404(conn, id)
}

fn encode_cursor(name: &str, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{name}\u{1f}{id}"))
}

fn decode_cursor(cursor: &str) -> Result<(String, String), ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|s| {
            s.split_once('\u{1f}')
                .map(|(n, i)| (n.to_string(), i.to_string()))
        })
        .ok_or_else(|| ApiError::field("cursor", "is not a cursor from this list"))
}

diesel::define_sql_function! {
    /// SQL `lower()`, on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// A page of organisations by name, filtered.
pub fn list(
    conn: &mut AnyConnection,
    query: OrganisationQuery,
) -> Result<Page<Organisation>, ApiError> {
    let limit = i64::from(query.limit.unwrap_or(DEFAULT_LIMIT));
    let mut select = organisations::table
        .select(organisations::all_columns)
        .into_boxed();
    if let Some(kind) = query.kind {
        select = select.filter(organisations::kind.eq(kind.code()));
    }
    if let Some(region) = query.region {
        select = select.filter(organisations::region.eq(region.code()));
    }
    if let Some(verified) = query.verified {
        select = select.filter(organisations::verified.eq(verified));
    }
    if let Some(area) = query.service_area {
        let with_area = areas::table
            .filter(areas::service_area.eq(area.code()))
            .select(areas::organisation_id);
        select = select.filter(organisations::id.eq_any(with_area));
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let escaped = q
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        select = select.filter(
            lower(organisations::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(organisations::identifier).like(pattern).escape('\\')),
        );
    }
    if let Some(cursor) = query.cursor.as_deref() {
        let (name, id) = decode_cursor(cursor)?;
        select = select.filter(
            organisations::name
                .gt(name.clone())
                .or(organisations::name.eq(name).and(organisations::id.gt(id))),
        );
    }
    let mut rows = select
        .order((organisations::name.asc(), organisations::id.asc()))
        .limit(limit + 1)
        .load::<OrganisationRow>(conn)?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| encode_cursor(&r.name, &r.id))
    } else {
        None
    };
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let (mut own, mut interested) = areas_of(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let (o, i) = (
                own.remove(&row.id).unwrap_or_default(),
                interested.remove(&row.id).unwrap_or_default(),
            );
            row.into_organisation(o, i)
        })
        .collect();
    Ok(Page { items, next_cursor })
}
