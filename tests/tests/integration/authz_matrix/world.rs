//! The world the matrix runs in: organisations A and B with an owner, an admin and a member
//! each, API keys of A, a platform admin, and for each of A and B one resource of every
//! kind a path can name. Mutating requests by permitted callers get fresh resources
//! ([`World::fresh`]) so no row changes what a later row sees.

use std::collections::HashMap;

use cc2i_shared::idea::Idea;
use cc2i_shared::Organisation;
use cc2i_tests::funded::case_costing;
use cc2i_tests::receiver::Receiver;
use cc2i_tests::{fixtures, Session, TestApp, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

/// Which of the two organisations owns the resource, or which one a person belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    A,
    B,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

/// What a path's parameters name. Each exists once for A and once for B in the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// No path parameter (the body may still name the organisation).
    Nothing,
    Org,
    /// The organisation, without the spare user as a member.
    Joinable,
    IdeaDraft,
    IdeaSubmitted,
    IdeaOpen,
    /// Open, pledged in full by the other side and D.
    IdeaFullyPledged,
    /// Funded by the other side and D: status `funded` (not yet in delivery).
    IdeaFunded,
    /// Funded by the other side and D, in delivery.
    IdeaDelivery,
    /// A version of the draft's business case.
    CaseVersion,
    /// An open idea of C (no pledge of the side on it); the body names the side.
    PledgeableIdea,
    /// A delivered idea of C the side neither funded nor proposed.
    AdoptableIdea,
    PledgePending,
    PledgeActive,
    PledgeReconsent,
    /// The side's pledge (by its owner) on the other side's funded idea.
    PledgeCommitted,
    AdoptionPending,
    /// Asked for by the side's admin and approved by its owner.
    AdoptionApproved,
    Member,
    ApiKey,
    Webhook,
    Delivery,
    Notification,
    /// A browser session of the side's owner.
    Session,
    /// A passkey of the side's owner.
    Passkey,
    /// The side's invitation to the spare to join, waiting for an answer.
    InvitationToJoin,
    /// C's invitation to the side's owner to join C, waiting for an answer.
    InvitationForOwner,
    Question,
    Requirement,
    /// The other side's vote on a requirement of the side's idea.
    Vote,
    MilestonePlanned,
    MilestoneSubmitted,
}

/// The values of a request's path parameters and what bodies refer to.
#[derive(Clone, Debug, Default)]
pub struct Ids {
    pub params: HashMap<&'static str, String>,
    /// The owning side's organisation.
    pub org: String,
    /// The other side's organisation (the funder of the side's funded ideas).
    pub other: String,
    /// Organisation D (funds every funded idea, neither A nor B).
    pub d: String,
    /// A registered user the rows add to and remove from organisations.
    pub spare_email: String,
    /// Where a new webhook may point.
    pub hook_url: String,
    /// A valid unsubscribe token (set when the request is made).
    pub unsubscribe: String,
}

/// A user and the organisation sides.
pub struct Party {
    pub org: Organisation,
    pub owner: Session,
    pub admin: Session,
    pub member: Session,
    pub stock: HashMap<Target, Ids>,
}

pub struct World {
    pub app: TestApp,
    pub staff: String,
    pub a: Party,
    pub b: Party,
    /// Owner of C (proposes neutral ideas) and D (funds).
    pub c_owner: Session,
    /// Someone added to A or B to be removed.
    pub spare: Session,
    pub c: Organisation,
    pub d: Organisation,
    /// A's API key with every scope.
    pub key_all: String,
    /// A's API keys each lacking one scope, by the scope they lack.
    pub key_without: HashMap<&'static str, String>,
    pub receiver: Receiver,
    /// A valid unsubscribe token of A's owner.
    pub unsubscribe: String,
}

/// Every scope a key can have.
pub const SCOPES: [&str; 5] = [
    "ideas:read",
    "ideas:write",
    "pledges:read",
    "pledges:write",
    "webhooks:manage",
];

const LIMIT_PENCE: i64 = 1_000_000;

