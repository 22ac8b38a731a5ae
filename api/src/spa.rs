//! Serves the single-page app, with history-API fallback so deep links work.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::{guard, web, HttpResponse, ResponseError};

use crate::error::ApiError;

/// Static files from the built SPA; any other non-API GET gets `index.html`.
pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path) {
    let index = dist.join("index.html");
    let fallback = fn_service(move |req: ServiceRequest| fallback(req, index.clone()));
    if dist.is_dir() {
        cfg.service(
            actix_files::Files::new("/", dist)
                .index_file("index.html")
                .prefer_utf8(true)
                .guard(guard::Any(guard::Get()).or(guard::Head()))
                .default_handler(fallback.clone()),
        );
    }
    cfg.default_service(fallback);
}

async fn fallback(
    req: ServiceRequest,
    index: PathBuf,
) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let path = req.path();
    let res = if path.starts_with("/api/") || path == "/api" {
        ApiError::RouteNotFound.error_response()
    } else if req.method() != Method::GET && req.method() != Method::HEAD {
        ApiError::MethodNotAllowed.error_response()
    } else {
        match NamedFile::open_async(&index).await {
            Ok(file) => {
                let mut res = file.into_response(&req);
                res.headers_mut().insert(
                    header::CACHE_CONTROL,
                    header::HeaderValue::from_static("no-cache"),
                );
                res
            }
            Err(_) => HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                .body("The CC2i web app has not been built. Run `just run` (or `just web`)."),
        }
    };
    Ok(ServiceResponse::new(req, res))
}
