//! Every endpoint on one screen.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse, Resource, ResponseError};

use crate::api_keys::handlers as api_keys;
use crate::audit::handlers as audit;
use crate::auth::mfa_handlers as mfa;
use crate::auth::passkey_handlers as passkey;
use crate::auth::session_handlers as sessions;
use crate::backlog::{handlers as backlog, votes as backlog_votes, voting_model};
use crate::business_cases::handlers as cases;
use crate::delivery::{acceptance as delivery_acceptance, handlers as delivery};
use crate::discussion::{follows, question_handlers as questions, update_handlers as updates};
use crate::email::handlers as email;
use crate::embed::handlers as embed;
use crate::error::ApiError;
use crate::exports::handlers as exports;
use crate::extract::JsonLimit;
use crate::funding::handlers as funding;
use crate::ideas::{handlers as ideas, lifecycle};
use crate::invitations::handlers as invitations;
use crate::moderation::{admin as moderation, reports};
use crate::notifications::handlers as notifications;
use crate::ocds::handlers as ocds;
use crate::organisations::handlers as orgs;
use crate::organisations::membership_handlers as joining;
use crate::pledges::{actions as pledge_actions, handlers as pledges};
use crate::radar::handlers as radar;
use crate::reuse::{
    adoptions, approval as adoption_approval, catalogue, summary as funding_summary,
};
use crate::sso::{handlers as sso, sign_in_handlers as sso_sign_in};
use crate::webhooks::handlers as webhooks;
use crate::{auth::account_handlers as account, auth::handlers as auth, ops};

