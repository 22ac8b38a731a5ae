//! Database rows for accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::users;
use crate::db::utc;
use cc2i_shared::{PlatformRole, User};

/// A row of `users`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub platform_role: String,
    pub token_version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub email_verified_at: Option<NaiveDateTime>,
}

impl UserRow {
    /// True once the address was verified.
    pub fn email_verified(&self) -> bool {
        self.email_verified_at.is_some()
    }
}

/// A new row of `users`.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub platform_role: String,
    pub token_version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub email_verified_at: Option<NaiveDateTime>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            platform_role: PlatformRole::from_code(&row.platform_role),
            email_verified: row.email_verified_at.is_some(),
            created_at: utc(row.created_at),
        }
    }
}
