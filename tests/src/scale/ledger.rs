//! The money invariants, read straight from the database after the run: no cap exceeded,
//! each idea's totals equal its gapless ledger, every acknowledged pledge exists with one
//! `pledge_created` entry, and no pledge exists that the client was not told about.

use std::collections::{HashMap, HashSet};

use cc2i_api::db::schema::{ideas, ledger_entries, pledges};
use diesel::prelude::*;
use diesel::PgConnection;

/// Returns the broken promises (empty when all hold) and a line of facts.
pub fn check(conn: &mut PgConnection, acked: &HashMap<String, String>) -> (Vec<String>, String) {
    let mut bad = Vec::new();
    let rows: Vec<(String, String, i64, i32, i64)> = ideas::table
        .filter(ideas::status.ne("draft"))
        .select((
            ideas::id,
            ideas::status,
            ideas::pledged_bp,
            ideas::max_total_bp,
            ideas::ledger_seq,
        ))
        .load(conn)
        .expect("ideas");
    let entries: Vec<(String, i64, String, Option<String>, i64)> = ledger_entries::table
        .select((
            ledger_entries::idea_id,
            ledger_entries::seq,
            ledger_entries::kind,
            ledger_entries::pledge_id,
            ledger_entries::bp_delta,
        ))
        .order((ledger_entries::idea_id, ledger_entries::seq))
        .load(conn)
        .expect("ledger");
    let all_pledges: Vec<(String, String, String, i64)> = pledges::table
        .select((
            pledges::id,
            pledges::idea_id,
            pledges::status,
            pledges::share_bp,
        ))
        .load(conn)
        .expect("pledges");
    for (id, status, pledged, cap, seq) in &rows {
        if *pledged > i64::from(*cap) || *pledged < 0 {
            bad.push(format!(
                "idea {id}: {pledged} bp pledged over its cap of {cap}"
            ));
        }
        let mine: Vec<_> = entries.iter().filter(|e| &e.0 == id).collect();
        let seqs: Vec<i64> = mine.iter().map(|e| e.1).collect();
        if seqs != (1..=mine.len() as i64).collect::<Vec<_>>() || *seq != mine.len() as i64 {
            bad.push(format!("idea {id}: ledger seq is not gapless 1..={seq}"));
        }
        let sum: i64 = mine.iter().map(|e| e.4).sum();
        if sum != *pledged {
            bad.push(format!(
                "idea {id}: pledged {pledged} bp but its ledger sums to {sum}"
            ));
        }
        if status == "open" {
            let active: i64 = all_pledges
                .iter()
                .filter(|p| &p.1 == id && p.2 == "active")
                .map(|p| p.3)
                .sum();
            if active != *pledged {
                bad.push(format!(
                    "open idea {id}: active pledges {active} bp, total {pledged}"
                ));
            }
        }
    }
    let mut created: HashMap<&str, usize> = HashMap::new();
    for e in entries.iter().filter(|e| e.2 == "pledge_created") {
        if let Some(p) = &e.3 {
            *created.entry(p.as_str()).or_default() += 1;
        }
    }
    let existing: HashSet<&str> = all_pledges.iter().map(|p| p.0.as_str()).collect();
    let told: HashSet<&str> = acked.values().map(String::as_str).collect();
    for id in &told {
        if !existing.contains(id) {
            bad.push(format!("acknowledged pledge {id} is missing"));
        }
        if created.get(id).copied() != Some(1) {
            bad.push(format!(
                "acknowledged pledge {id} has {} pledge_created entries",
                created.get(id).copied().unwrap_or(0)
            ));
        }
    }
    for id in &existing {
        if !told.contains(id) {
            bad.push(format!(
                "pledge {id} exists but no request was acknowledged with it (a duplicate?)"
            ));
        }
    }
    let facts = format!(
        "{} ideas, {} ledger entries, {} pledges in the database, {} acknowledged",
        rows.len(),
        entries.len(),
        existing.len(),
        told.len()
    );
    (bad, facts)
}
