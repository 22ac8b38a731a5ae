//! Embedded migrations for both backends, applied under a lock so replicas can start together.

use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;
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
    // Waiting for the lock and migrating may take longer than CC2I_DB_STATEMENT_TIMEOUT_MS.
    let statement_timeout = if is_pg {
        let previous = show_statement_timeout(conn)?;
        conn.batch_execute("SET statement_timeout = 0")
            .map_err(|e| format!("cannot lift the statement timeout: {e}"))?;
        conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
            .map_err(|e| format!("cannot take the migration lock: {e}"))?;
        Some(previous)
    } else {
        None
    };
    let result = refuse_newer(conn).and_then(|()| {
        conn.run_pending_migrations(source(conn))
            .map(|done| done.len())
            .map_err(|e| format!("migration failed: {e}"))
    });
    if let Some(previous) = statement_timeout {
        let _ = conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
        let _ = conn.batch_execute(&format!(
            "SET statement_timeout = '{}'",
            previous.replace('\'', "")
        ));
    }
    result
}

/// The connection's `statement_timeout`, as PostgreSQL prints it (`0`, `5s`, `1500ms`).
fn show_statement_timeout(conn: &mut AnyConnection) -> Result<String, String> {
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        statement_timeout: String,
    }
    diesel::sql_query("SHOW statement_timeout")
        .get_result::<Setting>(conn)
        .map(|s| s.statement_timeout)
        .map_err(|e| format!("cannot read the statement timeout: {e}"))
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
        Some(version) => Err(newer_message(&version)),
        None => Ok(()),
    }
}

/// For `CC2I_MIGRATE=check`: fails unless the database has exactly the migrations this
/// release knows, without changing anything (no lock, no migration, not even diesel's
/// bookkeeping table), so it works for a role that may not change the schema.
pub fn check_schema(conn: &mut AnyConnection) -> Result<(), String> {
    #[derive(diesel::QueryableByName)]
    struct Applied {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    let known: Vec<String> = MigrationSource::<Backend>::migrations(&source(conn))
        .map_err(|e| format!("cannot read migrations: {e}"))?
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    let applied: HashSet<String> =
        match diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
            .load::<Applied>(conn)
        {
            Ok(rows) => rows.into_iter().map(|r| r.version).collect(),
            // Never migrated: no bookkeeping table yet.
            Err(e)
                if e.to_string().contains("does not exist")
                    || e.to_string().contains("no such table") =>
            {
                HashSet::new()
            }
            Err(e) => return Err(format!("cannot read applied migrations: {e}")),
        };
    if let Some(version) = applied.iter().filter(|v| !known.contains(v)).max() {
        return Err(newer_message(version));
    }
    let pending: Vec<&String> = known.iter().filter(|v| !applied.contains(*v)).collect();
    match pending.as_slice() {
        [] => Ok(()),
        [first, ..] => Err(format!(
            "the database is behind this release: {} migration(s) not applied, starting with \
             {first}. CC2I_MIGRATE=check does not migrate: run `cc2i migrate` first; this \
             process will not start against it",
            pending.len()
        )),
    }
}

fn newer_message(version: &str) -> String {
    format!(
        "the database has migration {version}, which this release of cc2i does not know: \
         it was migrated by a newer release. Deploy that release (or newer), or restore the \
         database from before it; this process will not start against it"
    )
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
