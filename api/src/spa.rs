//! Serves the single-page app, with history-API fallback so deep links work.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::{guard, web, HttpResponse, ResponseError};

use crate::error::ApiError;

/// Static files from the built SPA; any other non-API GET gets `index.html` (idea pages
/// with their oEmbed discovery link).
pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path, public_url: &str) {
    let index = dist.join("index.html");
    let public_url = public_url.trim_end_matches('/').to_string();
    let fallback =
        fn_service(move |req: ServiceRequest| fallback(req, index.clone(), public_url.clone()));
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

/// The oEmbed discovery `<link>` for an idea page (`/ideas/{id}` exactly), if this is one.
fn discovery_link(path: &str, public_url: &str) -> Option<String> {
    let id = path.strip_prefix("/ideas/")?;
    crate::embed::snapshot::is_idea_id(id).then(|| {
        let page: String =
            form_urlencoded::byte_serialize(format!("{public_url}/ideas/{id}").as_bytes())
                .collect();
        format!(
            "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{public_url}/oembed?url={page}&amp;format=json\" title=\"CC2i idea\">"
        )
    })
}

async fn fallback(
    req: ServiceRequest,
    index: PathBuf,
    public_url: String,
) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let path = req.path();
    let res = if path.starts_with("/api/") || path == "/api" {
        ApiError::RouteNotFound.error_response()
    } else if req.method() != Method::GET && req.method() != Method::HEAD {
        ApiError::MethodNotAllowed.error_response()
    } else if let Some(link) = discovery_link(path, &public_url) {
        match tokio::fs::read_to_string(&index).await {
            Ok(html) => HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .body(html.replacen("</head>", &format!("{link}</head>"), 1)),
            Err(_) => not_built(),
        }
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
            Err(_) => not_built(),
        }
    };
    Ok(ServiceResponse::new(req, res))
}

fn not_built() -> HttpResponse {
    HttpResponse::ServiceUnavailable()
        .content_type("text/plain; charset=utf-8")
        .body("The CC2i web app has not been built. Run `just run` (or `just web`).")
}
