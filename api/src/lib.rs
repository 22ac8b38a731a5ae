//! The CC2i API: one app factory used by the `cc2i` binary and by every test.

pub mod api_keys;
pub mod auth;
pub mod backlog;
pub mod business_cases;
pub mod config;
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
pub mod pledges;
pub mod radar;
pub mod reuse;
pub mod routes;
pub mod security;
pub mod seed;
pub mod spa;
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
    mailer: std::sync::Arc<email::mailer::Mailer>,
    test_clock: bool,
    webhook_allow_private: bool,
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
        let db = state.db.clone();
        db.watch_changes(&state.config.database);
        let mailer = state.mailer.clone();
        let test_clock = state.config.test_clock;
        let webhook_allow_private = state.config.webhook_allow_private;
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
                .wrap(actix_web::middleware::from_fn(security::headers))
                .wrap(Compress::default())
                .wrap(actix_web::middleware::from_fn(metrics::record))
                .wrap(tracing_actix_web::TracingLogger::default())
                .configure(routes::configure)
                .service(SwaggerUi::new("/docs/{_:.*}").url("/api/openapi.json", api_doc.clone()))
                .configure(|cfg| spa::configure(cfg, &dist, &public_url))
        })
        .client_request_timeout(head_timeout)
        .shutdown_timeout(30);
        if let Some(n) = workers {
            server = server.workers(n);
        }
        let server = server.listen(listener).map_err(|e| e.to_string())?.run();
        Ok(Application {
            server,
            port,
            db,
            scheduler_interval,
            mailer,
            test_clock,
            webhook_allow_private,
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until stopped; on SIGTERM or Ctrl-C, in-flight requests finish first.
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
                )),
                tokio::spawn(webhooks::sender::run(
                    self.db.clone(),
                    self.webhook_allow_private,
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
        let result = self.server.await;
        for task in background {
            task.abort();
        }
        result
    }
}
