//! Handlers for an organisation's single sign-on settings
//! (`/api/v1/organisations/{id}/sso`).

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::{provider, repo, service};
use crate::audit::{record, Ctx, Entry};
use crate::auth::{AuthUser, SteppedUp};
use crate::clock;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::sso::{SsoConfiguration, SsoSettingsInput};
use cc2i_shared::{FieldErrors, Problem};

/// The organisation's single sign-on (owners and admins; platform staff): the redirect URI
/// to register at the provider, and the provider once set up. The client secret is never
/// shown.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/sso", tag = "single sign-on", operation_id = "get_sso_settings",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 200, description = "The configuration", body = SsoConfiguration),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member, but not an owner or admin; `insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_settings(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let org_id = id.into_inner();
    let public_url = state.config.public_url.clone();
    let settings = state
        .db
        .read(move |conn| {
            service::ensure_owner(conn, &user, &org_id, false)?;
            service::configuration(conn, &org_id, &public_url)
        })
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// Set up or change the organisation's single sign-on (owners, after a second factor in the
/// last ten minutes).
///
/// CC2i fetches the issuer's discovery document and keys (through its outbound guard: public
/// `https` addresses only) before saving: 422 `sso_issuer_unreachable` if it cannot. The
/// organisation must be verified. Each domain must be one where an owner has a confirmed
/// email address, not a shared mailbox domain, and not vouched for by another organisation
/// (409 `sso_domain_taken`). The secret is needed the first time and never shown again. With
/// `require_sso`, members must sign in through the provider, except the break-glass owner
/// (who must have a second factor).
#[utoipa::path(
    put, path = "/api/v1/organisations/{id}/sso", tag = "single sign-on", operation_id = "put_sso_settings",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    request_body = SsoSettingsInput,
    responses(
        (status = 200, description = "Saved", body = SsoConfiguration),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`); not an owner; `insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`sso_domain_taken` or `organisation_not_verified`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or `sso_issuer_unreachable` (on `issuer`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    SteppedUp(user): SteppedUp,
    id: web::Path<String>,
    body: ValidJson<SsoSettingsInput>,
) -> Result<HttpResponse, ApiError> {
    let org_id = id.into_inner();
    let input = body.0;
    {
        let (u, o) = (user.clone(), org_id.clone());
        state
            .db
            .read(move |conn| service::ensure_owner(conn, &u, &o, true))
            .await?;
    }
    if let Err(reason) =
        provider::discover(&input.issuer, state.config.outbound_allow_private).await
    {
        let mut errors = FieldErrors::new();
        errors.insert(
            "issuer".into(),
            vec![format!(
                "CC2i could not read this provider's OpenID configuration: {reason}"
            )],
        );
        return Err(ApiError::FieldRefused {
            code: "sso_issuer_unreachable",
            detail: "CC2i could not read the provider's OpenID configuration.".into(),
            errors,
        });
    }
    let sealer = state.sso_box.clone();
    let public_url = state.config.public_url.clone();
    let test_clock = state.config.test_clock;
    let ctx = Ctx::person(&state, &req, &user);
    let settings = state
        .db
        .write(move |conn| {
            let at = clock::now_on(conn, test_clock)?;
            let before = service::configuration(conn, &org_id, &public_url)?.provider;
            service::save(conn, &sealer, &user, &org_id, input, at)?;
            let after = service::configuration(conn, &org_id, &public_url)?;
            let entry = Entry::new("sso.saved", "organisation", &org_id)
                .org(&org_id)
                .change(json!(before), json!(after.provider));
            record(conn, &ctx, entry, at)?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// Turn single sign-on off (owners, after a second factor in the last ten minutes): members
/// sign in with their passwords again; accounts linked to the provider stay. Removing what
/// is not there succeeds too.
#[utoipa::path(
    delete, path = "/api/v1/organisations/{id}/sso", tag = "single sign-on", operation_id = "delete_sso_settings",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", max_length = 64)),
    responses(
        (status = 204, description = "Removed (or there was none)"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`mfa_required` (hint `step_up`); not an owner; `insufficient_scope`: an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    SteppedUp(user): SteppedUp,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let org_id = id.into_inner();
    let ctx = Ctx::person(&state, &req, &user);
    let test_clock = state.config.test_clock;
    state
        .db
        .write(move |conn| {
            service::ensure_owner(conn, &user, &org_id, true)?;
            if repo::remove(conn, &org_id)? {
                let at = clock::now_on(conn, test_clock)?;
                let entry = Entry::new("sso.removed", "organisation", &org_id).org(&org_id);
                record(conn, &ctx, entry, at)?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
