//! Configuration, read once from the environment and passed into the app factory.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// Where the data lives: the backend is chosen by the URL scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An embedded SQLite file at this path.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses `sqlite://relative/path`, `sqlite:///absolute/path` or `postgres://...`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(raw.to_string()))
        } else if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("DATABASE_URL sqlite:// needs a file path".into());
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else {
            Err(format!(
                "DATABASE_URL must start with sqlite:// or postgres:// (got {})",
                raw.split(':').next().unwrap_or_default()
            ))
        }
    }
}

/// What `cc2i serve` does about the schema at start-up (`CC2I_MIGRATE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MigrateMode {
    /// `auto` (default): apply pending migrations under the migration lock.
    Auto,
    /// `check`: change nothing; refuse to start unless the schema is exactly this release's.
    Check,
}

/// `DATABASE_URL`, or the default SQLite file in `CC2I_DATA_DIR`: all `cc2i migrate` needs.
pub fn database_from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<DatabaseUrl, String> {
    let data_dir = PathBuf::from(get("CC2I_DATA_DIR").unwrap_or_else(|| "data".into()));
    match get("DATABASE_URL") {
        Some(url) => DatabaseUrl::parse(&url),
        None => Ok(DatabaseUrl::Sqlite(data_dir.join("cc2i.sqlite"))),
    }
}

/// A secret whose `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Everything the service needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// The database.
    pub database: DatabaseUrl,
    /// Where the default SQLite file, the generated JWT secret and the email outbox live.
    pub data_dir: PathBuf,
    /// Address to listen on; port 0 picks a free port.
    pub bind: String,
    /// The address people reach the service at (used in links and the token issuer).
    pub public_url: String,
    /// Where the built single-page app is.
    pub web_dist: PathBuf,
    /// The HS256 key for access tokens; generated on SQLite when absent.
    pub jwt_secret: Option<Secret>,
    /// How long an access token lives, in seconds (900 to 3600).
    pub token_ttl_seconds: i64,
    /// A platform admin to ensure at start-up.
    pub admin: Option<(String, Secret)>,
    /// Seed demo data into an empty database.
    pub demo: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// HTTP worker threads (default: one per core).
    pub workers: Option<usize>,
    /// Most connections in the PostgreSQL pool, or SQLite readers (`CC2I_DB_POOL_SIZE`,
    /// 1 to 500, default 8; below 2 counts as 2).
    pub pool_size: u32,
    /// How long a request waits for a pooled connection before 503
    /// (`CC2I_DB_CONNECT_TIMEOUT_MS`, 100 to 120,000; default 5,000 on PostgreSQL and
    /// 10,000 on SQLite).
    pub db_connect_timeout_ms: u64,
    /// PostgreSQL `statement_timeout` set on every pooled connection
    /// (`CC2I_DB_STATEMENT_TIMEOUT_MS`, 0 = none, the default; ignored on SQLite).
    /// Migrations run without it.
    pub db_statement_timeout_ms: u64,
    /// Migrate at start-up, or only check the schema (`CC2I_MIGRATE=auto|check`).
    pub migrate: MigrateMode,
    /// Seconds between `SIGTERM` and closing the listener (`CC2I_DRAIN_S`, 0 to 300,
    /// default 0): `/readyz` answers 503 `draining` meanwhile, and new requests are still
    /// served, so the load balancer can take the replica out first.
    pub drain_s: u64,
    /// Seconds requests in progress get to finish once the server stops accepting them
    /// (`CC2I_SHUTDOWN_TIMEOUT_S`, 0 to 3600, default 30).
    pub shutdown_timeout_s: u64,
    /// Seconds an idle HTTP keep-alive connection stays open (`CC2I_KEEP_ALIVE_S`, 0 turns
    /// keep-alive off, at most 3600, default 5).
    pub keep_alive_s: u64,
    /// Log as JSON lines rather than text.
    pub log_json: bool,
    /// Seconds between the scheduler's runs (closing ideas past their deadline).
    pub scheduler_interval_secs: u64,
    /// SMTP server for email (`smtps://user:pass@host`, `smtp://host:587?tls=required`);
    /// without it, emails are written as `.eml` files under `outbox/` in the data directory.
    pub smtp_url: Option<Secret>,
    /// The `From` of every email.
    pub email_from: String,
    /// Jobs run only when a platform admin asks (`POST /api/v1/admin/jobs/run`), as of the
    /// instant given; the scheduler and the email sender do not run on their own. For tests.
    pub test_clock: bool,
    /// Requests CC2i makes (webhooks, identity providers) may use plain `http` to loopback
    /// addresses (`CC2I_OUTBOUND_ALLOW_PRIVATE=1`, or the old `CC2I_WEBHOOK_ALLOW_PRIVATE=1`),
    /// for local development and tests only; otherwise only `https` to public addresses.
    pub outbound_allow_private: bool,
    /// The key that encrypts identity providers' client secrets (`CC2I_SSO_SECRET_KEY`, 64
    /// hex digits); without it one is derived from the JWT secret.
    pub sso_secret_key: Option<Secret>,
    /// How long audit entries are kept: sign-in entries, and every other one
    /// (`CC2I_AUDIT_SIGN_IN_RETENTION_DAYS`, default 365; `CC2I_AUDIT_RETENTION_DAYS`, default
    /// 2557, seven years).
    pub audit_retention: crate::audit::Retention,
    /// The bearer token `GET /metrics` requires (`CC2I_METRICS_TOKEN`); without one the
    /// endpoint answers 404.
    pub metrics_token: Option<Secret>,
    /// The OCDS ocid prefix (`CC2I_OCID_PREFIX`, registered with the Open Contracting
    /// Partnership): every idea's ocid is `<prefix>-<idea id>`.
    pub ocid_prefix: String,
    /// Milliseconds a client has to send a request's head (`CC2I_REQUEST_HEAD_TIMEOUT_MS`,
    /// default 10,000); slower connections are answered 408 and closed.
    pub request_head_timeout_ms: u64,
    /// Milliseconds a client has to send a request's body once the handler starts reading it
    /// (`CC2I_REQUEST_BODY_TIMEOUT_MS`, default 30,000); slower ones are answered 408.
    pub request_body_timeout_ms: u64,
}