/// 405 with the `Allow` header RFC 9110 requires: the methods the OpenAPI description lists
/// for the matched path (the description is generated from these very handlers).
async fn method_not_allowed(req: HttpRequest) -> HttpResponse {
    let mut response = ApiError::MethodNotAllowed.error_response();
    let allow = req
        .match_pattern()
        .and_then(|pattern| crate::openapi::allowed_methods(&pattern))
        .unwrap_or_default();
    if let Ok(value) = HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// A resource whose unsupported methods answer 405 as problem+json.
fn resource(path: &str) -> Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

/// Registers the API and operational routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/healthz").route(web::get().to(ops::healthz)))
        .service(resource("/readyz").route(web::get().to(ops::readyz)))
        .service(resource("/metrics").route(web::get().to(crate::metrics::metrics)))
        .service(resource("/embed/ideas/{id}").route(web::get().to(embed::embed_idea)))
        .service(resource("/widget.js").route(web::get().to(embed::widget_script)))
        .service(resource("/badges/ideas/{file}").route(web::get().to(embed::idea_badge)))
        .service(resource("/oembed").route(web::get().to(embed::oembed)))
        .service(
            web::scope("/api/v1")
                // The busiest route first: actix-web tries routes in order, matching each
                // pattern with an id against the path, so every route before it is a cost.
                .service(
                    resource("/ideas")
                        .route(web::get().to(ideas::list_ideas))
                        .route(web::post().to(ideas::create_idea)),
                )
                .service(resource("/auth/register").route(web::post().to(auth::register)))
                .service(resource("/auth/login").route(web::post().to(auth::login)))
                .service(resource("/auth/login/mfa").route(web::post().to(mfa::login_mfa)))
                .service(
                    resource("/auth/session/mfa").route(web::post().to(mfa::create_session_mfa)),
                )
                .service(resource("/auth/step-up").route(web::post().to(mfa::step_up)))
                .service(resource("/me/mfa").route(web::get().to(mfa::get_mfa)))
                .service(resource("/me/mfa/totp").route(web::post().to(mfa::start_totp)))
                .service(resource("/me/mfa/totp/confirm").route(web::post().to(mfa::confirm_totp)))
                .service(
                    resource("/auth/login/passkey")
                        .route(web::post().to(passkey::sign_in_challenge)),
                )
                .service(resource("/me/mfa/passkeys").route(web::post().to(passkey::add)))
                .service(
                    resource("/me/mfa/passkeys/registration")
                        .route(web::post().to(passkey::start_registration)),
                )
                .service(
                    resource("/me/mfa/passkeys/challenge")
                        .route(web::post().to(passkey::step_up_challenge)),
                )
                .service(resource("/me/mfa/passkeys/{id}").route(web::delete().to(passkey::remove)))
                .service(
                    resource("/auth/session")
                        .route(web::post().to(sessions::create_session))
                        .route(web::get().to(sessions::get_session))
                        .route(web::delete().to(sessions::delete_session)),
                )
                .service(
                    resource("/me/sessions")
                        .route(web::get().to(sessions::list_sessions))
                        .route(web::delete().to(sessions::delete_my_sessions)),
                )
                .service(
                    resource("/me/sessions/{id}")
                        .route(web::delete().to(sessions::delete_my_session)),
                )
                .service(
                    resource("/auth/verify-email").route(web::post().to(account::verify_email)),
                )
                .service(
                    resource("/auth/password-reset")
                        .route(web::post().to(account::request_password_reset)),
                )
                .service(
                    resource("/auth/password-reset/complete")
                        .route(web::post().to(account::reset_password)),
                )
                .service(
                    resource("/me")
                        .route(web::get().to(auth::get_me))
                        .route(web::patch().to(account::update_me)),
                )
                .service(resource("/me/password").route(web::post().to(auth::change_password)))
                .service(resource("/me/email").route(web::post().to(account::change_email)))
                .service(
                    resource("/me/email-verification")
                        .route(web::post().to(account::resend_email_verification)),
                )
                .service(
                    resource("/me/notification-preferences")
                        .route(web::get().to(email::get_preferences))
                        .route(web::put().to(email::put_preferences)),
                )
                .service(
                    resource("/unsubscribe")
                        .route(web::get().to(email::unsubscribe))
                        .route(web::post().to(email::unsubscribe_one_click)),
                )
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
                    resource("/organisations/{id}/audit-log")
                        .route(web::get().to(audit::organisation_log)),
                )
                .service(
                    resource("/organisations/{id}/audit-log.csv")
                        .route(web::get().to(audit::organisation_log_csv)),
                )
                .service(resource("/admin/audit-log").route(web::get().to(audit::admin_log)))
                .service(
                    resource("/admin/audit-log.csv").route(web::get().to(audit::admin_log_csv)),
                )
                .service(
                    resource("/organisations/{id}/sso")
                        .route(web::get().to(sso::get_settings))
                        .route(web::put().to(sso::put_settings))
                        .route(web::delete().to(sso::delete_settings)),
                )
                .service(resource("/auth/sso/start").route(web::post().to(sso_sign_in::start)))
                .service(resource("/auth/sso/callback").route(web::get().to(sso_sign_in::callback)))
                .service(
                    resource("/organisations/{id}/webhooks")
                        .route(web::get().to(webhooks::list_webhooks))
                        .route(web::post().to(webhooks::create_webhook)),
                )
                .service(
                    resource("/webhooks/{id}")
                        .route(web::patch().to(webhooks::update_webhook))
                        .route(web::delete().to(webhooks::delete_webhook)),
                )
                .service(
                    resource("/webhooks/{id}/deliveries")
                        .route(web::get().to(webhooks::list_webhook_deliveries)),
                )
                .service(
                    resource("/webhooks/{id}/deliveries/{delivery_id}/retry")
                        .route(web::post().to(webhooks::retry_webhook_delivery)),
                )
                .service(
                    resource("/organisations/{id}/verify")
                        .route(web::post().to(orgs::verify_organisation)),
                )
                .service(
                    resource("/organisations/{id}/members")
                        .route(web::get().to(orgs::list_members))
                        .route(web::post().to(joining::add_member)),
                )
                .service(
                    resource("/organisations/{id}/members/{user_id}")
                        .route(web::patch().to(joining::change_member_role))
                        .route(web::delete().to(orgs::remove_member)),
                )
                .service(
                    resource("/organisations/{id}/membership-invitations")
                        .route(web::get().to(joining::list_membership_invitations)),
                )
                .service(
                    resource("/membership-invitations/{id}")
                        .route(web::delete().to(joining::withdraw_membership_invitation)),
                )
                .service(
                    resource("/me/membership-invitations")
                        .route(web::get().to(joining::my_membership_invitations)),
                )
                .service(
                    resource("/me/membership-invitations/{id}/accept")
                        .route(web::post().to(joining::accept_membership_invitation)),
                )
                .service(
                    resource("/me/membership-invitations/{id}/decline")
                        .route(web::post().to(joining::decline_membership_invitation)),
                )
                .service(
                    resource("/organisations/{id}/api-keys")
                        .route(web::get().to(api_keys::list_api_keys))
                        .route(web::post().to(api_keys::create_api_key)),
                )
                .service(
                    resource("/organisations/{id}/api-keys/{key_id}")
                        .route(web::delete().to(api_keys::revoke_api_key)),
                )
                .service(
                    resource("/organisations/{id}/ideas")
                        .route(web::get().to(ideas::list_organisation_ideas)),
                )
                .service(
                    resource("/ideas/{id}")
                        .route(web::get().to(ideas::get_idea))
                        .route(web::patch().to(ideas::update_idea)),
                )
                .service(
                    resource("/ideas/{id}/submit").route(web::post().to(lifecycle::submit_idea)),
                )
                .service(
                    resource("/ideas/{id}/publish").route(web::post().to(lifecycle::publish_idea)),
                )
                .service(
                    resource("/ideas/{id}/request-changes")
                        .route(web::post().to(lifecycle::request_idea_changes)),
                )
                .service(
                    resource("/ideas/{id}/withdraw")
                        .route(web::post().to(lifecycle::withdraw_idea)),
                )
                .service(
                    resource("/ideas/{id}/business-case")
                        .app_data(JsonLimit(cases::BUSINESS_CASE_LIMIT))
                        .route(web::get().to(cases::get_business_case))
                        .route(web::put().to(cases::put_business_case)),
                )
                .service(
                    resource("/ideas/{id}/business-case/versions")
                        .route(web::get().to(cases::list_business_case_versions)),
                )
                .service(
                    resource("/ideas/{id}/business-case/versions/{version}")
                        .route(web::get().to(cases::get_business_case_version)),
                )
                .service(resource("/ideas/{id}/close").route(web::post().to(funding::close_idea)))
                .service(resource("/ideas/{id}/funding").route(web::get().to(funding::get_funding)))
                .service(
                    resource("/ideas/{id}/commitments")
                        .route(web::get().to(funding::list_commitments)),
                )
                .service(resource("/ideas/{id}/ledger").route(web::get().to(funding::get_ledger)))
                .service(resource("/ideas/{id}/ocds").route(web::get().to(ocds::idea_ocds)))
                .service(resource("/ocds/releases").route(web::get().to(ocds::ocds_releases)))
                .service(
                    resource("/ideas/{id}/pledges.csv")
                        .route(web::get().to(exports::idea_pledges_csv)),
                )
                .service(
                    resource("/organisations/{id}/pledges.csv")
                        .route(web::get().to(exports::organisation_pledges_csv)),
                )
                .service(
                    resource("/ideas/{id}/pledges")
                        .route(web::get().to(pledges::list_idea_pledges))
                        .route(web::post().to(pledges::create_pledge)),
                )
                .service(
                    resource("/pledges/{id}")
                        .route(web::get().to(pledges::get_pledge))
                        .route(web::patch().to(pledge_actions::update_pledge)),
                )
                .service(
                    resource("/pledges/{id}/approve")
                        .route(web::post().to(pledge_actions::approve_pledge)),
                )
                .service(
                    resource("/pledges/{id}/reject")
                        .route(web::post().to(pledge_actions::reject_pledge)),
                )
                .service(
                    resource("/pledges/{id}/withdraw")
                        .route(web::post().to(pledge_actions::withdraw_pledge)),
                )
                .service(
                    resource("/pledges/{id}/reconsent")
                        .route(web::post().to(pledge_actions::reconsent_pledge)),
                )
                .service(
                    resource("/organisations/{id}/pledges")
                        .route(web::get().to(pledges::list_organisation_pledges)),
                )
                .service(
                    resource("/notifications")
                        .route(web::get().to(notifications::list_notifications)),
                )
                .service(
                    resource("/notifications/read-all")
                        .route(web::post().to(notifications::read_all_notifications)),
                )
                .service(
                    resource("/notifications/{id}/read")
                        .route(web::post().to(notifications::read_notification)),
                )
                .service(
                    resource("/organisations/{id}/recommendations")
                        .route(web::get().to(radar::list_recommendations)),
                )
                .service(resource("/ideas/{id}/audience").route(web::get().to(radar::get_audience)))
                .service(
                    resource("/ideas/{id}/invitations")
                        .route(web::get().to(invitations::list_invitations))
                        .route(web::post().to(invitations::create_invitations)),
                )
                .service(
                    resource("/ideas/{id}/questions")
                        .route(web::get().to(questions::list_questions))
                        .route(web::post().to(questions::ask_question)),
                )
                .service(
                    resource("/questions/{id}/answer")
                        .route(web::post().to(questions::answer_question)),
                )
                .service(
                    resource("/ideas/{id}/updates")
                        .route(web::get().to(updates::list_updates))
                        .route(web::post().to(updates::post_update)),
                )
                .service(
                    resource("/ideas/{id}/follow")
                        .route(web::get().to(follows::get_following))
                        .route(web::post().to(follows::follow_idea))
                        .route(web::delete().to(follows::unfollow_idea)),
                )
                .service(resource("/reports").route(web::post().to(reports::create_report)))
                .service(
                    resource("/admin/moderation")
                        .route(web::get().to(moderation::moderation_queue)),
                )
                .service(
                    resource("/admin/moderation/{target_type}/{target_id}")
                        .route(web::post().to(moderation::moderate)),
                )
                .service(
                    resource("/ideas/{id}/requirements")
                        .route(web::get().to(backlog::list_requirements))
                        .route(web::post().to(backlog::create_requirement)),
                )
                .service(
                    resource("/ideas/{id}/voting-model")
                        .route(web::patch().to(voting_model::set_voting_model)),
                )
                .service(
                    resource("/requirements/{id}")
                        .route(web::get().to(backlog::get_requirement))
                        .route(web::patch().to(backlog::update_requirement)),
                )
                .service(
                    resource("/requirements/{id}/votes")
                        .route(web::post().to(backlog_votes::cast_vote)),
                )
                .service(
                    resource("/requirements/{id}/votes/{organisation_id}")
                        .route(web::delete().to(backlog_votes::retract_vote)),
                )
                .service(
                    resource("/ideas/{id}/start-delivery")
                        .route(web::post().to(delivery::start_delivery)),
                )
                .service(
                    resource("/ideas/{id}/milestones")
                        .route(web::get().to(delivery::list_milestones))
                        .route(web::post().to(delivery::create_milestone)),
                )
                .service(resource("/milestones/{id}").route(web::get().to(delivery::get_milestone)))
                .service(
                    resource("/milestones/{id}/submit")
                        .route(web::post().to(delivery_acceptance::submit_milestone)),
                )
                .service(
                    resource("/milestones/{id}/acceptances")
                        .route(web::post().to(delivery_acceptance::create_acceptance)),
                )
                .service(resource("/catalogue").route(web::get().to(catalogue::list_catalogue)))
                .service(
                    resource("/ideas/{id}/adoptions")
                        .route(web::get().to(adoptions::list_idea_adoptions))
                        .route(web::post().to(adoptions::create_adoption)),
                )
                .service(resource("/adoptions/{id}").route(web::get().to(adoptions::get_adoption)))
                .service(
                    resource("/adoptions/{id}/approve")
                        .route(web::post().to(adoption_approval::approve_adoption)),
                )
                .service(
                    resource("/adoptions/{id}/reject")
                        .route(web::post().to(adoption_approval::reject_adoption)),
                )
                .service(
                    resource("/organisations/{id}/adoptions")
                        .route(web::get().to(adoptions::list_organisation_adoptions)),
                )
                .service(
                    resource("/organisations/{id}/funding-summary")
                        .route(web::get().to(funding_summary::get_funding_summary)),
                )
                .service(resource("/admin/review-queue").route(web::get().to(ideas::review_queue)))
                .service(resource("/admin/jobs/run").route(web::post().to(crate::jobs::run_jobs)))
                .service(
                    resource("/admin/mfa-resets")
                        .route(web::post().to(crate::auth::mfa_handlers::reset_second_factor)),
                )
                .service(
                    resource("/admin/test-clock")
                        .route(web::put().to(crate::clock::set_test_clock)),
                )
                .default_service(web::to(|| async {
                    Err::<HttpResponse, _>(ApiError::RouteNotFound)
                })),
        );
}
