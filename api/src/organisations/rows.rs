//! Database rows for organisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::organisations;
use crate::db::utc;
use cc2i_shared::{OrgKind, Organisation, Region, ServiceArea};

/// A row of `organisations`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct OrganisationRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub region: String,
    pub identifier: String,
    pub website: Option<String>,
    pub description: Option<String>,
    pub verified: bool,
    pub verified_at: Option<NaiveDateTime>,
    pub verified_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub self_approval_limit_pence: i64,
}

/// A new row of `organisations`.
#[derive(Debug, Insertable)]
#[diesel(table_name = organisations)]
pub struct NewOrganisationRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub region: String,
    pub identifier: String,
    pub website: Option<String>,
    pub description: Option<String>,
    pub verified: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Profile changes; `None` leaves a column alone, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = organisations)]
pub struct OrganisationChanges {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub region: Option<String>,
    pub website: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub self_approval_limit_pence: Option<i64>,
    pub updated_at: Option<NaiveDateTime>,
}

impl OrganisationRow {
    /// The wire form, given its service areas.
    pub fn into_organisation(
        self,
        service_areas: Vec<ServiceArea>,
        interested_in: Vec<ServiceArea>,
    ) -> Organisation {
        Organisation {
            id: self.id,
            name: self.name,
            kind: OrgKind::from_code(&self.kind).unwrap_or(OrgKind::Other),
            region: Region::from_code(&self.region).unwrap_or(Region::London),
            identifier: self.identifier,
            website: self.website,
            description: self.description,
            service_areas,
            interested_in,
            verified: self.verified,
            verified_at: self.verified_at.map(utc),
            self_approval_limit_pence: self.self_approval_limit_pence,
            created_at: utc(self.created_at),
        }
    }
}
