//! Handlers for the widget page, its host script, the badge and oEmbed.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::oembed::{self, Oembed, OembedQuery};
use super::{badge, snapshot, widget};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::state::AppState;
use cc2i_shared::Problem;

/// How the widget looks.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WidgetQuery {
    /// `light` (default) or `dark`.
    #[param(pattern = "^(light|dark)$", max_length = 5)]
    pub theme: Option<String>,
    /// `1` or `true` for the compact layout; `0` or `false` (the default) for the full one.
    #[param(pattern = "^(0|1|true|false)$", max_length = 5)]
    pub compact: Option<String>,
}

async fn load(state: &AppState, id: String) -> Result<snapshot::Snapshot, ApiError> {
    state.db.read(move |conn| snapshot::load(conn, &id)).await
}

/// The embeddable widget for a public idea: a self-contained page for an iframe, framable
/// by any site.
#[utoipa::path(
    get, path = "/embed/ideas/{id}", tag = "embed", operation_id = "embed_idea",
    params(("id" = String, Path, description = "Idea id", max_length = 64), WidgetQuery),
    responses(
        (status = 200, description = "The widget page", content_type = "text/html", body = String),
        (status = 404, description = "No such public idea", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown theme or compact value", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn embed_idea(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: ValidQuery<WidgetQuery>,
) -> Result<HttpResponse, ApiError> {
    let theme = match query.0.theme.as_deref() {
        None | Some("light") => widget::Theme::Light,
        Some("dark") => widget::Theme::Dark,
        Some(_) => return Err(ApiError::field("theme", "must be light or dark")),
    };
    let compact = match query.0.compact.as_deref() {
        None | Some("0" | "false") => false,
        Some("1" | "true") => true,
        Some(_) => return Err(ApiError::field("compact", "must be 1, true, 0 or false")),
    };
    let s = load(&state, id.into_inner()).await?;
    let page = widget::render(
        &s,
        &state.config.public_url,
        theme,
        compact,
        chrono::Utc::now(),
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, widget::policy()))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .body(page))
}

/// The host-page script: turns every `<div data-cc2i-idea="ID">` into the widget's iframe
/// and resizes it to fit.
#[utoipa::path(
    get, path = "/widget.js", tag = "embed", operation_id = "widget_script",
    responses((status = 200, description = "The script", content_type = "text/javascript", body = String))
)]
pub async fn widget_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(widget::host_script())
}

/// An SVG badge "CC2i | 64% funded" for a public idea.
#[utoipa::path(
    get, path = "/badges/ideas/{file}", tag = "embed", operation_id = "idea_badge",
    params(("file" = String, Path, description = "`{idea id}.svg`", max_length = 68)),
    responses(
        (status = 200, description = "The badge", content_type = "image/svg+xml", body = String),
        (status = 404, description = "No such public idea", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn idea_badge(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = file
        .into_inner()
        .strip_suffix(".svg")
        .map(str::to_string)
        .ok_or(ApiError::NotFound)?;
    let s = load(&state, id).await?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(badge::render(&s)))
}

/// oEmbed for idea pages: a `rich` answer whose html is the widget's iframe.
#[utoipa::path(
    get, path = "/oembed", tag = "embed", operation_id = "oembed",
    params(OembedQuery),
    responses(
        (status = 200, description = "The oEmbed answer", body = Oembed),
        (status = 404, description = "Not an idea page of this service, or not public", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
        (status = 501, description = "`format_not_supported`: `xml` is not offered, only JSON", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn oembed(
    state: web::Data<AppState>,
    query: ValidQuery<OembedQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    match q.format.as_deref() {
        None | Some("json") => {}
        Some(other) if other != "xml" => {
            return Err(ApiError::field("format", "must be json or xml"));
        }
        Some(_) => {
            return Err(ApiError::NotImplemented {
                code: "format_not_supported",
                detail: "Only format=json is offered.".into(),
            })
        }
    }
    let id = oembed::idea_id(&state.config.public_url, &q.url)
        .ok_or(ApiError::NotFound)?
        .to_string();
    let s = load(&state, id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(oembed::answer(&s, &state.config.public_url, &q)))
}
