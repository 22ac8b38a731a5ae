//! Everything that happens once before serving: database, migrations, secrets, admin, demo data.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use rand::RngCore;

use crate::auth::password::PasswordHasher;
use crate::auth::repo;
use crate::auth::token::TokenKeys;
use crate::config::{Config, Secret};
use crate::db::{self, write_transaction, Db};
use crate::email::mailer::Mailer;
use crate::email::unsubscribe::UnsubscribeKey;
use crate::state::AppState;
use cc2i_shared::PlatformRole;

/// Connects and migrates the database, then readies secrets, the admin and demo data.
pub fn prepare(config: Config) -> Result<AppState, String> {
    let started = std::time::Instant::now();
    let db = Db::connect(&config.database, config.pool_size)?;
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        "database connected"
    );
    {
        let mut conn = db.blocking_writer()?;
        let ran = db::migrate(&mut conn)?;
        if ran > 0 {
            tracing::info!(migrations = ran, "database migrated");
        }
    }
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        "migrations checked"
    );
    let secret = match &config.jwt_secret {
        Some(Secret(s)) => s.clone(),
        None => load_or_create_secret(&config.data_dir)?,
    };
    let tokens = TokenKeys::new(
        secret.as_bytes(),
        &config.public_url,
        config.token_ttl_seconds,
    );
    let mailer = Mailer::new(&config, UnsubscribeKey::derive(secret.as_bytes()))?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "mailer ready");
    let passwords = PasswordHasher::new()?;
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        "password hasher ready"
    );
    if let Some((email, Secret(password))) = &config.admin {
        ensure_admin(&db, &passwords, email, password)?;
    }
    if config.demo {
        let mut conn = db.blocking_writer()?;
        if crate::seed::seed_demo(&mut conn, &passwords)? {
            tracing::info!("demo data seeded");
        }
    }
    Ok(AppState {
        db,
        config: Arc::new(config),
        tokens: Arc::new(tokens),
        passwords: Arc::new(passwords),
        in_flight: Default::default(),
        mailer: Arc::new(mailer),
        idea_lists: Default::default(),
        metrics: Default::default(),
    })
}

/// Reads the generated JWT secret from the data directory, creating it (0600) on first run.
fn load_or_create_secret(dir: &Path) -> Result<String, String> {
    let path = dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_string();
        if existing.len() >= 64 {
            return Ok(existing);
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    file.write_all(secret.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(secret)
}

/// Makes sure a platform admin with this email exists.
fn ensure_admin(
    db: &Db,
    passwords: &PasswordHasher,
    email: &str,
    password: &str,
) -> Result<(), String> {
    cc2i_shared::password::check_password(password)
        .map_err(|m| format!("CC2I_ADMIN_PASSWORD {m}"))?;
    let mut conn = db.blocking_writer()?;
    let hash = passwords.hash(password)?;
    write_transaction(&mut conn, |conn| match repo::find_by_email(conn, email)? {
        Some(user) => repo::make_admin(conn, &user.id),
        None => repo::insert(
            conn,
            email,
            "CC2i platform admin",
            hash,
            PlatformRole::Admin,
        )
        .map(|_| ()),
    })
    .map_err(|e| format!("cannot create the platform admin: {e}"))
}
