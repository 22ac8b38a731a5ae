//! Sign-in throttling that protects accounts without locking people out (OWASP
//! Authentication Cheat Sheet, "device cookies"), kept in the database so it holds across
//! API processes.
//!
//! A browser that signed in to an account before holds a signed device cookie for it
//! ([`super::device`]). Attempts from such a *known device* are not refused by the account's
//! or the address's limits, which an attacker can trigger; the device has a limit of its own
//! ([`DEVICE_FAILURES`]). Attempts from *unknown devices* are limited per account
//! ([`ACCOUNT_FAILURES`]) and per address, where the limit counts the distinct accounts that
//! failed ([`ADDRESS_ACCOUNTS`]), not the typos of one person, so a busy office behind one
//! address does not lock itself out.
//!
//! An attempt is recorded as a failure *before* the password is checked and removed if it
//! succeeds, so a burst of parallel guesses cannot slip past a limit.

use std::net::IpAddr;

use actix_web::HttpRequest;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::login_failures;
use crate::db::{new_id, AnyConnection};
use crate::error::ApiError;

/// Failed attempts on one account from unknown devices within [`WINDOW_SECONDS`].
pub const ACCOUNT_FAILURES: i64 = 10;
/// Distinct accounts that failed from one address (unknown devices) within the window.
pub const ADDRESS_ACCOUNTS: i64 = 20;
/// Failed attempts from one known device within the window; past it the device counts as
/// unknown.
pub const DEVICE_FAILURES: i64 = 10;
/// The sliding window.
pub const WINDOW_SECONDS: i64 = 900;

/// An attempt under way: what to record once the password is checked.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The failure recorded in advance (removed on success).
    pending: String,
    /// The account tried, normalised.
    account: String,
    /// The address key.
    ip_key: String,
    /// True when it came from a known device of the account.
    known_device: bool,
}

/// Serialises attempts on the same keys until the caller's transaction ends: on PostgreSQL
/// a transaction-scoped advisory lock per key, taken in sorted order so two attempts never
/// wait on each other crosswise; on SQLite the single writer already runs one at a time.
fn lock_keys(conn: &mut AnyConnection, keys: &[&str]) -> Result<(), ApiError> {
    if let AnyConnection::Postgresql(pg) = conn {
        let mut sorted: Vec<&str> = keys.to_vec();
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

fn record(
    conn: &mut AnyConnection,
    key: &str,
    account: Option<&str>,
    at: NaiveDateTime,
) -> Result<String, ApiError> {
    let id = new_id();
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(&id),
            login_failures::throttle_key.eq(key),
            login_failures::account.eq(account),
            login_failures::failed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(id)
}

fn too_many(oldest: NaiveDateTime, at: NaiveDateTime) -> ApiError {
    let wait = (oldest + TimeDelta::seconds(WINDOW_SECONDS) - at)
        .num_seconds()
        .max(1);
    ApiError::TooManyAttempts {
        retry_after_seconds: wait as u64,
    }
}

/// Failures under `key` in the window, oldest first (at most `limit`).
fn recent(
    conn: &mut AnyConnection,
    key: &str,
    since: NaiveDateTime,
    limit: i64,
) -> Result<Vec<NaiveDateTime>, ApiError> {
    Ok(login_failures::table
        .filter(login_failures::throttle_key.eq(key))
        .filter(login_failures::failed_at.gt(since))
        .order(login_failures::failed_at.asc())
        .select(login_failures::failed_at)
        .limit(limit)
        .load(conn)?)
}

/// Starts an attempt on `email` from `ip`; `device` is the nonce of a genuine device cookie
/// for this very account, if the request carried one. Refuses with 429 when a limit that
/// applies is reached; otherwise records the attempt as a failure in advance. Attempts on the
/// same account, address or device wait for each other here.
pub fn begin(
    conn: &mut AnyConnection,
    email: &str,
    ip: IpAddr,
    device: Option<&str>,
    at: NaiveDateTime,
) -> Result<Attempt, ApiError> {
    let account = super::repo::normalise_email(email);
    let account_key = format!("account:{account}");
    let ip_key = format!("ip:{ip}");
    let device_key = device.map(|nonce| format!("device:{nonce}"));
    let mut keys = vec![account_key.as_str(), ip_key.as_str()];
    keys.extend(device_key.as_deref());
    lock_keys(conn, &keys)?;
    let since = at - TimeDelta::seconds(WINDOW_SECONDS);
    diesel::delete(login_failures::table.filter(login_failures::failed_at.le(since)))
        .execute(conn)?;
    if let Some(device_key) = &device_key {
        if (recent(conn, device_key, since, DEVICE_FAILURES)?.len() as i64) < DEVICE_FAILURES {
            let pending = record(conn, device_key, Some(&account), at)?;
            return Ok(Attempt {
                pending,
                account,
                ip_key,
                known_device: true,
            });
        }
        // A device that failed too often counts as unknown from now on.
    }
    let failures = recent(conn, &account_key, since, ACCOUNT_FAILURES)?;
    if failures.len() as i64 >= ACCOUNT_FAILURES {
        return Err(too_many(failures[0], at));
    }
    let accounts: Vec<(Option<String>, NaiveDateTime)> = login_failures::table
        .filter(login_failures::throttle_key.eq(&ip_key))
        .filter(login_failures::failed_at.gt(since))
        .order(login_failures::failed_at.asc())
        .select((login_failures::account, login_failures::failed_at))
        .load(conn)?;
    let mut distinct: Vec<&str> = accounts.iter().filter_map(|(a, _)| a.as_deref()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() as i64 >= ADDRESS_ACCOUNTS {
        return Err(too_many(accounts[0].1, at));
    }
    let pending = record(conn, &account_key, Some(&account), at)?;
    Ok(Attempt {
        pending,
        account,
        ip_key,
        known_device: false,
    })
}

/// The password proved wrong: an unknown device's failure also counts for its address (the
/// failure recorded in advance stays).
pub fn failed(
    conn: &mut AnyConnection,
    attempt: &Attempt,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    if !attempt.known_device {
        record(conn, &attempt.ip_key, Some(&attempt.account), at)?;
    }
    Ok(())
}

/// The attempt succeeded: its failure recorded in advance is forgotten.
pub fn succeeded(conn: &mut AnyConnection, attempt: &Attempt) -> Result<(), ApiError> {
    diesel::delete(login_failures::table.filter(login_failures::id.eq(&attempt.pending)))
        .execute(conn)?;
    Ok(())
}

/// Forgets every failure on an account (its password was just reset).
pub fn clear_account(conn: &mut AnyConnection, email: &str) -> Result<(), ApiError> {
    let key = format!("account:{}", super::repo::normalise_email(email));
    diesel::delete(login_failures::table.filter(login_failures::throttle_key.eq(key)))
        .execute(conn)?;
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
