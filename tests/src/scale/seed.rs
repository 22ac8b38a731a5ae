//! What the load needs, made through the API: funder organisations (each with an owner who
//! may pledge alone and a member whose pledges need the owner's approval), a webhook per
//! organisation to the local receiver, people emailed at once, and open ideas, some due to
//! close during the run.

use chrono::{Duration as Span, Utc};
use reqwest::{Client, Method};
use serde_json::{json, Value};

use super::http::must;
use crate::fixtures::{business_case, new_idea};
use crate::receiver::Receiver;
use crate::{ADMIN_EMAIL, PASSWORD};
use cc2i_shared::webhook::WebhookEventType;

/// A funder organisation and its people.
#[derive(Debug, Clone)]
pub struct Funder {
    /// The organisation.
    pub org_id: String,
    /// Its owner's token (pledges go live at once: self-approval covers them).
    pub owner: String,
    /// A member's token (pledges wait for the owner's approval).
    pub maker: String,
}

/// An open idea.
#[derive(Debug, Clone)]
pub struct OpenIdea {
    /// Its id.
    pub id: String,
    /// The business-case version pledges accept.
    pub version: i64,
    /// Whether its deadline falls during the run.
    pub due: bool,
}

/// Everything seeded.
#[derive(Debug, Clone)]
pub struct World {
    /// The platform admin's token.
    pub admin: String,
    /// The funders.
    pub funders: Vec<Funder>,
    /// The open ideas.
    pub ideas: Vec<OpenIdea>,
}

/// How much to seed.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Funder organisations.
    pub funders: usize,
    /// Ideas open for the whole run.
    pub lasting: usize,
    /// Ideas whose deadlines fall `first_due_secs` and then every `due_every_secs` later.
    pub due: usize,
    /// Seconds from the end of seeding to the first due deadline.
    pub first_due_secs: i64,
    /// Seconds between due deadlines.
    pub due_every_secs: i64,
    /// Give each organisation a webhook and its people immediate email.
    pub notify: bool,
}

async fn person(
    client: &Client,
    base: &str,
    dirs: &[std::path::PathBuf],
    email: &str,
    immediate: bool,
) -> String {
    must(
        client,
        base,
        Method::POST,
        "/api/v1/auth/register",
        None,
        json!({"email": email, "password": PASSWORD, "display_name": "Scale Tester"}),
        202,
    )
    .await;
    crate::accounts::confirm_email(client, base, dirs, email).await;
    let token = sign_in(client, base, email).await;
    if immediate {
        must(
            client,
            base,
            Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(&token),
            json!({"email": "immediate"}),
            200,
        )
        .await;
    }
    token
}

/// Signs in and returns an access token that stepped up just now (adding an authenticator
/// app first: owners of verified organisations and platform staff must have one).
pub async fn sign_in(client: &Client, base: &str, email: &str) -> String {
    let accounts = crate::factors::Accounts::new(client, base);
    let token = accounts.sign_in(email, PASSWORD).await;
    accounts.stepped_up(email, &token).await
}

async fn funder(
    client: &Client,
    base: &str,
    dirs: &[std::path::PathBuf],
    admin: &str,
    i: usize,
    notify: bool,
    receiver: Option<&Receiver>,
) -> Funder {
    // Owners are emailed at once; members keep the default daily digest.
    let owner = person(
        client,
        base,
        dirs,
        &format!("owner{i}@scale.example"),
        notify,
    )
    .await;
    let maker = person(
        client,
        base,
        dirs,
        &format!("maker{i}@scale.example"),
        false,
    )
    .await;
    let org = must(
        client,
        base,
        Method::POST,
        "/api/v1/organisations",
        Some(&owner),
        json!({"name": format!("Scale Borough Council {i}"), "kind": "local_authority", "region": "north_west", "identifier": format!("GB-COH-{:08}", 91_000_000 + i)}),
        201,
    )
    .await;
    let org_id = org["id"].as_str().expect("org id").to_string();
    let path = format!("/api/v1/organisations/{org_id}");
    must(
        client,
        base,
        Method::POST,
        &format!("{path}/verify"),
        Some(admin),
        json!({}),
        200,
    )
    .await;
    must(
        client,
        base,
        Method::PATCH,
        &path,
        Some(&owner),
        json!({"self_approval_limit_pence": 100_000_000_000_i64}),
        200,
    )
    .await;
    // The maker joins by accepting the owner's invitation.
    let invitation = must(
        client,
        base,
        Method::POST,
        &format!("{path}/members"),
        Some(&owner),
        json!({"email": format!("maker{i}@scale.example"), "role": "member"}),
        202,
    )
    .await;
    must(
        client,
        base,
        Method::POST,
        &format!(
            "/api/v1/me/membership-invitations/{}/accept",
            invitation["id"].as_str().expect("an invitation id")
        ),
        Some(&maker),
        json!({}),
        200,
    )
    .await;
    if let Some(receiver) = receiver {
        let events: Vec<&str> = WebhookEventType::ALL.iter().map(|t| t.code()).collect();
        must(
            client,
            base,
            Method::POST,
            &format!("{path}/webhooks"),
            Some(&owner),
            json!({"url": receiver.url(&format!("/hooks/{org_id}")), "events": events}),
            201,
        )
        .await;
    }
    Funder {
        org_id,
        owner,
        maker,
    }
}

