//! Every queued email sent and written once: the file mailer names each file by its outbox
//! row (`outbox/<id>.eml`, Message-ID `<id@domain>`), and each replica writes into its own
//! data directory, so a row sent by two replicas leaves two files. A second copy is allowed
//! only when the killed replica wrote the first before it died without marking the row.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

use cc2i_api::db::schema::email_outbox as outbox;
use diesel::prelude::*;
use diesel::PgConnection;

/// Rows not yet sent (and not given up).
pub fn unsent(conn: &mut PgConnection) -> i64 {
    outbox::table
        .filter(outbox::sent_at.is_null())
        .count()
        .get_result(conn)
        .expect("count")
}

/// Expires claims taken before `before` (the killed replica's), so another replica sends
/// them now instead of in ten minutes; returns how many.
pub fn expire_claims_before(conn: &mut PgConnection, before: chrono::NaiveDateTime) -> usize {
    diesel::update(
        outbox::table
            .filter(outbox::sent_at.is_null())
            .filter(outbox::claimed_at.le(before)),
    )
    .set(outbox::claimed_at.eq(before - chrono::TimeDelta::minutes(11)))
    .execute(conn)
    .expect("expire claims")
}

/// Returns the broken promises, the second copies explained by the kill, and a line of facts.
pub fn check(
    conn: &mut PgConnection,
    dirs: &[PathBuf],
    killed: usize,
    killed_at: SystemTime,
) -> (Vec<String>, usize, String) {
    let mut bad = Vec::new();
    let mut files: HashMap<String, Vec<(usize, SystemTime)>> = HashMap::new();
    for (replica, dir) in dirs.iter().enumerate() {
        let Ok(entries) = std::fs::read_dir(dir.join("outbox")) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let Some(id) = name.strip_suffix(".eml").filter(|_| !name.starts_with('.')) else {
                continue;
            };
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if !text.contains(&format!("Message-ID: <{id}@")) {
                bad.push(format!(
                    "{name} in replica {replica} is not Message-ID <{id}@…>"
                ));
            }
            let at = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            files.entry(id.to_string()).or_default().push((replica, at));
        }
    }
    let rows: Vec<(String, Option<chrono::NaiveDateTime>, i32)> = outbox::table
        .select((outbox::id, outbox::sent_at, outbox::attempts))
        .load(conn)
        .expect("outbox");
    let mut resent = 0;
    for (id, sent_at, attempts) in &rows {
        let copies = files.remove(id).unwrap_or_default();
        if sent_at.is_none() {
            bad.push(format!("email {id} not sent after {attempts} attempts"));
            continue;
        }
        match copies.len() {
            0 => bad.push(format!("email {id} marked sent but no file was written")),
            1 => {}
            n => {
                let by_the_dead = copies
                    .iter()
                    .any(|(r, at)| *r == killed && *at <= killed_at);
                if by_the_dead && *attempts >= 2 && n == 2 {
                    resent += 1;
                } else {
                    bad.push(format!("email {id} written {n} times: {copies:?}"));
                }
            }
        }
    }
    for (id, copies) in files {
        bad.push(format!(
            "file {id}.eml ({} copies) has no outbox row",
            copies.len()
        ));
    }
    let facts = format!(
        "{} emails queued, each written once ({resent} resent after the kill)",
        rows.len()
    );
    (bad, resent, facts)
}
