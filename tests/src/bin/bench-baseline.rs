//! The benchmark baseline: a bare actix-web server (same actix-web 4 and the same default
//! worker count as the API, `CC2I_WORKERS` if set) whose one handler returns a small JSON
//! object. Listens on `CC2I_BIND` (default 127.0.0.1:8090).

use actix_web::{web, App, HttpResponse, HttpServer};

async fn hello() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok", "service": "baseline", "items": []}))
}

fn main() -> std::io::Result<()> {
    let bind = std::env::var("CC2I_BIND").unwrap_or_else(|_| "127.0.0.1:8090".into());
    let workers = std::env::var("CC2I_WORKERS")
        .ok()
        .and_then(|w| w.parse::<usize>().ok());
    actix_web::rt::System::new().block_on(async move {
        let mut server =
            HttpServer::new(|| App::new().route("/", web::get().to(hello))).bind(bind)?;
        if let Some(n) = workers {
            server = server.workers(n);
        }
        server.run().await
    })
}
