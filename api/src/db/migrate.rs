//! Embedded migrations for both backends, applied under a lock so replicas can start together.

use diesel::connection::SimpleConnection;
use std::collections::HashSet;

use diesel::migration::MigrationSource;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::AnyConnection;

type Backend = <AnyConnection as diesel::Connection>::Backend;

const SQLITE: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const MIGRATION_LOCK: i64 = 0x00cc_2100;

fn source(conn: &AnyConnection) -> EmbeddedMigrations {
    match conn {
        AnyConnection::Postgresql(_) => POSTGRES,
        AnyConnection::Sqlite(_) => SQLITE,
    }
}

/// Applies every pending migration; returns how many ran.
pub fn migrate(conn: &mut AnyConnection) -> Result<usize, String> {
    let is_pg = matches!(conn, AnyConnection::Postgresql(_));
    if is_pg {
        conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
            .map_err(|e| format!("cannot take the migration lock: {e}"))?;
    }
    let result = refuse_newer(conn).and_then(|()| {
        conn.run_pending_migrations(source(conn))
            .map(|done| done.len())
            .map_err(|e| format!("migration failed: {e}"))
    });
    if is_pg {
        let _ = conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
    }
    result
}

/// Fails when the database has a migration this build does not know: a newer release has
/// migrated it, and running older code against a newer schema could write data it no longer
/// means. Roll forward, or restore the database, instead.
fn refuse_newer(conn: &mut AnyConnection) -> Result<(), String> {
    let known: HashSet<String> = MigrationSource::<Backend>::migrations(&source(conn))
        .map_err(|e| format!("cannot read migrations: {e}"))?
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    let unknown = conn
        .applied_migrations()
        .map_err(|e| format!("cannot read applied migrations: {e}"))?
        .into_iter()
        .map(|v| v.to_string())
        .filter(|v| !known.contains(v))
        .max();
    match unknown {
        Some(version) => Err(format!(
            "the database has migration {version}, which this release of cc2i does not know: \
             it was migrated by a newer release. Deploy that release (or newer), or restore the \
             database from before it; this process will not start against it"
        )),
        None => Ok(()),
    }
}

/// Names of the migrations not yet applied.
pub fn pending_migrations(conn: &mut AnyConnection) -> Result<Vec<String>, String> {
    conn.pending_migrations(source(conn))
        .map(|list| list.iter().map(|m| m.name().to_string()).collect())
        .map_err(|e| format!("cannot read migrations: {e}"))
}

/// Reverts every applied migration; returns how many were reverted.
pub fn revert_all(conn: &mut AnyConnection) -> Result<usize, String> {
    conn.revert_all_migrations(source(conn))
        .map(|done| done.len())
        .map_err(|e| format!("revert failed: {e}"))
}
