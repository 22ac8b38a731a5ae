//! Every endpoint on one screen.

use actix_web::{web, HttpResponse, Resource};

use crate::error::ApiError;
use crate::{auth::handlers as auth, ops, organisations::handlers as orgs};

async fn method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed)
}

/// A resource whose unsupported methods answer 405 as problem+json.
fn resource(path: &str) -> Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

/// Registers the API and operational routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/healthz").route(web::get().to(ops::healthz)))
        .service(resource("/readyz").route(web::get().to(ops::readyz)))
        .service(
            web::scope("/api/v1")
                .service(resource("/auth/register").route(web::post().to(auth::register)))
                .service(resource("/auth/login").route(web::post().to(auth::login)))
                .service(resource("/me").route(web::get().to(auth::get_me)))
                .service(resource("/me/password").route(web::post().to(auth::change_password)))
                .service(
                    resource("/organisations")
                        .route(web::get().to(orgs::list_organisations))
                        .route(web::post().to(orgs::create_organisation)),
                )
                .service(
                    resource("/organisations/{id}")
                        .route(web::get().to(orgs::get_organisation))
                        .route(web::patch().to(orgs::update_organisation)),
                )
                .service(
                    resource("/organisations/{id}/verify")
                        .route(web::post().to(orgs::verify_organisation)),
                )
                .service(
                    resource("/organisations/{id}/members")
                        .route(web::get().to(orgs::list_members))
                        .route(web::post().to(orgs::add_member)),
                )
                .service(
                    resource("/organisations/{id}/members/{user_id}")
                        .route(web::delete().to(orgs::remove_member)),
                )
                .default_service(web::to(|| async {
                    Err::<HttpResponse, _>(ApiError::RouteNotFound)
                })),
        );
}
