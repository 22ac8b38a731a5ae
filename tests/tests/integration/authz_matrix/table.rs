//! The access rules of every operation: one row per `METHOD path` of the OpenAPI document.
//! A row names what its path parameters point at (a resource of A, then of B), the rule,
//! the success status, a valid body, and any documented exception. The expected status of
//! every caller is derived from the rule ([`super::rules::Rule::expect`]).

use cc2i_tests::fixtures;
use cc2i_tests::funded::case_costing;
use cc2i_tests::PASSWORD;
use serde_json::{json, Value};

use super::rules::*;
use super::world::{Ids, Side, Target};

/// What a body or query is made from: the resource's ids and a number unique to the request.
pub type Make = fn(&Ids, u32) -> Value;
pub type Query = fn(&Ids) -> String;

/// One rule for the operation against one kind of resource.
pub struct Case {
    pub target: Target,
    pub rule: Rule,
    /// Permitted callers are refused by the resource's state (e.g. 409), and why: the case
    /// checks that outsiders learn nothing (404) before the state is looked at.
    pub refused_by_state: Option<(u16, &'static str)>,
}

/// A caller whose answer differs from the rule's, and why.
pub struct Exception {
    pub who: Principal,
    pub side: Option<Side>,
    /// Only in the case of this kind of resource (every case if `None`).
    pub target: Option<Target>,
    pub status: u16,
    pub why: &'static str,
}

/// An operation's access rules.
pub struct Row {
    pub op: &'static str,
    pub ok: u16,
    pub cases: Vec<Case>,
    pub body: Option<Make>,
    pub query: Option<Query>,
    /// Permitted callers change the resource: each gets a fresh one.
    pub fresh: bool,
    /// Permitted callers' sessions end (a password change): sign everyone in again after.
    pub ends_sessions: bool,
    pub exceptions: Vec<Exception>,
}

fn row(op: &'static str, ok: u16) -> Row {
    Row {
        op,
        ok,
        cases: Vec::new(),
        body: None,
        query: None,
        fresh: false,
        ends_sessions: false,
        exceptions: Vec::new(),
    }
}

impl Row {
    fn on(mut self, target: Target, rule: Rule) -> Row {
        self.cases.push(Case {
            target,
            rule,
            refused_by_state: None,
        });
        self
    }
    /// A case where the callers `rule` permits get `status` because of the state.
    fn on_state(mut self, target: Target, rule: Rule, status: u16, why: &'static str) -> Row {
        self.cases.push(Case {
            target,
            rule,
            refused_by_state: Some((status, why)),
        });
        self
    }
    fn body(mut self, body: Make) -> Row {
        self.body = Some(body);
        self
    }
    fn query(mut self, query: Query) -> Row {
        self.query = Some(query);
        self
    }
    fn fresh(mut self) -> Row {
        self.fresh = true;
        self
    }
    fn ends_sessions(mut self) -> Row {
        self.ends_sessions = true;
        self
    }
    /// `who` gets `status` instead, in every case.
    fn except(mut self, who: Principal, status: u16, why: &'static str) -> Row {
        self.exceptions.push(Exception {
            who,
            side: None,
            target: None,
            status,
            why,
        });
        self
    }
    /// The owning side's `role` gets `status` instead (in the case of `target` only, if
    /// given).
    fn except_own(
        mut self,
        target: Option<Target>,
        role: fn(Side) -> Principal,
        status: u16,
        why: &'static str,
    ) -> Row {
        for side in [Side::A, Side::B] {
            self.exceptions.push(Exception {
                who: role(side),
                side: Some(side),
                target,
                status,
                why,
            });
        }
        self
    }
}

use Principal as P;
use Target as T;

const IR: &str = "ideas:read";
const IW: &str = "ideas:write";
const PR: &str = "pledges:read";
const PW: &str = "pledges:write";
const WM: &str = "webhooks:manage";

fn empty(_: &Ids, _: u32) -> Value {
    json!({})
}

/// A draft idea's reads: its organisation's members (and keys with ideas:read) and staff.
const DRAFT_READ: Rule = member_of().scope(IR).staff().private().anon_outsider();
/// A draft idea's changes: its organisation's members and keys with ideas:write (platform
/// admins see drafts, so they are refused with 403).
const DRAFT_WRITE: Rule = member_of().scope(IW).private().seen_by_staff();
/// A draft idea's changes that only people make.
const DRAFT_CHANGE: Rule = member_of().private().seen_by_staff();
/// The same for things only people read.
const DRAFT_READ_PEOPLE: Rule = member_of()
    .staff()
    .private()
    .anon_outsider()
    .key_as_public();

/// Changing or withdrawing a pledge: its creator (a person or the key that made it), owners
/// and admins. The world's pledges were made by an owner, so members and keys are refused.
const PLEDGE_CHANGE: Rule = manager_of().scope(PW).private().seen_by_staff();
/// Approving or rejecting a pledge: owners and admins who did not make it, never a key.
const PLEDGE_DECIDE: Rule = manager_of().key_member().private().seen_by_staff();

/// Every operation's row.
pub fn rows() -> Vec<Row> {
    vec![
        // Operations and embedding: public.
        row("GET /healthz", 200).on(T::Nothing, public()),
        row("GET /readyz", 200).on(T::Nothing, public()),
        row("GET /widget.js", 200).on(T::Nothing, public()),
        row("GET /embed/ideas/{id}", 200).on(T::IdeaOpen, public()),
        row("GET /badges/ideas/{file}", 200).on(T::IdeaOpen, public()),
        row("GET /oembed", 200)
            .on(T::IdeaOpen, public())
            .query(|ids| format!("url=https://cc2i.test/ideas/{}", ids.params["id"])),
        // Accounts.
        row("POST /api/v1/auth/register", 202)
            .on(T::Nothing, public())
            .body(|_, n| json!({"email": format!("new{n}@council.example"), "password": PASSWORD, "display_name": "New Person"})),
        // The emailed token is the credential: a made-up one is refused alike for everyone.
        row("POST /api/v1/auth/verify-email", 422)
            .on(T::Nothing, public())
            .body(|_, n| json!({"token": format!("made-up-token-{n}")})),
        row("POST /api/v1/auth/password-reset", 202)
            .on(T::Nothing, public())
            .body(|ids, _| json!({"email": ids.spare_email})),
        row("POST /api/v1/auth/password-reset/complete", 422)
            .on(T::Nothing, public())
            .body(|_, n| json!({"token": format!("made-up-token-{n}"), "new_password": PASSWORD})),
        row("PATCH /api/v1/me", 200)
            .on(T::Nothing, signed_in())
            .body(|_, n| json!({"display_name": format!("Matrix Person {n}")})),
        row("POST /api/v1/me/email", 202)
            .on(T::Nothing, signed_in())
            .body(|_, n| json!({"new_email": format!("moved{n}@council.example"), "password": PASSWORD})),
        row("POST /api/v1/me/email-verification", 202).on_state(
            T::Nothing,
            signed_in(),
            409,
            "every caller here has confirmed their address",
        ),
        row("POST /api/v1/auth/login", 200)
            .on(T::Nothing, public())
            .body(|ids, _| json!({"email": ids.spare_email, "password": PASSWORD})),
        row("POST /api/v1/auth/session", 200)
            .on(T::Nothing, public())
            .body(|ids, _| json!({"email": ids.spare_email, "password": PASSWORD})),
        // The current browser session: callers here send bearer tokens, so none has one.
        row("GET /api/v1/auth/session", 200)
            .on_state(T::Nothing, signed_in(), 401, "a bearer token is not a browser session"),
        row("DELETE /api/v1/auth/session", 204)
            .on_state(T::Nothing, signed_in(), 401, "a bearer token is not a browser session"),
        row("GET /api/v1/me/sessions", 200).on(T::Nothing, signed_in()),
        row("DELETE /api/v1/me/sessions", 204)
            .on(T::Nothing, signed_in())
            .ends_sessions(),
        row("DELETE /api/v1/me/sessions/{id}", 204)
            .on(T::Session, recipient())
            .fresh()
            .except(P::PlatformAdmin, 404, "someone else's session is not staff's to end either"),
        // The second step of signing in: the mfa_token is the credential, and one with no
        // code is refused alike for everyone.
        row("POST /api/v1/auth/login/mfa", 422)
            .on(T::Nothing, public())
            .body(|_, n| json!({"mfa_token": format!("made-up-{n}")})),
        row("POST /api/v1/auth/session/mfa", 422)
            .on(T::Nothing, public())
            .body(|_, n| json!({"mfa_token": format!("made-up-{n}")})),
        row("POST /api/v1/auth/step-up", 200)
            .on_state(T::Nothing, signed_in(), 422, "a made-up code")
            .body(|_, _| json!({"code": "123456"})),
        row("GET /api/v1/me/mfa", 200).on(T::Nothing, signed_in()),
        row("POST /api/v1/me/mfa/totp", 201)
            .on_state(T::Nothing, signed_in(), 409, "every caller here has an authenticator app")
            .body(empty),
        row("POST /api/v1/me/mfa/totp/confirm", 200)
            .on_state(T::Nothing, signed_in(), 422, "a made-up code")
            .body(|_, _| json!({"code": "000000"})),
        // Passkeys: adding one starts a ceremony; a made-up answer, and a step-up challenge
        // for callers with no passkey, are refused alike for everyone.
        row("POST /api/v1/me/mfa/passkeys/registration", 201)
            .on(T::Nothing, signed_in())
            .body(empty),
        row("POST /api/v1/me/mfa/passkeys", 201)
            .on_state(T::Nothing, signed_in(), 422, "a made-up ceremony")
            .body(|_, n| json!({
                "ceremony_id": format!("made-up-{n}"),
                "name": "Key",
                "credential": {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {"clientDataJSON": "e30"}},
            })),
        row("POST /api/v1/me/mfa/passkeys/challenge", 200)
            .on_state(T::Nothing, signed_in(), 409, "only the owners here have passkeys")
            .except(P::Owner(Side::A), 200, "A's owner has the stocked passkey")
            .except(P::Owner(Side::B), 200, "B's owner has the stocked passkey")
            .body(empty),
        row("DELETE /api/v1/me/mfa/passkeys/{id}", 204)
            .on(T::Passkey, recipient())
            .fresh()
            .except(P::PlatformAdmin, 404, "someone else's passkey is not staff's to remove either"),
        row("POST /api/v1/auth/login/passkey", 200)
            .on_state(T::Nothing, public(), 401, "a made-up mfa_token")
            .body(|_, n| json!({"mfa_token": format!("made-up-{n}")})),
        row("GET /api/v1/me", 200).on(T::Nothing, signed_in()),
        row("POST /api/v1/me/password", 204)
            .on(T::Nothing, signed_in())
            .body(|_, _| json!({"current_password": PASSWORD, "new_password": PASSWORD}))
            .ends_sessions(),
        row("GET /api/v1/me/notification-preferences", 200).on(T::Nothing, signed_in()),
        row("PUT /api/v1/me/notification-preferences", 200)
            .on(T::Nothing, signed_in())
            .body(|_, _| json!({"email": "immediate"})),
        // The signed token in the query is the credential; a bearer changes nothing.
        row("GET /api/v1/unsubscribe", 200)
            .on(T::Nothing, public())
            .query(|ids| format!("token={}", ids.unsubscribe)),
        row("POST /api/v1/unsubscribe", 200)
            .on(T::Nothing, public())
            .query(|ids| format!("token={}", ids.unsubscribe)),
        row("GET /api/v1/notifications", 200).on(T::Nothing, signed_in()),
        row("POST /api/v1/notifications/read-all", 204).on(T::Nothing, signed_in()),
        row("POST /api/v1/notifications/{id}/read", 204).on(T::Notification, recipient()),
        // Organisations.
        row("GET /api/v1/organisations", 200).on(T::Nothing, public()),
        row("POST /api/v1/organisations", 201)
            .on(T::Nothing, signed_in())
            .body(|_, n| json!({"name": format!("Matrix Council {n}"), "kind": "local_authority", "region": "north_west", "identifier": format!("GB-COH-9{n:07}"), "service_areas": ["housing"]})),
        row("GET /api/v1/organisations/{id}", 200).on(T::Org, public()),
        row("PATCH /api/v1/organisations/{id}", 200)
            .on(T::Org, manager_of())
            .body(|_, n| json!({"name": format!("Renamed Council {n}")})),
        row("POST /api/v1/organisations/{id}/verify", 200)
            .on(T::Org, platform_admin())
            .body(empty),
        row("GET /api/v1/organisations/{id}/members", 200)
            .on(T::Org, member_of().staff().private()),
        row("POST /api/v1/organisations/{id}/members", 202)
            .on(T::Joinable, manager_of().private().seen_by_staff())
            .body(|ids, _| json!({"email": ids.spare_email, "role": "member"}))
            .fresh(),
        row("DELETE /api/v1/organisations/{id}/members/{user_id}", 204)
            .on(T::Member, manager_of().private().seen_by_staff())
            .fresh(),
        row("PATCH /api/v1/organisations/{id}/members/{user_id}", 200)
            .on(T::Member, manager_of().private().seen_by_staff())
            .except_own(None, P::Admin, 403, "only owners change roles")
            // The spare stays a member (promoted, it would need a second factor to act).
            .body(|_, _| json!({"role": "member"}))
            .fresh(),
        row("GET /api/v1/organisations/{id}/membership-invitations", 200)
            .on(T::Org, manager_of().private().staff()),
        row("DELETE /api/v1/membership-invitations/{id}", 204)
            .on(T::InvitationToJoin, manager_of().private().seen_by_staff())
            .fresh(),
        row("GET /api/v1/me/membership-invitations", 200).on(T::Nothing, signed_in()),
        row("POST /api/v1/me/membership-invitations/{id}/accept", 200)
            .on(T::InvitationForOwner, recipient())
            .body(empty)
            .fresh(),
        row("POST /api/v1/me/membership-invitations/{id}/decline", 204)
            .on(T::InvitationForOwner, recipient())
            .body(empty)
            .fresh(),
        row("GET /api/v1/organisations/{id}/api-keys", 200).on(T::Org, manager_of().private()),
        row("POST /api/v1/organisations/{id}/api-keys", 201)
            .on(T::Org, manager_of().private())
            .body(|_, n| json!({"name": format!("Matrix key {n}"), "scopes": ["ideas:read"]})),
        row("DELETE /api/v1/organisations/{id}/api-keys/{key_id}", 204)
            .on(T::ApiKey, manager_of().private())
            .fresh(),
        row("GET /api/v1/organisations/{id}/webhooks", 200)
            .on(T::Org, manager_of().scope_manages(WM).private()),
        row("POST /api/v1/organisations/{id}/webhooks", 201)
            .on(T::Org, manager_of().scope_manages(WM).private())
            .body(|ids, _| json!({"url": ids.hook_url, "events": ["idea.published"]})),
        row("PATCH /api/v1/webhooks/{id}", 200)
            .on(T::Webhook, manager_of().scope_manages(WM).private())
            .body(|_, _| json!({"active": true})),
        row("DELETE /api/v1/webhooks/{id}", 204)
            .on(T::Webhook, manager_of().scope_manages(WM).private())
            .fresh(),
        // The audit log: an organisation's owners and admins and platform staff; the whole
        // log for staff only.
        row("GET /api/v1/organisations/{id}/audit-log", 200).on(T::Org, manager_of().staff().private()),
        row("GET /api/v1/organisations/{id}/audit-log.csv", 200)
            .on(T::Org, manager_of().staff().private()),
        row("GET /api/v1/admin/audit-log", 200).on(T::Nothing, platform_admin()),
        row("GET /api/v1/admin/audit-log.csv", 200).on(T::Nothing, platform_admin()),
        // Single sign-on: no organisation in this world has set it up (removing none
        // succeeds), and the issuer a caller may save is made up (it cannot be reached).
        row("GET /api/v1/organisations/{id}/sso", 200).on(T::Org, manager_of().staff().private()),
        row("PUT /api/v1/organisations/{id}/sso", 200)
            .on_state(
                T::Org,
                manager_of().private().seen_by_staff(),
                422,
                "`sso_issuer_unreachable`: a made-up issuer",
            )
            .except_own(None, P::Admin, 403, "owners only")
            .body(|_, _| json!({"issuer": "https://127.0.0.1:9", "client_id": "cc2i", "client_secret": "s", "domains": ["council.example"]})),
        row("DELETE /api/v1/organisations/{id}/sso", 204)
            .on(T::Org, manager_of().private().seen_by_staff())
            .except_own(None, P::Admin, 403, "owners only"),
        row("POST /api/v1/auth/sso/start", 200)
            .on_state(T::Nothing, public(), 404, "`sso_not_available`: no provider vouches for the domain")
            .body(|_, n| json!({"email": format!("sso{n}@council.example")})),
        row("GET /api/v1/auth/sso/callback", 303)
            .on(T::Nothing, public())
            .query(|_| "code=made-up&state=made-up".into()),
        row("GET /api/v1/webhooks/{id}/deliveries", 200)
            .on(T::Delivery, manager_of().scope_manages(WM).private()),
        row("POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/retry", 202)
            .on(T::Delivery, manager_of().scope_manages(WM).private())
            .body(empty),
        row("GET /api/v1/organisations/{id}/ideas", 200).on(T::Org, public().scope(IR)),
        row("GET /api/v1/organisations/{id}/pledges", 200)
            .on(T::Org, member_of().scope(PR).staff().private()),
        row("GET /api/v1/organisations/{id}/pledges.csv", 200)
            .on(T::Org, member_of().scope(PR).staff().private()),
        row("GET /api/v1/organisations/{id}/recommendations", 200)
            .on(T::Org, member_of().staff().private()),
        row("GET /api/v1/organisations/{id}/adoptions", 200).on(T::Org, member_of().staff().private()),
        row("GET /api/v1/organisations/{id}/funding-summary", 200)
            .on(T::Org, member_of().staff().private()),
        // Ideas.
        row("GET /api/v1/ideas", 200).on(T::Nothing, public()),
        row("POST /api/v1/ideas", 201)
            .on(T::Org, member_of().scope(IW))
            .body(|ids, n| fixtures::new_idea(&ids.org, &format!("Matrix idea {n}"))),
        row("GET /api/v1/ideas/{id}", 200)
            .on(T::IdeaDraft, DRAFT_READ)
            .on(T::IdeaSubmitted, DRAFT_READ)
            .on(T::IdeaOpen, public().scope(IR)),
        row("PATCH /api/v1/ideas/{id}", 200)
            .on(T::IdeaDraft, DRAFT_WRITE)
            .on_state(T::IdeaOpen, member_of().scope(IW), 409, "only drafts change")
            .body(|_, n| json!({"title": format!("Renamed idea {n}")})),
        row("POST /api/v1/ideas/{id}/submit", 200)
            .on(T::IdeaDraft, DRAFT_WRITE)
            .on_state(T::IdeaOpen, member_of().scope(IW), 409, "only drafts are submitted")
            .body(empty)
            .fresh(),
        row("POST /api/v1/ideas/{id}/publish", 200)
            .on(T::IdeaSubmitted, platform_admin().private())
            .on_state(T::IdeaDraft, platform_admin().private(), 409, "a draft is not in review")
            .body(empty)
            .fresh(),
        row("POST /api/v1/ideas/{id}/request-changes", 200)
            .on(T::IdeaSubmitted, platform_admin().private())
            .body(|_, _| json!({"reason": "Say who will host it."}))
            .fresh(),
        row("POST /api/v1/ideas/{id}/withdraw", 200)
            .on(T::IdeaOpen, manager_of())
            .on_state(T::IdeaDraft, manager_of().private().seen_by_staff(), 409, "a draft is not open")
            .body(empty)
            .fresh(),
        row("POST /api/v1/ideas/{id}/close", 200)
            .on(T::IdeaFullyPledged, manager_of().staff())
            // Closing a closed idea changes nothing, but only for those who may close it.
            .on(T::IdeaFunded, manager_of().staff())
            .on_state(T::IdeaDraft, manager_of().staff().private(), 409, "a draft is not open")
            .body(empty)
            .fresh(),
        row("PUT /api/v1/ideas/{id}/business-case", 201)
            .on(T::IdeaDraft, DRAFT_WRITE)
            .on(T::IdeaOpen, member_of().scope(IW).seen_by_staff())
            .body(|_, _| case_costing(1_000_000)),
        row("GET /api/v1/ideas/{id}/business-case", 200)
            .on(T::IdeaDraft, DRAFT_READ)
            .on(T::IdeaSubmitted, DRAFT_READ)
            .on(T::IdeaOpen, public().scope(IR)),
        row("GET /api/v1/ideas/{id}/business-case/versions", 200)
            .on(T::IdeaDraft, DRAFT_READ)
            .on(T::IdeaOpen, public().scope(IR)),
        row("GET /api/v1/ideas/{id}/business-case/versions/{version}", 200)
            .on(T::IdeaDraft, DRAFT_READ)
            .on(T::IdeaOpen, public().scope(IR)),
        row("GET /api/v1/ideas/{id}/funding", 200)
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE)
            .on(T::IdeaOpen, public()),
        row("GET /api/v1/ideas/{id}/ledger", 200)
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE)
            .on(T::IdeaOpen, public()),
        row("GET /api/v1/ideas/{id}/commitments", 200)
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE)
            .on(T::IdeaFunded, public()),
        row("GET /api/v1/ideas/{id}/ocds", 200).on(T::IdeaFunded, public()),
        row("GET /api/v1/ocds/releases", 200).on(T::Nothing, public()),
        row("GET /api/v1/ideas/{id}/audience", 200).on(T::IdeaOpen, member_of().staff().private())
            .on(T::IdeaDraft, member_of().staff().private()),
        row("GET /api/v1/ideas/{id}/invitations", 200).on(T::IdeaOpen, manager_of().staff().private())
            .on(T::IdeaDraft, manager_of().staff().private()),
        row("POST /api/v1/ideas/{id}/invitations", 201)
            .on(T::IdeaOpen, manager_of())
            .on_state(T::IdeaDraft, manager_of().private().seen_by_staff(), 409, "a draft is not open")
            .body(|ids, _| json!({"organisation_ids": [ids.d]}))
            .fresh(),
        // Pledges.
        row("GET /api/v1/ideas/{id}/pledges", 200)
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE)
            .on(T::IdeaSubmitted, DRAFT_READ_PEOPLE)
            .on(T::IdeaOpen, public()),
        row("GET /api/v1/ideas/{id}/pledges.csv", 200)
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE)
            .on(T::IdeaOpen, public()),
        row("POST /api/v1/ideas/{id}/pledges", 201)
            .on(T::PledgeableIdea, member_of().scope(PW))
            .body(|ids, _| json!({"organisation_id": ids.org, "share_bp": 500, "business_case_version": 1}))
            .fresh(),
        row("GET /api/v1/pledges/{id}", 200)
            .on(T::PledgePending, member_of().scope(PR).staff().private()),
        row("PATCH /api/v1/pledges/{id}", 200)
            .on(T::PledgeActive, PLEDGE_CHANGE)
            .on_state(T::PledgeCommitted, PLEDGE_CHANGE, 409, "it is committed")
            .body(|_, _| json!({"share_bp": 600}))
            .fresh(),
        row("POST /api/v1/pledges/{id}/approve", 200)
            .on(T::PledgePending, PLEDGE_DECIDE)
            .on_state(T::PledgeActive, PLEDGE_DECIDE, 409, "it is active already")
            .except_own(
                Some(T::PledgeActive),
                P::Owner,
                403,
                "the owner made it: a second person approves",
            )
            .body(empty)
            .fresh(),
        row("POST /api/v1/pledges/{id}/reject", 200)
            .on(T::PledgePending, PLEDGE_DECIDE)
            .on_state(T::PledgeCommitted, PLEDGE_DECIDE, 409, "it is committed")
            .body(|_, _| json!({"reason": "Over this year's budget."}))
            .fresh(),
        row("POST /api/v1/pledges/{id}/withdraw", 200)
            .on(T::PledgeActive, PLEDGE_CHANGE)
            .on_state(T::PledgeCommitted, PLEDGE_CHANGE, 409, "it is committed")
            .body(empty)
            .fresh(),
        row("POST /api/v1/pledges/{id}/reconsent", 200)
            .on(T::PledgeReconsent, manager_of().private().seen_by_staff())
            .on_state(T::PledgeActive, manager_of().private().seen_by_staff(), 409, "it needs no re-consent")
            .body(|_, _| json!({"business_case_version": 2}))
            .fresh(),
        // Discussion.
        row("GET /api/v1/ideas/{id}/questions", 200).on(T::IdeaOpen, public())
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE),
        row("POST /api/v1/ideas/{id}/questions", 201)
            .on(T::IdeaOpen, funder_member())
            // Only its proposer and platform admins see a draft, and neither may ask.
            .on_state(T::IdeaDraft, DRAFT_CHANGE, 403, "the proposer never asks")
            .body(|_, n| json!({"body": format!("Can we host it ourselves? ({n})")})),
        row("POST /api/v1/questions/{id}/answer", 200)
            .on(T::Question, member_of())
            .body(|_, _| json!({"body": "Yes: it is open source."}))
            .fresh(),
        row("GET /api/v1/ideas/{id}/updates", 200).on(T::IdeaOpen, public())
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE),
        row("POST /api/v1/ideas/{id}/updates", 201)
            .on(T::IdeaOpen, manager_of())
            .on_state(T::IdeaDraft, manager_of().private().seen_by_staff(), 409, "a draft is not published")
            .body(|_, n| json!({"title": format!("Progress {n}"), "body": "Discovery is done.", "audience": "public"})),
        row("GET /api/v1/ideas/{id}/follow", 200).on(T::IdeaOpen, signed_in())
            .on(T::IdeaDraft, member_of().staff().private()),
        row("POST /api/v1/ideas/{id}/follow", 200)
            .on(T::IdeaOpen, signed_in())
            .on(T::IdeaDraft, member_of().staff().private())
            .body(empty),
        row("DELETE /api/v1/ideas/{id}/follow", 200).on(T::IdeaOpen, signed_in())
            .on(T::IdeaDraft, member_of().staff().private()),
        row("POST /api/v1/reports", 201)
            .on(T::Question, signed_in())
            .body(|ids, _| json!({"target_type": "question", "target_id": ids.params["id"], "reason": "Advertising."}))
            .fresh(),
        row("GET /api/v1/admin/moderation", 200).on(T::Nothing, platform_admin()),
        row("POST /api/v1/admin/moderation/{target_type}/{target_id}", 200)
            .on(T::Question, platform_admin())
            .body(|_, _| json!({"action": "hide", "reason": "Advertising."}))
            .fresh(),
        row("GET /api/v1/admin/review-queue", 200).on(T::Nothing, platform_admin()),
        // Staff only; the spare account has no second factor to reset.
        row("POST /api/v1/admin/mfa-resets", 201)
            .on_state(T::Nothing, platform_admin(), 409, "the spare account has no app")
            .body(|ids, _| {
                json!({"email": ids.spare_email, "reason": "Lost phone; identity checked by video"})
            }),
        row("POST /api/v1/admin/jobs/run", 200)
            .on(T::Nothing, platform_admin())
            .body(empty),
        row("PUT /api/v1/admin/test-clock", 200)
            .on(T::Nothing, platform_admin())
            .body(|_, _| json!({"now": chrono::Utc::now().to_rfc3339()})),
        // Backlog.
        row("GET /api/v1/ideas/{id}/requirements", 200).on(T::IdeaDelivery, public())
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE),
        row("POST /api/v1/ideas/{id}/requirements", 201)
            .on(T::IdeaDelivery, member_of_either())
            .on_state(T::IdeaDraft, DRAFT_CHANGE, 409, "a draft has no backlog")
            .body(|_, n| fixtures::new_requirement(&format!("Matrix need {n}"))),
        row("PATCH /api/v1/ideas/{id}/voting-model", 200)
            .on(T::IdeaOpen, manager_of())
            .on(T::IdeaDraft, manager_of().private().seen_by_staff())
            .body(|_, _| json!({"voting_model": "share_weighted"})),
        row("GET /api/v1/requirements/{id}", 200).on(T::Requirement, public()),
        row("PATCH /api/v1/requirements/{id}", 200)
            .on(T::Requirement, manager_of())
            .body(|_, _| json!({"status": "planned", "note": "Next sprint."}))
            .fresh(),
        row("POST /api/v1/requirements/{id}/votes", 201)
            .on(T::Requirement, funder_member())
            .on_state(T::Vote, funder_member(), 409, "the other side has voted already")
            .body(|ids, _| json!({"organisation_id": ids.other}))
            .fresh(),
        row("DELETE /api/v1/requirements/{id}/votes/{organisation_id}", 200)
            .on(T::Vote, funder_member())
            .fresh(),
        // Delivery.
        row("POST /api/v1/ideas/{id}/start-delivery", 200)
            .on(T::IdeaFunded, manager_of())
            .on_state(T::IdeaDelivery, manager_of(), 409, "it is in delivery already")
            .on_state(T::IdeaDraft, manager_of().private().seen_by_staff(), 409, "a draft is not funded")
            .body(empty)
            .fresh(),
        row("GET /api/v1/ideas/{id}/milestones", 200).on(T::IdeaDelivery, public())
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE),
        row("POST /api/v1/ideas/{id}/milestones", 201)
            .on(T::IdeaDelivery, manager_of())
            .on_state(T::IdeaDraft, manager_of().private().seen_by_staff(), 409, "a draft is not funded")
            .body(|_, n| json!({"title": format!("Matrix milestone {n}"), "description": "Planned.", "due_date": "2027-06-30", "payment_bp": 100})),
        row("GET /api/v1/milestones/{id}", 200).on(T::MilestonePlanned, public()),
        row("POST /api/v1/milestones/{id}/submit", 200)
            .on(T::MilestonePlanned, manager_of())
            .on_state(T::MilestoneSubmitted, manager_of(), 409, "it is submitted already")
            .body(|_, _| json!({"evidence": "Live at https://repairs.example.gov.uk."}))
            .fresh(),
        row("POST /api/v1/milestones/{id}/acceptances", 201)
            .on(T::MilestoneSubmitted, funder_manager())
            .on_state(T::MilestonePlanned, funder_manager(), 409, "it is not submitted")
            .body(|ids, _| json!({"organisation_id": ids.other, "decision": "accept"}))
            .fresh(),
        // Re-use.
        row("GET /api/v1/catalogue", 200).on(T::Nothing, public()),
        row("GET /api/v1/ideas/{id}/adoptions", 200).on(T::AdoptableIdea, public())
            .on(T::IdeaDraft, DRAFT_READ_PEOPLE),
        row("POST /api/v1/ideas/{id}/adoptions", 201)
            .on(T::AdoptableIdea, manager_of())
            .body(|ids, _| json!({"organisation_id": ids.org}))
            .fresh(),
        row("GET /api/v1/adoptions/{id}", 200)
            .on(T::AdoptionPending, member_of().staff().private().anon_outsider().key_as_public()),
        row("POST /api/v1/adoptions/{id}/approve", 200)
            .on(T::AdoptionPending, manager_of().private().seen_by_staff())
            .on_state(T::AdoptionApproved, manager_of().private().seen_by_staff(), 409, "it is approved already")
            .body(empty)
            .fresh()
            .except_own(
                None,
                P::Admin,
                403,
                "the admin asked for it: another person approves",
            ),
        row("POST /api/v1/adoptions/{id}/reject", 200)
            .on(T::AdoptionPending, manager_of().private().seen_by_staff())
            .on_state(T::AdoptionApproved, manager_of().private().seen_by_staff(), 409, "it is approved already")
            .body(|_, _| json!({"reason": "Not this year."}))
            .fresh(),
    ]
}
