//! The CC2i API: one app factory used by the `cc2i` binary and by every test.

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod backlog;
pub mod business_cases;
pub mod clock;
pub mod compression;
pub mod config;
pub mod csrf;
pub mod db;
pub mod delivery;
pub mod discussion;
pub mod email;
pub mod embed;
pub mod error;
pub mod exports;
pub mod extract;
pub mod funding;
pub mod http_cache;
pub mod ideas;
pub mod invitations;
pub mod jobs;
pub mod metrics;
pub mod moderation;
pub mod notifications;
pub mod ocds;
pub mod openapi;
pub mod openapi_contract;
pub mod ops;
pub mod organisations;
pub mod outbound;
pub mod pledges;
pub mod radar;
pub mod reuse;
pub mod routes;
pub mod secret;
pub mod security;
pub mod seed;
pub mod spa;
pub mod sso;
pub mod startup;
pub mod state;
pub mod webhooks;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::Compress;
use actix_web::{web, App, HttpServer};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

pub use config::Config;
pub use openapi::openapi_yaml;
pub use state::AppState;

/// A bound, ready-to-run server.
pub struct Application {
    server: Server,
    port: u16,
    db: db::Db,
    scheduler_interval: std::time::Duration,
    audit_retention: audit::Retention,
    mailer: std::sync::Arc<email::mailer::Mailer>,
    test_clock: bool,
    outbound_allow_private: bool,
    draining: std::sync::Arc<std::sync::atomic::AtomicBool>,
    drain: std::time::Duration,
}

impl Application {
    /// Connects, migrates, prepares secrets, admin and demo data, and binds the listener.
    pub fn build(config: Config) -> Result<Self, String> {
        let state = startup::prepare(config)?;
        let listener = TcpListener::bind(&state.config.bind)
            .map_err(|e| format!("cannot listen on {}: {e}", state.config.bind))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let workers = state.config.workers;
        let head_timeout = std::time::Duration::from_millis(state.config.request_head_timeout_ms);
        let keep_alive = match state.config.keep_alive_s {
            0 => actix_web::http::KeepAlive::Disabled,
            s => actix_web::http::KeepAlive::Timeout(std::time::Duration::from_secs(s)),
        };
        let shutdown_timeout = state.config.shutdown_timeout_s;
        let draining = state.draining.clone();
        let drain = std::time::Duration::from_secs(state.config.drain_s);
        let db = state.db.clone();
        db.watch_changes(&state.config.database);
        let mailer = state.mailer.clone();
        let test_clock = state.config.test_clock;
        let audit_retention = state.config.audit_retention;
        let outbound_allow_private = state.config.outbound_allow_private;
        let scheduler_interval =
            std::time::Duration::from_secs(state.config.scheduler_interval_secs);
        let data = web::Data::new(state);
        // Built once: every worker serves a clone.
        let api_doc = openapi::ApiDoc::openapi();
        let mut server = HttpServer::new(move || {
            let dist = data.config.web_dist.clone();
            let public_url = data.config.public_url.clone();
            App::new()
                .app_data(data.clone())
                .app_data(
                    web::PathConfig::default()
                        .error_handler(|_, _| error::ApiError::NotFound.into()),
                )
                .wrap(actix_web::middleware::from_fn(csrf::guard))
                .wrap(actix_web::middleware::from_fn(security::headers))
                .wrap(Compress::default())
                .wrap(actix_web::middleware::from_fn(metrics::record))
                .wrap(tracing_actix_web::TracingLogger::<security::RequestSpan>::new())
                .wrap(actix_web::middleware::from_fn(security::request_ids))
                .configure(routes::configure)
                .service(SwaggerUi::new("/docs/{_:.*}").url("/api/openapi.json", api_doc.clone()))
                .configure(|cfg| spa::configure(cfg, &dist, &public_url))
        })
        .client_request_timeout(head_timeout)
        // Responses go out as soon as they are written: with Nagle's algorithm a body's
        // last segment waits for the client's delayed ACK (about 40 ms on Linux).
        .tcp_nodelay(true)
        .keep_alive(keep_alive)
        .shutdown_timeout(shutdown_timeout)
        // Signals are handled in `run`, so SIGTERM can fail `/readyz` before stopping.
        .disable_signals();
        if let Some(n) = workers {
            server = server.workers(n);
        }
        let server = server.listen(listener).map_err(|e| e.to_string())?.run();
        Ok(Application {
            server,
            port,
            db,
            scheduler_interval,
            audit_retention,
            mailer,
            test_clock,
            outbound_allow_private,
            draining,
            drain,
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until stopped. On SIGTERM, `/readyz` fails at once and requests are still
    /// served for `CC2I_DRAIN_S`; then the listener closes and requests in progress get
    /// `CC2I_SHUTDOWN_TIMEOUT_S` to finish. SIGINT and SIGQUIT stop at once.
    /// The scheduler (deadlines, reminders, digests), the email sender and the webhook sender
    /// run alongside,
    /// except with the test clock, where jobs run only when asked.
    pub async fn run(self) -> std::io::Result<()> {
        let background = if self.test_clock {
            Vec::new()
        } else {
            vec![
                tokio::spawn(funding::scheduler::run(
                    self.db.clone(),
                    self.scheduler_interval,
                    audit::Ctx::system_with(self.audit_retention, false),
                )),
                tokio::spawn(webhooks::sender::run(
                    self.db.clone(),
                    self.outbound_allow_private,
                    self.scheduler_interval
                        .min(std::time::Duration::from_secs(5)),
                )),
                tokio::spawn(email::mailer::run(
                    self.db,
                    self.mailer,
                    self.scheduler_interval,
                )),
            ]
        };
        let signals = tokio::spawn(stop_on_signal(
            self.server.handle(),
            self.draining,
            self.drain,
        ));
        let result = self.server.await;
        signals.abort();
        for task in background {
            task.abort();
        }
        result
    }
}

/// Waits for SIGTERM (drain, then stop gracefully) or SIGINT / SIGQUIT (stop at once).
async fn stop_on_signal(
    server: actix_web::dev::ServerHandle,
    draining: std::sync::Arc<std::sync::atomic::AtomicBool>,
    drain: std::time::Duration,
) {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int), Ok(mut quit)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
        signal(SignalKind::quit()),
    ) else {
        tracing::error!("cannot listen for signals; stop this process with SIGKILL");
        return;
    };
    tokio::select! {
        _ = term.recv() => {
            draining.store(true, std::sync::atomic::Ordering::Release);
            tracing::info!(drain_s = drain.as_secs(), "SIGTERM: draining; /readyz answers 503");
            tokio::select! {
                _ = tokio::time::sleep(drain) => {}
                _ = int.recv() => return server.stop(false).await,
                _ = quit.recv() => return server.stop(false).await,
            }
            tracing::info!("no longer accepting connections; finishing requests in progress");
            server.stop(true).await;
        }
        _ = int.recv() => server.stop(false).await,
        _ = quit.recv() => server.stop(false).await,
    }
}
