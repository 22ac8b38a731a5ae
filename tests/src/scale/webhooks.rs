//! Every webhook delivery reached the receiver at least once and, after dropping repeats by
//! `CC2i-Event-Id`, exactly once. A repeat is allowed only when its first copy arrived while
//! the killed replica could have been posting it (it died before recording the attempt);
//! any other repeat is double work by two live replicas.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use cc2i_api::db::schema::{webhook_deliveries as deliveries, webhooks};
use diesel::prelude::*;
use diesel::PgConnection;

use crate::receiver::Receiver;

/// Deliveries not yet delivered.
pub fn undelivered(conn: &mut PgConnection) -> i64 {
    deliveries::table
        .filter(deliveries::status.ne("delivered"))
        .count()
        .get_result(conn)
        .expect("count")
}

/// Expires leases taken before `before` (the killed replica's), so another replica takes
/// the deliveries now instead of in two minutes; returns how many.
pub fn expire_leases_before(conn: &mut PgConnection, before: chrono::NaiveDateTime) -> usize {
    // A lease runs 120 s from when it was taken.
    let taken_before = before + chrono::TimeDelta::seconds(120);
    diesel::update(
        deliveries::table
            .filter(deliveries::status.eq("pending"))
            .filter(deliveries::lease_until.le(taken_before)),
    )
    .set(deliveries::lease_until.eq(before - chrono::TimeDelta::seconds(1)))
    .execute(conn)
    .expect("expire leases")
}

/// Returns the broken promises, the repeats explained by the kill, and a line of facts.
pub fn check(
    conn: &mut PgConnection,
    receiver: &Receiver,
    killed_at: Instant,
) -> (Vec<String>, usize, String) {
    let mut bad = Vec::new();
    let rows: Vec<(String, String, String, i32)> = deliveries::table
        .inner_join(webhooks::table)
        .select((
            deliveries::event_id,
            webhooks::url,
            deliveries::status,
            deliveries::attempts,
        ))
        .load(conn)
        .expect("deliveries");
    let mut hits: HashMap<(String, String), Vec<Instant>> = HashMap::new();
    for hit in receiver.all_hits() {
        hits.entry((hit.path.clone(), hit.header("cc2i-event-id").to_string()))
            .or_default()
            .push(hit.at);
    }
    let mut expected = 0;
    let mut crash_repeats = 0;
    for (event, url, status, attempts) in &rows {
        let path = url.trim_start_matches(&receiver.base).to_string();
        expected += 1;
        if status != "delivered" {
            bad.push(format!(
                "delivery of {event} to {path} is {status} after {attempts} attempts"
            ));
        }
        match hits.remove(&(path.clone(), event.clone())) {
            None => bad.push(format!("event {event} never reached {path}")),
            Some(times) if times.len() > 1 => {
                let first = times.iter().min().copied().unwrap_or(killed_at);
                let window = killed_at
                    .checked_sub(Duration::from_secs(3))
                    .unwrap_or(killed_at);
                if first >= window && first <= killed_at + Duration::from_millis(500) {
                    crash_repeats += times.len() - 1;
                } else {
                    bad.push(format!(
                        "event {event} reached {path} {} times (not explained by the kill)",
                        times.len()
                    ));
                }
            }
            Some(_) => {}
        }
    }
    for ((path, event), times) in hits {
        bad.push(format!(
            "{} unexpected posts of {event:?} to {path}",
            times.len()
        ));
    }
    let facts = format!(
        "{expected} deliveries, each received once after dropping {crash_repeats} repeats by CC2i-Event-Id"
    );
    (bad, crash_repeats, facts)
}
