//! Every due idea closed exactly once: a final status and `closed_at`, one `idea_closed`
//! ledger entry, one `idea.funded` or `idea.not_funded` event, one closing notification per
//! person, and at most one 48-hour reminder per person.

use std::collections::HashMap;

use cc2i_api::db::schema::{ideas, ledger_entries, notifications, webhook_events};
use diesel::prelude::*;
use diesel::PgConnection;

/// Ideas among `due` still open (the scheduler has not closed them yet).
pub fn still_open(conn: &mut PgConnection, due: &[String]) -> usize {
    ideas::table
        .filter(ideas::id.eq_any(due))
        .filter(ideas::status.eq("open"))
        .count()
        .get_result::<i64>(conn)
        .expect("count") as usize
}

/// Returns the broken promises and a line of facts.
pub fn check(conn: &mut PgConnection, due: &[String]) -> (Vec<String>, String) {
    let mut bad = Vec::new();
    let mut outcomes: HashMap<String, usize> = HashMap::new();
    for id in due {
        let (status, closed_at): (String, Option<chrono::NaiveDateTime>) = ideas::table
            .find(id)
            .select((ideas::status, ideas::closed_at))
            .first(conn)
            .expect("idea");
        *outcomes.entry(status.clone()).or_default() += 1;
        if !matches!(status.as_str(), "funded" | "not_funded") || closed_at.is_none() {
            bad.push(format!(
                "due idea {id} is {status}, closed_at {closed_at:?}"
            ));
        }
        let closes: i64 = ledger_entries::table
            .filter(ledger_entries::idea_id.eq(id))
            .filter(ledger_entries::kind.eq("idea_closed"))
            .count()
            .get_result(conn)
            .expect("count");
        if closes != 1 {
            bad.push(format!("idea {id} has {closes} idea_closed ledger entries"));
        }
        let events: i64 = webhook_events::table
            .filter(webhook_events::idea_id.eq(id))
            .filter(webhook_events::event_type.eq_any(["idea.funded", "idea.not_funded"]))
            .count()
            .get_result(conn)
            .expect("count");
        if events != 1 {
            bad.push(format!("idea {id} has {events} closing webhook events"));
        }
        let told: Vec<(String, String)> = notifications::table
            .filter(notifications::link.eq(format!("/ideas/{id}")))
            .filter(notifications::kind.eq_any([
                "idea_funded",
                "idea_not_funded",
                "deadline_reminder",
            ]))
            .select((notifications::user_id, notifications::kind))
            .load(conn)
            .expect("notifications");
        let mut per: HashMap<&(String, String), usize> = HashMap::new();
        for t in &told {
            *per.entry(t).or_default() += 1;
        }
        for ((user, kind), n) in per {
            if n > 1 {
                bad.push(format!(
                    "idea {id}: {n} {kind} notifications to user {user}"
                ));
            }
        }
    }
    let mut outcomes: Vec<String> = outcomes
        .into_iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    outcomes.sort();
    (
        bad,
        format!("{} due ideas: {}", due.len(), outcomes.join(", ")),
    )
}