impl Config {
    /// Reads the configuration from the environment (see `.env.example`).
    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the configuration through `get`, so tests can supply their own variables.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let data_dir = PathBuf::from(get("CC2I_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database = database_from_lookup(&get)?;
        let migrate = match get("CC2I_MIGRATE").as_deref() {
            None | Some("auto") => MigrateMode::Auto,
            Some("check") => MigrateMode::Check,
            Some(other) => {
                return Err(format!(
                    "CC2I_MIGRATE must be auto (migrate at start-up) or check (refuse to start \
                     unless `cc2i migrate` has already run); got {other}"
                ))
            }
        };
        let bind = get("CC2I_BIND").unwrap_or_else(|| "127.0.0.1:8080".into());
        let public_url = get("CC2I_PUBLIC_URL")
            .unwrap_or_else(|| default_public_url(&bind))
            .trim_end_matches('/')
            .to_string();
        let token_ttl_seconds = parse_num(&get, "CC2I_TOKEN_TTL_SECONDS", 1800)?;
        if !(900..=3600).contains(&token_ttl_seconds) {
            return Err("CC2I_TOKEN_TTL_SECONDS must be between 900 and 3600".into());
        }
        let jwt_secret = get("CC2I_JWT_SECRET").map(Secret);
        if let Some(Secret(s)) = &jwt_secret {
            if s.len() < 32 {
                return Err("CC2I_JWT_SECRET must be at least 32 characters".into());
            }
        }
        if jwt_secret.is_none() && matches!(database, DatabaseUrl::Postgres(_)) {
            return Err("CC2I_JWT_SECRET is required when DATABASE_URL is PostgreSQL".into());
        }
        let admin = match (get("CC2I_ADMIN_EMAIL"), get("CC2I_ADMIN_PASSWORD")) {
            (Some(email), Some(password)) => Some((email, Secret(password))),
            _ => None,
        };
        let trusted_proxies = get("CC2I_TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse()
                    .map_err(|_| format!("CC2I_TRUSTED_PROXIES: {s} is not an IP address"))
            })
            .collect::<Result<_, _>>()?;
        let ocid_prefix = get("CC2I_OCID_PREFIX").unwrap_or_else(|| DEFAULT_OCID_PREFIX.into());
        if !valid_ocid_prefix(&ocid_prefix) {
            return Err(
                "CC2I_OCID_PREFIX must be 1 to 40 letters, digits and hyphens, like ocds-cc2i01"
                    .into(),
            );
        }
        let request_head_timeout_ms = parse_num(&get, "CC2I_REQUEST_HEAD_TIMEOUT_MS", 10_000u64)?;
        let request_body_timeout_ms = parse_num(&get, "CC2I_REQUEST_BODY_TIMEOUT_MS", 30_000u64)?;
        if request_head_timeout_ms == 0 || request_body_timeout_ms == 0 {
            return Err(
                "CC2I_REQUEST_HEAD_TIMEOUT_MS and CC2I_REQUEST_BODY_TIMEOUT_MS must be above 0"
                    .into(),
            );
        }
        let pool_size = ranged(&get, "CC2I_DB_POOL_SIZE", 8u32, 1..=500)?;
        let default_wait = match database {
            DatabaseUrl::Postgres(_) => 5_000,
            DatabaseUrl::Sqlite(_) => 10_000,
        };
        let db_connect_timeout_ms = ranged(
            &get,
            "CC2I_DB_CONNECT_TIMEOUT_MS",
            default_wait,
            100..=120_000,
        )?;
        let db_statement_timeout_ms =
            ranged(&get, "CC2I_DB_STATEMENT_TIMEOUT_MS", 0u64, 0..=86_400_000)?;
        let shutdown_timeout_s = ranged(&get, "CC2I_SHUTDOWN_TIMEOUT_S", 30u64, 0..=3600)?;
        let drain_s = ranged(&get, "CC2I_DRAIN_S", 0u64, 0..=300)?;
        let keep_alive_s = ranged(&get, "CC2I_KEEP_ALIVE_S", 5u64, 0..=3600)?;
        Ok(Config {
            pool_size,
            db_connect_timeout_ms,
            db_statement_timeout_ms,
            shutdown_timeout_s,
            migrate,
            drain_s,
            keep_alive_s,
            request_head_timeout_ms,
            request_body_timeout_ms,
            ocid_prefix,
            database,
            web_dist: PathBuf::from(get("CC2I_WEB_DIST").unwrap_or_else(|| "web/dist".into())),
            data_dir,
            bind,
            jwt_secret,
            token_ttl_seconds,
            admin,
            demo: get("CC2I_DEMO").is_some_and(|v| v == "1" || v == "true"),
            trusted_proxies,
            workers: get("CC2I_WORKERS")
                .map(|v| {
                    v.parse()
                        .map_err(|_| "CC2I_WORKERS must be a number".to_string())
                })
                .transpose()?,
            log_json: get("CC2I_LOG_FORMAT").is_some_and(|v| v == "json"),
            scheduler_interval_secs: parse_num(&get, "CC2I_SCHEDULER_INTERVAL_SECS", 30u64)?.max(1),
            smtp_url: get("CC2I_SMTP_URL").map(Secret),
            email_from: get("CC2I_EMAIL_FROM").unwrap_or_else(|| default_from(&public_url)),
            test_clock: get("CC2I_TEST_CLOCK").is_some_and(|v| v == "1" || v == "true"),
            outbound_allow_private: get("CC2I_OUTBOUND_ALLOW_PRIVATE")
                .or_else(|| get("CC2I_WEBHOOK_ALLOW_PRIVATE"))
                .is_some_and(|v| v == "1" || v == "true"),
            metrics_token: get("CC2I_METRICS_TOKEN").map(Secret),
            audit_retention: crate::audit::Retention {
                sign_in_days: parse_num(
                    &get,
                    "CC2I_AUDIT_SIGN_IN_RETENTION_DAYS",
                    cc2i_shared::audit::SIGN_IN_RETENTION_DAYS,
                )?
                .clamp(1, 36_500),
                other_days: parse_num(
                    &get,
                    "CC2I_AUDIT_RETENTION_DAYS",
                    cc2i_shared::audit::RETENTION_DAYS,
                )?
                .clamp(1, 36_500),
            },
            sso_secret_key: match get("CC2I_SSO_SECRET_KEY") {
                Some(key) => {
                    crate::sso::secret_box::parse_key(&key)?;
                    Some(Secret(key))
                }
                None => None,
            },
            public_url,
        })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}

/// The ocid prefix used when `CC2I_OCID_PREFIX` is not set.
pub const DEFAULT_OCID_PREFIX: &str = "ocds-cc2i01";

/// Letters, digits and inner hyphens only, so an ocid stays readable in a URL.
fn valid_ocid_prefix(prefix: &str) -> bool {
    (1..=40).contains(&prefix.len())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !prefix.starts_with('-')
        && !prefix.ends_with('-')
}

/// `CC2i <notifications@HOST>` for the public URL's host name (`localhost` for an address).
/// `http://` and the bind address, with a loopback address named `localhost` (browsers allow
/// passkeys there, never on an IP address).
fn default_public_url(bind: &str) -> String {
    match bind.rsplit_once(':') {
        Some((host, port)) if host == "127.0.0.1" || host == "[::1]" => {
            format!("http://localhost:{port}")
        }
        _ => format!("http://{bind}"),
    }
}

fn default_from(public_url: &str) -> String {
    let host = public_url
        .split("://")
        .nth(1)
        .unwrap_or_default()
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    let host = if host.contains('.') && host.parse::<IpAddr>().is_err() {
        host
    } else {
        "localhost"
    };
    format!("CC2i <notifications@{host}>")
}

fn parse_num<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> Result<T, String> {
    match get(name) {
        Some(v) => v.parse().map_err(|_| format!("{name} must be a number")),
        None => Ok(default),
    }
}

/// A whole number within `range`, with a message naming the variable and the range.
fn ranged<T>(
    get: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
    range: std::ops::RangeInclusive<T>,
) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    let value = parse_num(get, name, default).map_err(|_| {
        format!(
            "{name} must be a whole number from {} to {}",
            range.start(),
            range.end()
        )
    })?;
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{name} must be a whole number from {} to {} (got {value})",
            range.start(),
            range.end()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_accept_relative_and_absolute_paths() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.sqlite"),
            Ok(DatabaseUrl::Sqlite("data/x.sqlite".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.sqlite"),
            Ok(DatabaseUrl::Sqlite("/tmp/x.sqlite".into()))
        );
        assert!(DatabaseUrl::parse("mysql://x").is_err());
    }

