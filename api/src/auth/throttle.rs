//! Sign-in throttling, kept in the database so it holds across API processes.
//!
//! An attempt on an account is recorded as a failure *before* the password is checked and
//! removed if it succeeds, so a burst of parallel guesses at one account cannot slip past
//! its limit. An address is charged only for real failures, so many people signing in at
//! once from one council's network are not locked out by their own successes.

use std::net::IpAddr;

use actix_web::HttpRequest;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::login_failures;
use crate::db::{new_id, now, AnyConnection};
use crate::error::ApiError;

/// Failed attempts allowed per key within [`WINDOW_SECONDS`].
pub const MAX_FAILURES: i64 = 10;
/// The sliding window.
pub const WINDOW_SECONDS: i64 = 300;

/// The throttle keys for an attempt on `email` from `ip`.
pub fn keys(email: &str, ip: IpAddr) -> Vec<String> {
    vec![
        format!("account:{}", super::repo::normalise_email(email)),
        format!("ip:{ip}"),
    ]
}

/// Serialises attempts on the same keys until the caller's transaction ends: on PostgreSQL
/// a transaction-scoped advisory lock per key, taken in sorted order so two attempts never
/// wait on each other crosswise; on SQLite the single writer already runs one at a time.
fn lock_keys(conn: &mut AnyConnection, keys: &[String]) -> Result<(), ApiError> {
    if let AnyConnection::Postgresql(pg) = conn {
        let mut sorted: Vec<&String> = keys.iter().collect();
        sorted.sort();
        sorted.dedup();
        for key in sorted {
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 7207))")
                .bind::<diesel::sql_types::Text, _>(key)
                .execute(pg)?;
        }
    }
    Ok(())
}

/// Refuses with 429 when any key is at its limit; otherwise records the attempt against the
/// first key (the account) and returns its ids. Attempts on the same account or from the
/// same address wait for each other here, so parallel guesses cannot all see the count
/// below the limit.
pub fn begin_attempt(conn: &mut AnyConnection, keys: &[String]) -> Result<Vec<String>, ApiError> {
    lock_keys(conn, keys)?;
    let at = now();
    let since = at - TimeDelta::seconds(WINDOW_SECONDS);
    diesel::delete(login_failures::table.filter(login_failures::failed_at.le(since)))
        .execute(conn)?;
    for key in keys {
        let recent: Vec<NaiveDateTime> = login_failures::table
            .filter(login_failures::throttle_key.eq(key))
            .filter(login_failures::failed_at.gt(since))
            .order(login_failures::failed_at.asc())
            .select(login_failures::failed_at)
            .limit(MAX_FAILURES)
            .load(conn)?;
        if recent.len() as i64 >= MAX_FAILURES {
            let oldest = recent[0];
            let wait = (oldest + TimeDelta::seconds(WINDOW_SECONDS) - at)
                .num_seconds()
                .max(1);
            return Err(ApiError::TooManyAttempts {
                retry_after_seconds: wait as u64,
            });
        }
    }
    let mut ids = Vec::with_capacity(1);
    for key in keys.iter().take(1) {
        let id = new_id();
        diesel::insert_into(login_failures::table)
            .values((
                login_failures::id.eq(&id),
                login_failures::throttle_key.eq(key),
                login_failures::failed_at.eq(at),
            ))
            .execute(conn)?;
        ids.push(id);
    }
    Ok(ids)
}

/// Records a failure against a key (the address, once the password proved wrong).
pub fn record_failure(conn: &mut AnyConnection, key: &str) -> Result<(), ApiError> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(new_id()),
            login_failures::throttle_key.eq(key),
            login_failures::failed_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets an attempt that succeeded.
pub fn forget_attempt(conn: &mut AnyConnection, ids: &[String]) -> Result<(), ApiError> {
    diesel::delete(login_failures::table.filter(login_failures::id.eq_any(ids))).execute(conn)?;
    Ok(())
}

/// The client's address: the TCP peer, or the nearest untrusted `X-Forwarded-For` hop
/// when the peer is a trusted proxy.
pub fn client_ip(req: &HttpRequest, trusted: &[IpAddr]) -> IpAddr {
    let peer = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .copied()
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let req = TestRequest::default()
            .peer_addr("10.0.0.1:1234".parse().unwrap())
            .insert_header(("x-forwarded-for", "6.6.6.6, 203.0.113.9"))
            .to_http_request();
        assert_eq!(
            client_ip(&req, &[proxy]),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_ip(&req, &[]), proxy);
    }
}
