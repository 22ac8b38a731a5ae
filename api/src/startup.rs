//! Everything that happens once before serving: database, migrations, secrets, admin, demo data.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use rand::RngCore;

use crate::auth::password::PasswordHasher;
use crate::auth::repo;
use crate::auth::token::TokenKeys;
use crate::config::{Config, MigrateMode, Secret};
use crate::db::{self, write_transaction, Db};
use crate::email::mailer::Mailer;
use crate::email::unsubscribe::UnsubscribeKey;
use crate::state::AppState;
use cc2i_shared::PlatformRole;

/// Connects and migrates the database, then readies secrets, the admin and demo data.
pub fn prepare(config: Config) -> Result<AppState, String> {
    let started = std::time::Instant::now();
    // Migrated or checked over a connection of its own, before the pools exist, so that a
    // refused database exits cleanly (see `db::connect_single`).
    {
        let timeout = std::time::Duration::from_millis(config.db_connect_timeout_ms);
        let mut conn = db::connect_single(&config.database, timeout)?;
        match config.migrate {
            MigrateMode::Auto => {
                let ran = db::migrate(&mut conn)?;
                if ran > 0 {
                    tracing::info!(migrations = ran, "database migrated");
                }
            }
            MigrateMode::Check => db::check_schema(&mut conn)?,
        }
    }
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        "migrations checked"
    );
    let db = Db::connect_with(
        &config.database,
        &db::PoolOptions {
            size: config.pool_size,
            connect_timeout: Some(std::time::Duration::from_millis(
                config.db_connect_timeout_ms,
            )),
            statement_timeout_ms: config.db_statement_timeout_ms,
        },
    )?;
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        "database connected"
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
    let webauthn = crate::auth::passkeys::relying_party(&config.public_url).map(Arc::new);
    if webauthn.is_none() {
        tracing::warn!(
            public_url = %config.public_url,
            "passkeys are off: CC2I_PUBLIC_URL is not on a domain name (use http://localhost:PORT in development)"
        );
    }
    let sso_key = config
        .sso_secret_key
        .as_ref()
        .and_then(|Secret(k)| crate::sso::secret_box::parse_key(k).ok());
    let sso_box = crate::sso::secret_box::SecretBox::new(sso_key.as_ref(), secret.as_bytes());
    Ok(AppState {
        db,
        webauthn,
        sso_box: Arc::new(sso_box),
        config: Arc::new(config),
        tokens: Arc::new(tokens),
        devices: Arc::new(crate::auth::device::DeviceKey::derive(secret.as_bytes())),
        passwords: Arc::new(passwords),
        mailer: Arc::new(mailer),
        idea_lists: Default::default(),
        draining: Default::default(),
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
    let ensure = |conn: &mut _| {
        write_transaction(conn, |conn| match repo::find_by_email(conn, email)? {
            Some(user) => {
                repo::make_admin(conn, &user.id)?;
                repo::mark_verified(conn, &user.id, crate::db::now())
            }
            None => repo::insert(
                conn,
                email,
                "CC2i platform admin",
                hash.clone(),
                PlatformRole::Admin,
                Some(crate::db::now()),
            )
            .map(|_| ()),
        })
    };
    // Replicas started together on an empty database race to insert the admin; the one
    // whose insert loses (the email is taken) looks again and finds the winner's row.
    ensure(&mut conn)
        .or_else(|_| ensure(&mut conn))
        .map_err(|e| format!("cannot create the platform admin: {e}"))
}