async fn idea(
    client: &Client,
    base: &str,
    admin: &str,
    proposer: &Funder,
    title: String,
    deadline: Option<chrono::DateTime<Utc>>,
    max_total_bp: i64,
) -> OpenIdea {
    let mut body = new_idea(&proposer.org_id, &title);
    if let Some(deadline) = deadline {
        body["deadline"] = json!(deadline.to_rfc3339());
    }
    body["max_total_bp"] = json!(max_total_bp);
    let created = must(
        client,
        base,
        Method::POST,
        "/api/v1/ideas",
        Some(&proposer.owner),
        body,
        201,
    )
    .await;
    let id = created["id"].as_str().expect("idea id").to_string();
    let ideas = format!("/api/v1/ideas/{id}");
    must(
        client,
        base,
        Method::PUT,
        &format!("{ideas}/business-case"),
        Some(&proposer.owner),
        business_case(),
        201,
    )
    .await;
    must(
        client,
        base,
        Method::POST,
        &format!("{ideas}/submit"),
        Some(&proposer.owner),
        json!({}),
        200,
    )
    .await;
    let open: Value = must(
        client,
        base,
        Method::POST,
        &format!("{ideas}/publish"),
        Some(admin),
        json!({}),
        200,
    )
    .await;
    OpenIdea {
        id,
        version: open["business_case_version"].as_i64().unwrap_or(1),
        due: deadline.is_some(),
    }
}

/// Seeds `plan`, spreading the requests over `bases`. The proposer is an organisation of
/// its own, so every funder may pledge to every idea.
pub async fn seed(
    client: &Client,
    bases: &[String],
    dirs: &[std::path::PathBuf],
    plan: Plan,
    receiver: Option<&Receiver>,
) -> World {
    let admin = sign_in(client, &bases[0], ADMIN_EMAIL).await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..=plan.funders {
        let (client, base, admin, dirs) = (
            client.clone(),
            bases[i % bases.len()].clone(),
            admin.clone(),
            dirs.to_vec(),
        );
        // Every third organisation (and the proposer) subscribes, to keep the queue short.
        let receiver = receiver.filter(|_| plan.notify && i % 3 == 0).cloned();
        let notify = plan.notify;
        tasks.spawn(async move {
            (
                i,
                funder(&client, &base, &dirs, &admin, i, notify, receiver.as_ref()).await,
            )
        });
    }
    let mut funders: Vec<(usize, Funder)> = tasks.join_all().await;
    funders.sort_by_key(|(i, _)| *i);
    let mut funders: Vec<Funder> = funders.into_iter().map(|(_, f)| f).collect();
    let proposer = funders.remove(0);
    let mut ideas = Vec::new();
    for i in 0..plan.lasting {
        let base = &bases[i % bases.len()];
        let cap = if i % 2 == 0 { 15_000 } else { 11_000 };
        ideas.push(
            idea(
                client,
                base,
                &admin,
                &proposer,
                format!("Shared service {i}"),
                None,
                cap,
            )
            .await,
        );
    }
    let start = Utc::now();
    for i in 0..plan.due {
        let base = &bases[i % bases.len()];
        let deadline = start + Span::seconds(plan.first_due_secs + plan.due_every_secs * i as i64);
        ideas.push(
            idea(
                client,
                base,
                &admin,
                &proposer,
                format!("Closing soon {i}"),
                Some(deadline),
                15_000,
            )
            .await,
        );
    }
    World {
        admin,
        funders,
        ideas,
    }
}