    #[test]
    fn postgres_requires_a_jwt_secret() {
        let err =
            Config::from_lookup(|k| (k == "DATABASE_URL").then(|| "postgres://a@b/c".to_string()));
        assert!(err.unwrap_err().contains("CC2I_JWT_SECRET"));
    }

    #[test]
    fn the_default_sender_uses_the_public_host() {
        assert_eq!(
            default_from("https://cc2i.org.uk"),
            "CC2i <notifications@cc2i.org.uk>"
        );
        assert_eq!(
            default_from("http://127.0.0.1:8080"),
            "CC2i <notifications@localhost>"
        );
    }

    #[test]
    fn the_ocid_prefix_defaults_and_is_checked() {
        let config = Config::from_lookup(|_| None).expect("defaults");
        assert_eq!(config.ocid_prefix, "ocds-cc2i01");
        let custom =
            Config::from_lookup(|k| (k == "CC2I_OCID_PREFIX").then(|| "ocds-abc123".to_string()));
        assert_eq!(custom.expect("valid").ocid_prefix, "ocds-abc123");
        for bad in ["ocds/x", "-ocds", "ocds-", "ocds x", &"a".repeat(41)] {
            let err = Config::from_lookup(|k| (k == "CC2I_OCID_PREFIX").then(|| bad.to_string()));
            assert!(err.unwrap_err().contains("CC2I_OCID_PREFIX"), "{bad}");
        }
    }

