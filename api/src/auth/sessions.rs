//! Browser sessions: a random secret in an `HttpOnly` cookie, only its SHA-256 stored, with
//! an idle expiry (30 minutes) and an absolute one (12 hours). A new session is made on every
//! sign-in (the old cookie's session ends), and ends when the password changes (the session
//! remembers the account's token version). `last_used_at` is written at most once a minute.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::rows::UserRow;
use crate::db::schema::{sessions, users};
use crate::db::{new_id, AnyConnection};
use crate::error::ApiError;
use crate::secret::{random_token, sha256_hex};

/// The session cookie (`HttpOnly`).
pub const COOKIE: &str = "cc2i_session";
/// The cookie the app reads its CSRF token from (not `HttpOnly`; not a credential alone).
pub const CSRF_COOKIE: &str = "cc2i_csrf";
/// The header a cookie-authenticated write carries the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// A session unused this long ends.
pub const IDLE_MINUTES: i64 = 30;
/// A session ends this long after sign-in, however busy.
pub const ABSOLUTE_HOURS: i64 = 12;
/// `last_used_at` is written at most this often.
const TOUCH_SECONDS: i64 = 60;

/// A row of `sessions`, in column order.
#[derive(Debug, Clone, Queryable)]
pub struct SessionRow {
    pub id: String,
    pub token_hash: String,
    pub csrf_token: String,
    pub user_id: String,
    pub token_version: i64,
    pub user_agent: String,
    pub ip: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub mfa_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
}

/// A session just started: the cookie's secret and the CSRF token go to the browser once.
#[derive(Debug, Clone)]
pub struct Started {
    /// The cookie's secret.
    pub token: String,
    /// The row.
    pub row: SessionRow,
}

/// Starts a session for `user`, ending the one `replacing` (the cookie the browser had).
pub fn start(
    conn: &mut AnyConnection,
    user: &UserRow,
    user_agent: &str,
    ip: &str,
    replacing: Option<&str>,
    mfa_at: Option<NaiveDateTime>,
    at: NaiveDateTime,
) -> Result<Started, ApiError> {
    if let Some(old) = replacing {
        diesel::update(
            sessions::table
                .filter(sessions::token_hash.eq(sha256_hex(old)))
                .filter(sessions::ended_at.is_null()),
        )
        .set(sessions::ended_at.eq(Some(at)))
        .execute(conn)?;
    }
    let token = random_token();
    let id = new_id();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&id),
            sessions::token_hash.eq(sha256_hex(&token)),
            sessions::csrf_token.eq(random_token()),
            sessions::user_id.eq(&user.id),
            sessions::token_version.eq(user.token_version),
            sessions::user_agent.eq(user_agent.chars().take(300).collect::<String>()),
            sessions::ip.eq(ip),
            sessions::created_at.eq(at),
            sessions::last_used_at.eq(at),
            sessions::expires_at.eq(at + TimeDelta::hours(ABSOLUTE_HOURS)),
            sessions::mfa_at.eq(mfa_at),
        ))
        .execute(conn)?;
    let row = sessions::table
        .find(&id)
        .select(sessions::all_columns)
        .first::<SessionRow>(conn)?;
    Ok(Started { token, row })
}

fn live(at: NaiveDateTime) -> impl Fn(&SessionRow) -> bool {
    move |s| {
        s.ended_at.is_none()
            && s.expires_at > at
            && s.last_used_at + TimeDelta::minutes(IDLE_MINUTES) > at
    }
}

/// The live session whose cookie holds `token`, with its account (read-only).
pub fn find(
    conn: &mut AnyConnection,
    token: &str,
    at: NaiveDateTime,
) -> Result<Option<(SessionRow, UserRow)>, ApiError> {
    let found = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(sha256_hex(token)))
        .select((sessions::all_columns, users::all_columns))
        .first::<(SessionRow, UserRow)>(conn)
        .optional()?;
    Ok(found.filter(|(s, u)| live(at)(s) && s.token_version == u.token_version))
}

/// True when `last_used_at` is old enough to be written again.
pub fn needs_touch(session: &SessionRow, at: NaiveDateTime) -> bool {
    session.last_used_at + TimeDelta::seconds(TOUCH_SECONDS) <= at
}

/// Notes that the session was used now.
pub fn touch(conn: &mut AnyConnection, id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::ended_at.is_null()),
    )
    .set(sessions::last_used_at.eq(at))
    .execute(conn)?;
    Ok(())
}

/// The account's live sessions, most recently used first.
pub fn list(
    conn: &mut AnyConnection,
    user_id: &str,
    at: NaiveDateTime,
) -> Result<Vec<SessionRow>, ApiError> {
    let version: i64 = users::table
        .find(user_id)
        .select(users::token_version)
        .first(conn)?;
    let rows: Vec<SessionRow> = sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::ended_at.is_null())
        .filter(sessions::expires_at.gt(at))
        .order((sessions::last_used_at.desc(), sessions::id.desc()))
        .select(sessions::all_columns)
        .limit(200)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|s| live(at)(s) && s.token_version == version)
        .collect())
}

/// Ends one of the account's sessions; false if it has no such live session.
pub fn end(
    conn: &mut AnyConnection,
    user_id: &str,
    id: &str,
    at: NaiveDateTime,
) -> Result<bool, ApiError> {
    Ok(diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::ended_at.is_null()),
    )
    .set(sessions::ended_at.eq(Some(at)))
    .execute(conn)?
        == 1)
}

/// Ends every session of the account.
pub fn end_all(conn: &mut AnyConnection, user_id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::ended_at.is_null()),
    )
    .set(sessions::ended_at.eq(Some(at)))
    .execute(conn)?;
    Ok(())
}

/// A short name for the browser and system a user agent string describes, such as
/// "Firefox on Windows".
pub fn device_name(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    let system = [
        ("Windows", "Windows"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_string(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) => "An unknown device".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::device_name;

    #[test]
    fn user_agents_read_as_browser_and_system() {
        assert_eq!(
            device_name("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"),
            "Chrome on Linux"
        );
        assert_eq!(
            device_name(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
            ),
            "Firefox on Windows"
        );
        assert_eq!(device_name(""), "An unknown device");
    }
}