/// Sends a request expecting `want`; returns the body.
pub async fn must(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Value,
    want: u16,
) -> Value {
    let res = app
        .client
        .request(method.clone(), format!("{}{path}", app.base))
        .bearer_auth(token)
        .header(
            "idempotency-key",
            format!("authz-setup-key-{:08}", app.next()),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    assert_eq!(status, want, "setup {method} {path}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_string()
}

impl World {
    pub async fn build() -> World {
        let app = TestApp::spawn_with(&[
            ("CC2I_TEST_CLOCK", "1"),
            ("CC2I_WEBHOOK_ALLOW_PRIVATE", "1"),
        ])
        .await;
        let receiver = Receiver::start().await;
        let staff = app.admin().await;
        let c_owner = app.user().await;
        let c = app.funder(&c_owner, 100_000_000_000).await;
        let d = app.funder(&c_owner, 100_000_000_000).await;
        // Signs in with a password alone (no second factor).
        let spare = app.user_without_factor().await;
        let a = Self::new_party(&app).await;
        let b = Self::new_party(&app).await;
        let mut key_without = HashMap::new();
        let key_all = Self::key(&app, &a, &SCOPES).await;
        for lacking in SCOPES {
            let scopes: Vec<&str> = SCOPES.into_iter().filter(|s| *s != lacking).collect();
            key_without.insert(lacking, Self::key(&app, &a, &scopes).await);
        }
        let mut world = World {
            app,
            staff,
            a,
            b,
            c_owner,
            spare,
            c,
            d,
            key_all,
            key_without,
            receiver,
            unsubscribe: String::new(),
        };
        for side in [Side::A, Side::B] {
            for target in STOCKED {
                let ids = world.make(target, side).await;
                world.party_mut(side).stock.insert(target, ids);
            }
        }
        world
    }

    async fn new_party(app: &TestApp) -> Party {
        let owner = app.user().await;
        let org = app.funder(&owner, LIMIT_PENCE).await;
        let admin = app.user().await;
        let member = app.user().await;
        app.add_member(&owner, &org, &admin, "admin").await;
        app.add_member(&owner, &org, &member, "member").await;
        // Emailed at once, so the owner has an unsubscribe link to use.
        must(
            app,
            Method::PUT,
            "/api/v1/me/notification-preferences",
            &owner.token,
            json!({"email": "immediate"}),
            200,
        )
        .await;
        Party {
            org,
            owner,
            admin,
            member,
            stock: HashMap::new(),
        }
    }

    async fn key(app: &TestApp, party: &Party, scopes: &[&str]) -> String {
        let made = must(
            app,
            Method::POST,
            &format!("/api/v1/organisations/{}/api-keys", party.org.id),
            &party.owner.token,
            json!({"name": format!("Finance system {}", app.next()), "scopes": scopes}),
            201,
        )
        .await;
        made["key"].as_str().unwrap().to_string()
    }

    pub fn party(&self, side: Side) -> &Party {
        match side {
            Side::A => &self.a,
            Side::B => &self.b,
        }
    }

    fn party_mut(&mut self, side: Side) -> &mut Party {
        match side {
            Side::A => &mut self.a,
            Side::B => &mut self.b,
        }
    }

    /// The world's resource of this kind owned by `side`.
    pub fn stock(&self, target: Target, side: Side) -> Ids {
        self.party(side)
            .stock
            .get(&target)
            .cloned()
            .unwrap_or_else(|| panic!("{target:?} is not stocked"))
    }

    /// A new resource of this kind owned by `side`, for a request that may change it.
    pub async fn fresh(&self, target: Target, side: Side) -> Ids {
        self.make(target, side).await
    }

    /// Signs every person in again (after a row that ends their sessions).
    pub async fn sign_in_again(&mut self) {
        for side in [Side::A, Side::B] {
            let app = &self.app;
            let party = match side {
                Side::A => &mut self.a,
                Side::B => &mut self.b,
            };
            for who in [&mut party.owner, &mut party.admin, &mut party.member] {
                who.token = app.login(&who.user.email, PASSWORD).await;
            }
        }
        self.app.forget_admin_token();
        self.staff = self.app.admin().await;
    }

    async fn post(&self, path: &str, token: &str, body: Value, want: u16) -> Value {
        must(&self.app, Method::POST, path, token, body, want).await
    }

    /// A draft idea of `org` (by `who`) with a business case costing `cost`.
    async fn draft(&self, who: &Session, org: &str, cost: i64, min_pledgers: i32) -> String {
        let mut body = fixtures::new_idea(org, &format!("Shared service {}", self.app.next()));
        body["min_pledgers"] = json!(min_pledgers);
        let idea = id(&self.post("/api/v1/ideas", &who.token, body, 201).await);
        must(
            &self.app,
            Method::PUT,
            &format!("/api/v1/ideas/{idea}/business-case"),
            &who.token,
            case_costing(cost),
            201,
        )
        .await;
        idea
    }

    async fn act(&self, token: &str, idea: &str, action: &str) {
        self.post(
            &format!("/api/v1/ideas/{idea}/{action}"),
            token,
            json!({}),
            200,
        )
        .await;
    }

    async fn open(&self, who: &Session, org: &str, cost: i64, min_pledgers: i32) -> String {
        let idea = self.draft(who, org, cost, min_pledgers).await;
        self.act(&who.token, &idea, "submit").await;
        self.act(&self.staff, &idea, "publish").await;
        idea
    }

    async fn pledge(&self, who: &Session, idea: &str, org: &str, share_bp: i64) -> String {
        let got: Idea = serde_json::from_value(
            must(
                &self.app,
                Method::GET,
                &format!("/api/v1/ideas/{idea}"),
                &who.token,
                Value::Null,
                200,
            )
            .await,
        )
        .unwrap();
        id(&self
            .post(
                &format!("/api/v1/ideas/{idea}/pledges"),
                &who.token,
                json!({"organisation_id": org, "share_bp": share_bp, "business_case_version": got.business_case_version}),
                201,
            )
            .await)
    }

    /// An open idea of `side` pledged in full by the other side's owner and D.
    async fn at_target(&self, side: Side) -> String {
        let party = self.party(side);
        let other = self.party(side.other());
        let idea = self.open(&party.owner, &party.org.id, 1_000_000, 2).await;
        self.pledge(&other.owner, &idea, &other.org.id, 5000).await;
        self.pledge(&self.c_owner, &idea, &self.d.id, 5000).await;
        idea
    }

    /// That idea, funded.
    async fn funded(&self, side: Side) -> String {
        let idea = self.at_target(side).await;
        self.act(&self.staff, &idea, "close").await;
        idea
    }

    async fn in_delivery(&self, side: Side) -> String {
        let idea = self.funded(side).await;
        self.act(&self.party(side).owner.token, &idea, "start-delivery")
            .await;
        idea
    }

    async fn milestone(&self, side: Side, idea: &str) -> String {
        id(&self
            .post(
                &format!("/api/v1/ideas/{idea}/milestones"),
                &self.party(side).owner.token,
                json!({"title": format!("Beta {}", self.app.next()), "description": "Shown to the funders' board.", "due_date": "2027-06-30", "payment_bp": 100}),
                201,
            )
            .await)
    }

    async fn requirement(&self, side: Side, idea: &str) -> String {
        id(&self
            .post(
                &format!("/api/v1/ideas/{idea}/requirements"),
                &self.party(side).owner.token,
                fixtures::new_requirement(&format!("Photo upload {}", self.app.next())),
                201,
            )
            .await)
    }

    /// The side's (cached) idea in delivery, made once.
    async fn delivery_idea(&self, side: Side) -> String {
        match self.party(side).stock.get(&Target::IdeaDelivery) {
            Some(ids) => ids.params["id"].clone(),
            None => self.in_delivery(side).await,
        }
    }

    /// A delivered idea of C, funded by D alone.
    async fn delivered(&self) -> String {
        let c_owner = &self.c_owner;
        let idea = self.open(c_owner, &self.c.id, 100_000_000, 1).await;
        self.pledge(c_owner, &idea, &self.d.id, 10_000).await;
        self.act(&self.staff, &idea, "close").await;
        self.act(&c_owner.token, &idea, "start-delivery").await;
        let m = id(&self
            .post(
                &format!("/api/v1/ideas/{idea}/milestones"),
                &c_owner.token,
                json!({"title": "Live service", "description": "All of it.", "due_date": "2027-06-30", "payment_bp": 10_000}),
                201,
            )
            .await);
        self.post(
            &format!("/api/v1/milestones/{m}/submit"),
            &c_owner.token,
            json!({"evidence": "Live at https://repairs.example.gov.uk."}),
            200,
        )
        .await;
        self.post(
            &format!("/api/v1/milestones/{m}/acceptances"),
            &c_owner.token,
            json!({"organisation_id": self.d.id, "decision": "accept"}),
            201,
        )
        .await;
        idea
    }

    /// Withdraws `org`'s pending invitations to `user_id` (as `manager`).
    async fn withdraw_invitations(&self, org: &str, manager: &Session, user_id: &str) {
        let list = must(
            &self.app,
            Method::GET,
            &format!("/api/v1/organisations/{org}/membership-invitations"),
            &manager.token,
            Value::Null,
            200,
        )
        .await;
        for invitation in list.as_array().into_iter().flatten() {
            if invitation["user_id"] == user_id {
                let path = format!("/api/v1/membership-invitations/{}", id(invitation));
                must(
                    &self.app,
                    Method::DELETE,
                    &path,
                    &manager.token,
                    Value::Null,
                    204,
                )
                .await;
            }
        }
    }

    async fn make(&self, target: Target, side: Side) -> Ids {
        let party = self.party(side);
        let other = self.party(side.other());
        let org = party.org.id.clone();
        let one = |v: String| HashMap::from([("id", v)]);
        let params: HashMap<&'static str, String> = match target {
            Target::Nothing => HashMap::new(),
            Target::Org => one(org.clone()),
            Target::Joinable => {
                let path = format!("/api/v1/organisations/{org}/members/{}", self.spare.user.id);
                let status = self
                    .app
                    .delete(&path, Some(&party.owner.token))
                    .await
                    .status();
                assert!(status == 204 || status == 404, "remove the spare: {status}");
                self.withdraw_invitations(&org, &party.owner, &self.spare.user.id)
                    .await;
                one(org.clone())
            }
            Target::InvitationToJoin => {
                // Someone new each time, whom no other row invites or removes.
                let invitee = self.app.user_without_factor().await;
                let invitation = self
                    .post(
                        &format!("/api/v1/organisations/{org}/members"),
                        &party.owner.token,
                        json!({"email": invitee.user.email, "role": "member"}),
                        202,
                    )
                    .await;
                one(id(&invitation))
            }
            Target::InvitationForOwner => {
                let (c, owner) = (self.c.id.clone(), &party.owner.user);
                let path = format!("/api/v1/organisations/{c}/members/{}", owner.id);
                let status = self
                    .app
                    .delete(&path, Some(&self.c_owner.token))
                    .await
                    .status();
                assert!(
                    status == 204 || status == 404,
                    "remove the owner from C: {status}"
                );
                self.withdraw_invitations(&c, &self.c_owner, &owner.id)
                    .await;
                let invitation = self
                    .post(
                        &format!("/api/v1/organisations/{c}/members"),
                        &self.c_owner.token,
                        json!({"email": owner.email, "role": "member"}),
                        202,
                    )
                    .await;
                one(id(&invitation))
            }
            Target::IdeaDraft => one(self.draft(&party.owner, &org, 1_000_000, 2).await),
            Target::CaseVersion => {
                let idea = self.draft(&party.owner, &org, 1_000_000, 2).await;
                HashMap::from([("id", idea), ("version", "1".to_string())])
            }
            Target::IdeaSubmitted => {
                let idea = self.draft(&party.owner, &org, 1_000_000, 2).await;
                self.act(&party.owner.token, &idea, "submit").await;
                one(idea)
            }
            Target::IdeaOpen => one(self.open(&party.owner, &org, 1_000_000, 2).await),
            Target::IdeaFullyPledged => one(self.at_target(side).await),
            Target::IdeaFunded => one(self.funded(side).await),
            Target::IdeaDelivery => one(self.in_delivery(side).await),
            Target::PledgeableIdea => {
                one(self.open(&self.c_owner, &self.c.id, 15_000_000, 2).await)
            }
            Target::AdoptableIdea => one(self.delivered().await),
            Target::PledgePending => {
                let idea = self.open(&self.c_owner, &self.c.id, 15_000_000, 2).await;
                one(self.pledge(&party.member, &idea, &org, 500).await)
            }
            Target::PledgeActive => {
                let idea = self.open(&self.c_owner, &self.c.id, 15_000_000, 2).await;
                one(self.pledge(&party.owner, &idea, &org, 500).await)
            }
            Target::PledgeReconsent => {
                let idea = self.open(&self.c_owner, &self.c.id, 15_000_000, 2).await;
                let pledge = self.pledge(&party.owner, &idea, &org, 500).await;
                must(
                    &self.app,
                    Method::PUT,
                    &format!("/api/v1/ideas/{idea}/business-case"),
                    &self.c_owner.token,
                    case_costing(16_000_000),
                    201,
                )
                .await;
                one(pledge)
            }
            Target::PledgeCommitted => {
                let idea = self.open(&other.owner, &other.org.id, 1_000_000, 2).await;
                let pledge = self.pledge(&party.owner, &idea, &org, 5000).await;
                self.pledge(&self.c_owner, &idea, &self.d.id, 5000).await;
                self.act(&self.staff, &idea, "close").await;
                one(pledge)
            }
            Target::AdoptionPending | Target::AdoptionApproved => {
                let idea = self.delivered().await;
                let adoption = self
                    .post(
                        &format!("/api/v1/ideas/{idea}/adoptions"),
                        &party.admin.token,
                        json!({"organisation_id": org}),
                        201,
                    )
                    .await;
                let adoption = id(&adoption);
                if target == Target::AdoptionApproved {
                    self.post(
                        &format!("/api/v1/adoptions/{adoption}/approve"),
                        &party.owner.token,
                        json!({}),
                        200,
                    )
                    .await;
                }
                one(adoption)
            }
            Target::Member => {
                self.withdraw_invitations(&org, &party.owner, &self.spare.user.id)
                    .await;
                let res = self
                    .app
                    .post(
                        &format!("/api/v1/organisations/{org}/members"),
                        Some(&party.owner.token),
                        json!({"email": self.spare.user.email, "role": "member"}),
                    )
                    .await;
                let status = res.status().as_u16();
                assert!(status == 202 || status == 409, "invite the spare: {status}");
                if status == 202 {
                    let invitation: Value = res.json().await.unwrap();
                    self.post(
                        &format!(
                            "/api/v1/me/membership-invitations/{}/accept",
                            invitation["id"].as_str().unwrap()
                        ),
                        &self.spare.token,
                        json!({}),
                        200,
                    )
                    .await;
                }
                HashMap::from([("id", org.clone()), ("user_id", self.spare.user.id.clone())])
            }
            Target::ApiKey => {
                let made = self
                    .post(
                        &format!("/api/v1/organisations/{org}/api-keys"),
                        &party.owner.token,
                        json!({"name": format!("Spare {}", self.app.next()), "scopes": ["ideas:read"]}),
                        201,
                    )
                    .await;
                HashMap::from([("id", org.clone()), ("key_id", id(&made))])
            }
            Target::Webhook | Target::Delivery => {
                let hook = self
                    .post(
                        &format!("/api/v1/organisations/{org}/webhooks"),
                        &party.owner.token,
                        json!({"url": self.receiver.url(&format!("/hook/{}", self.app.next())), "events": ["pledge.created"]}),
                        201,
                    )
                    .await;
                let hook = id(&hook["webhook"]);
                if target == Target::Webhook {
                    one(hook)
                } else {
                    let idea = self.open(&self.c_owner, &self.c.id, 15_000_000, 2).await;
                    self.pledge(&party.member, &idea, &org, 500).await;
                    let page = must(
                        &self.app,
                        Method::GET,
                        &format!("/api/v1/webhooks/{hook}/deliveries"),
                        &party.owner.token,
                        Value::Null,
                        200,
                    )
                    .await;
                    let delivery = page["items"][0]["id"]
                        .as_str()
                        .unwrap_or_else(|| panic!("a delivery: {page}"))
                        .to_string();
                    HashMap::from([("id", hook), ("delivery_id", delivery)])
                }
            }
            Target::Notification => {
                let idea = self.open(&party.owner, &org, 1_000_000, 2).await;
                self.post(
                    &format!("/api/v1/ideas/{idea}/questions"),
                    &other.owner.token,
                    json!({"body": "Does it work with our housing system?"}),
                    201,
                )
                .await;
                let feed = must(
                    &self.app,
                    Method::GET,
                    "/api/v1/notifications",
                    &party.owner.token,
                    Value::Null,
                    200,
                )
                .await;
                one(feed["items"][0]["id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("a notification: {feed}"))
                    .to_string())
            }
            Target::Session => {
                let email = &party.owner.user.email;
                let first = self
                    .post(
                        "/api/v1/auth/session",
                        "",
                        json!({"email": email, "password": cc2i_tests::PASSWORD}),
                        401,
                    )
                    .await;
                let code = self.app.totp_code(email).await;
                self.post(
                    "/api/v1/auth/session/mfa",
                    "",
                    json!({"mfa_token": first["mfa_token"], "code": code}),
                    200,
                )
                .await;
                let list = must(
                    &self.app,
                    Method::GET,
                    "/api/v1/me/sessions",
                    &party.owner.token,
                    Value::Null,
                    200,
                )
                .await;
                one(list[0]["id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("a session: {list}"))
                    .to_string())
            }
            Target::Passkey => {
                let mut key = cc2i_tests::passkeys::SoftKey::default();
                let added = self
                    .app
                    .add_passkey(&party.owner.token, &mut key, "Matrix key")
                    .await;
                one(added.passkey.id)
            }
            Target::Question => {
                let idea = self.open(&party.owner, &org, 1_000_000, 2).await;
                let q = self
                    .post(
                        &format!("/api/v1/ideas/{idea}/questions"),
                        &other.owner.token,
                        json!({"body": "Does it work with our housing system?"}),
                        201,
                    )
                    .await;
                one(id(&q))
            }
            Target::Requirement => {
                let idea = self.delivery_idea(side).await;
                one(self.requirement(side, &idea).await)
            }
            Target::Vote => {
                let idea = self.delivery_idea(side).await;
                let req = self.requirement(side, &idea).await;
                self.post(
                    &format!("/api/v1/requirements/{req}/votes"),
                    &other.owner.token,
                    json!({"organisation_id": other.org.id}),
                    201,
                )
                .await;
                HashMap::from([("id", req), ("organisation_id", other.org.id.clone())])
            }
            Target::MilestonePlanned => {
                let idea = self.delivery_idea(side).await;
                one(self.milestone(side, &idea).await)
            }
            Target::MilestoneSubmitted => {
                let idea = self.delivery_idea(side).await;
                let m = self.milestone(side, &idea).await;
                self.post(
                    &format!("/api/v1/milestones/{m}/submit"),
                    &party.owner.token,
                    json!({"evidence": "Live at https://repairs.example.gov.uk."}),
                    200,
                )
                .await;
                one(m)
            }
        };
        Ids {
            params,
            org,
            other: other.org.id.clone(),
            d: self.d.id.clone(),
            spare_email: self.spare.user.email.clone(),
            hook_url: self.receiver.url(&format!("/hook/{}", self.app.next())),
            unsubscribe: String::new(),
        }
    }
}

/// What the world holds for each side (IdeaDelivery first: later kinds reuse it).
const STOCKED: [Target; 32] = [
    Target::IdeaDelivery,
    Target::Nothing,
    Target::Org,
    Target::IdeaDraft,
    Target::IdeaSubmitted,
    Target::IdeaOpen,
    Target::IdeaFullyPledged,
    Target::IdeaFunded,
    Target::CaseVersion,
    Target::PledgeableIdea,
    Target::AdoptableIdea,
    Target::PledgePending,
    Target::PledgeActive,
    Target::PledgeReconsent,
    Target::PledgeCommitted,
    Target::AdoptionPending,
    Target::AdoptionApproved,
    Target::Joinable,
    Target::Member,
    Target::ApiKey,
    Target::Webhook,
    Target::Delivery,
    Target::Notification,
    Target::Session,
    Target::Passkey,
    Target::InvitationToJoin,
    Target::InvitationForOwner,
    Target::Question,
    Target::Requirement,
    Target::Vote,
    Target::MilestonePlanned,
    Target::MilestoneSubmitted,
];
