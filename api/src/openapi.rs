//! The OpenAPI description, generated from the handlers' annotations.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::openapi_contract::Contract;

use crate::{api_keys, audit, backlog};
use crate::{
    auth, business_cases, delivery, discussion, email, funding, ideas, invitations, jobs,
    moderation, notifications, ops, organisations, pledges, radar, reuse, sso,
};

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A signed-in person: an access token (JWT) from POST /api/v1/auth/login",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "cc2i_session",
                "A signed-in person's browser session (POST /api/v1/auth/session sets it; HttpOnly). Every operation open to a bearer token takes it too. A write authenticated by it must send the session's CSRF token in `X-CSRF-Token` (also in the `cc2i_csrf` cookie) and, if it sends `Origin`, this service's: otherwise 403 `csrf_failed`. A request with `Authorization` ignores it.",
            ))),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("cc2i_ API key")
                    .description(Some("An organisation's API key, `cc2i_` followed by 43 URL-safe characters, sent as `Authorization: Bearer cc2i_...`. Made by the organisation's owners and admins (POST /api/v1/organisations/{id}/api-keys). It acts for that organisation only, as a member limited to its scopes (listed in each operation's security requirement): ideas:read, ideas:write, pledges:read, pledges:write, webhooks:manage. Out of scope: 403 `insufficient_scope`; unknown or revoked: 401. Pledges made with a key always wait for a person's approval."))
                    .build(),
            ),
        );
    }
}