    #[test]
    fn slow_client_timeouts_default_to_10_and_30_seconds_and_are_configurable() {
        let config = Config::from_lookup(|_| None).expect("defaults");
        assert_eq!(
            (
                config.request_head_timeout_ms,
                config.request_body_timeout_ms
            ),
            (10_000, 30_000)
        );
        let custom = Config::from_lookup(|k| match k {
            "CC2I_REQUEST_HEAD_TIMEOUT_MS" => Some("250".into()),
            "CC2I_REQUEST_BODY_TIMEOUT_MS" => Some("500".into()),
            _ => None,
        })
        .expect("valid");
        assert_eq!(
            (
                custom.request_head_timeout_ms,
                custom.request_body_timeout_ms
            ),
            (250, 500)
        );
        for bad in ["0", "soon"] {
            let err = Config::from_lookup(|k| {
                (k == "CC2I_REQUEST_BODY_TIMEOUT_MS").then(|| bad.to_string())
            });
            assert!(
                err.unwrap_err().contains("CC2I_REQUEST_BODY_TIMEOUT_MS"),
                "{bad}"
            );
        }
    }

    #[test]
    fn pool_timeouts_shutdown_and_keep_alive_default_and_are_checked() {
        let config = Config::from_lookup(|_| None).expect("defaults");
        assert_eq!(
            (
                config.pool_size,
                config.db_connect_timeout_ms,
                config.db_statement_timeout_ms,
                config.shutdown_timeout_s,
                config.keep_alive_s
            ),
            (8, 10_000, 0, 30, 5)
        );
        let pg = |k: &str| match k {
            "DATABASE_URL" => Some("postgres://a@b/c".to_string()),
            "CC2I_JWT_SECRET" => Some("x".repeat(32)),
            _ => None,
        };
        assert_eq!(
            Config::from_lookup(pg).expect("pg").db_connect_timeout_ms,
            5_000
        );
        let custom = Config::from_lookup(|k| match k {
            "CC2I_DB_POOL_SIZE" => Some("20".into()),
            "CC2I_DB_CONNECT_TIMEOUT_MS" => Some("250".into()),
            "CC2I_DB_STATEMENT_TIMEOUT_MS" => Some("15000".into()),
            "CC2I_SHUTDOWN_TIMEOUT_S" => Some("0".into()),
            "CC2I_KEEP_ALIVE_S" => Some("75".into()),
            _ => None,
        })
        .expect("valid");
        assert_eq!(
            (
                custom.pool_size,
                custom.db_connect_timeout_ms,
                custom.db_statement_timeout_ms,
                custom.shutdown_timeout_s,
                custom.keep_alive_s
            ),
            (20, 250, 15_000, 0, 75)
        );
        for (name, bad) in [
            ("CC2I_DB_POOL_SIZE", "0"),
            ("CC2I_DB_POOL_SIZE", "501"),
            ("CC2I_DB_CONNECT_TIMEOUT_MS", "50"),
            ("CC2I_DB_CONNECT_TIMEOUT_MS", "5s"),
            ("CC2I_DB_STATEMENT_TIMEOUT_MS", "-1"),
            ("CC2I_SHUTDOWN_TIMEOUT_S", "3601"),
            ("CC2I_DRAIN_S", "301"),
            ("CC2I_KEEP_ALIVE_S", "forever"),
        ] {
            let err = Config::from_lookup(|k| (k == name).then(|| bad.to_string())).unwrap_err();
            assert!(
                err.starts_with(name) && err.contains(" to "),
                "{name}={bad}: {err}"
            );
        }
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        assert_eq!(
            format!("{:?}", Secret("hunter2".into())),
            "Secret([redacted])"
        );
    }
}