/// Every operation of the CC2i API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "CC2i API",
        description = "Co-funding of UK public-sector digital work: organisations, ideas, pledges and the ledger. Errors are RFC 9457 application/problem+json with a stable `code`. Second factors: platform staff, and owners and admins of a verified organisation, must add a second factor (an authenticator app or a passkey) before any write (403 `mfa_enrolment_required`, hint `enrol`); approving or rejecting a pledge, changing an approval limit, members, API keys and webhooks, and every write by platform staff, need a second factor used in the last ten minutes (403 `mfa_required`, hint `step_up`: `POST /api/v1/auth/step-up`). API keys never step up.",
        license(name = "MIT", identifier = "MIT"),
    ),
    modifiers(&BearerScheme, &Contract),
    paths(
        ops::healthz,
        ops::readyz,
        crate::embed::handlers::embed_idea,
        crate::embed::handlers::widget_script,
        crate::embed::handlers::idea_badge,
        crate::embed::handlers::oembed,
        crate::exports::handlers::idea_pledges_csv,
        crate::exports::handlers::organisation_pledges_csv,
        crate::ocds::handlers::idea_ocds,
        crate::ocds::handlers::ocds_releases,
        auth::handlers::register,
        auth::handlers::login,
        auth::mfa_handlers::login_mfa,
        auth::mfa_handlers::create_session_mfa,
        auth::mfa_handlers::step_up,
        auth::mfa_handlers::get_mfa,
        auth::mfa_handlers::start_totp,
        auth::mfa_handlers::confirm_totp,
        auth::mfa_handlers::reset_second_factor,
        auth::passkey_handlers::start_registration,
        auth::passkey_handlers::add,
        auth::passkey_handlers::remove,
        auth::passkey_handlers::step_up_challenge,
        auth::passkey_handlers::sign_in_challenge,
        audit::handlers::organisation_log,
        audit::handlers::organisation_log_csv,
        audit::handlers::admin_log,
        audit::handlers::admin_log_csv,
        sso::sign_in_handlers::start,
        sso::sign_in_handlers::callback,
        sso::handlers::get_settings,
        sso::handlers::put_settings,
        sso::handlers::delete_settings,
        auth::session_handlers::create_session,
        auth::session_handlers::get_session,
        auth::session_handlers::delete_session,
        auth::session_handlers::list_sessions,
        auth::session_handlers::delete_my_session,
        auth::session_handlers::delete_my_sessions,
        auth::handlers::get_me,
        auth::handlers::change_password,
        auth::account_handlers::verify_email,
        auth::account_handlers::request_password_reset,
        auth::account_handlers::reset_password,
        auth::account_handlers::resend_email_verification,
        auth::account_handlers::update_me,
        auth::account_handlers::change_email,
        organisations::handlers::create_organisation,
        organisations::handlers::list_organisations,
        organisations::handlers::get_organisation,
        organisations::handlers::update_organisation,
        organisations::handlers::verify_organisation,
        organisations::handlers::list_members,
        organisations::membership_handlers::add_member,
        organisations::membership_handlers::change_member_role,
        organisations::membership_handlers::list_membership_invitations,
        organisations::membership_handlers::withdraw_membership_invitation,
        organisations::membership_handlers::my_membership_invitations,
        organisations::membership_handlers::accept_membership_invitation,
        organisations::membership_handlers::decline_membership_invitation,
        organisations::handlers::remove_member,
        api_keys::handlers::create_api_key,
        api_keys::handlers::list_api_keys,
        api_keys::handlers::revoke_api_key,
        ideas::handlers::create_idea,
        ideas::handlers::list_ideas,
        ideas::handlers::get_idea,
        ideas::handlers::update_idea,
        ideas::handlers::list_organisation_ideas,
        ideas::lifecycle::submit_idea,
        ideas::lifecycle::publish_idea,
        ideas::lifecycle::request_idea_changes,
        ideas::lifecycle::withdraw_idea,
        ideas::handlers::review_queue,
        business_cases::handlers::put_business_case,
        business_cases::handlers::get_business_case,
        business_cases::handlers::list_business_case_versions,
        business_cases::handlers::get_business_case_version,
        pledges::handlers::create_pledge,
        pledges::handlers::list_idea_pledges,
        pledges::handlers::get_pledge,
        pledges::handlers::list_organisation_pledges,
        pledges::actions::update_pledge,
        pledges::actions::approve_pledge,
        pledges::actions::reject_pledge,
        pledges::actions::withdraw_pledge,
        pledges::actions::reconsent_pledge,
        funding::handlers::get_funding,
        funding::handlers::close_idea,
        funding::handlers::list_commitments,
        funding::handlers::get_ledger,
        notifications::handlers::list_notifications,
        notifications::handlers::read_notification,
        notifications::handlers::read_all_notifications,
        radar::handlers::list_recommendations,
        radar::handlers::get_audience,
        invitations::handlers::create_invitations,
        invitations::handlers::list_invitations,
        email::handlers::get_preferences,
        email::handlers::put_preferences,
        email::handlers::unsubscribe,
        email::handlers::unsubscribe_one_click,
        jobs::run_jobs,
        crate::clock::set_test_clock,
        discussion::question_handlers::ask_question,
        discussion::question_handlers::list_questions,
        discussion::question_handlers::answer_question,
        discussion::update_handlers::post_update,
        discussion::update_handlers::list_updates,
        discussion::follows::get_following,
        discussion::follows::follow_idea,
        discussion::follows::unfollow_idea,
        moderation::reports::create_report,
        moderation::admin::moderation_queue,
        moderation::admin::moderate,
        backlog::handlers::list_requirements,
        backlog::handlers::create_requirement,
        backlog::handlers::get_requirement,
        backlog::handlers::update_requirement,
        backlog::votes::cast_vote,
        backlog::votes::retract_vote,
        backlog::voting_model::set_voting_model,
        delivery::handlers::start_delivery,
        delivery::handlers::create_milestone,
        delivery::handlers::list_milestones,
        delivery::handlers::get_milestone,
        delivery::acceptance::submit_milestone,
        delivery::acceptance::create_acceptance,
        reuse::catalogue::list_catalogue,
        reuse::adoptions::create_adoption,
        reuse::adoptions::list_idea_adoptions,
        reuse::adoptions::get_adoption,
        reuse::adoptions::list_organisation_adoptions,
        reuse::approval::approve_adoption,
        reuse::approval::reject_adoption,
        reuse::summary::get_funding_summary,
        crate::webhooks::handlers::create_webhook,
        crate::webhooks::handlers::list_webhooks,
        crate::webhooks::handlers::update_webhook,
        crate::webhooks::handlers::delete_webhook,
        crate::webhooks::handlers::list_webhook_deliveries,
        crate::webhooks::handlers::retry_webhook_delivery,
    ),
    components(schemas(cc2i_shared::webhook::WebhookEvent)),
    tags(
        (name = "accounts", description = "Registration, sign-in and the signed-in user"),
        (name = "organisations", description = "Organisations, verification and members"),
        (name = "api keys", description = "Organisation API keys for third-party systems: scoped, shown once, revocable"),
        (name = "ideas", description = "Ideas: drafting, review, publication and discovery"),
        (name = "business cases", description = "Five Case Model business cases with terms and SLA, versioned"),
        (name = "pledges", description = "Pledges with maker-checker approval and re-consent"),
        (name = "funding", description = "Funding progress, closing, fair-share commitments and the public ledger"),
        (name = "notifications", description = "The in-app notification feed"),
        (name = "radar", description = "Matching ideas with like-minded organisations"),
        (name = "embed", description = "Embedding ideas in other sites: widget, badge and oEmbed"),
        (name = "backlog", description = "The funders' backlog: requirements, share-weighted or one-organisation-one-vote voting, and the proposer's decisions"),
        (name = "delivery", description = "Delivery milestones accepted by the funders, with payments released by final share"),
        (name = "re-use", description = "The catalogue of delivered ideas, adoption with maker-checker approval, re-use dividends and funding summaries"),
        (name = "open data", description = "Open Contracting Data Standard (OCDS 1.1) releases of funded ideas"),
        (name = "operations", description = "Health and readiness"),
        (name = "discussion", description = "Public questions and answers, updates from the proposer, and following ideas"),
        (name = "moderation", description = "Reports, and platform staff hiding or restoring questions and updates"),
        (name = "audit", description = "The audit log: every security-relevant or administrative action, append-only, for an organisation's owners and admins and for platform staff"),
        (name = "single sign-on", description = "Signing an organisation's people in through its own OpenID Connect provider (Microsoft Entra ID, Google Workspace): its settings, and the sign-in"),
        (name = "webhooks", description = "Signed webhooks: endpoints of an organisation, the events they receive (a `WebhookEvent` body signed in `CC2i-Signature`) and the deliveries log"),
    )
)]
pub struct ApiDoc;

/// The OpenAPI document as YAML, exactly as committed in `openapi.yaml`.
pub fn openapi_yaml() -> String {
    ApiDoc::openapi().to_yaml().unwrap_or_default()
}

/// The methods the description lists for a path pattern (`/api/v1/ideas/{id}`), as an `Allow`
/// header value (`GET, PATCH`); `None` for a path it does not describe.
pub fn allowed_methods(pattern: &str) -> Option<String> {
    static METHODS: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    METHODS
        .get_or_init(|| {
            ApiDoc::openapi()
                .paths
                .paths
                .iter()
                .map(|(path, item)| {
                    let methods = [
                        ("GET", item.get.is_some()),
                        ("PUT", item.put.is_some()),
                        ("POST", item.post.is_some()),
                        ("PATCH", item.patch.is_some()),
                        ("DELETE", item.delete.is_some()),
                    ]
                    .iter()
                    .filter(|(_, on)| *on)
                    .map(|(m, _)| *m)
                    .collect::<Vec<_>>()
                    .join(", ");
                    (path.clone(), methods)
                })
                .collect()
        })
        .get(pattern)
        .cloned()
}
