//! Test harness: each test gets a fresh database and its own server on a free port, and
//! talks to it over HTTP with typed helpers that speak the shared DTOs.
//!
//! The database is a temporary SQLite file, or a uniquely named PostgreSQL database
//! created from `TEST_DATABASE_URL` when that is set.

pub mod accounts;
pub mod factors;
pub mod fixtures;
pub mod forwarder;
pub mod funded;
pub mod mail;
pub mod oidc;
pub mod passkeys;
pub mod process;
pub mod receiver;
pub mod scale;
pub mod talk;

use std::collections::HashMap;

use cc2i_api::{Application, Config};
use cc2i_shared::idea::Idea;
use cc2i_shared::{AccessToken, Organisation, Problem, User};
use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// The platform admin every test server has.
pub const ADMIN_EMAIL: &str = "admin@cc2i.test";
/// A password that passes the policy.
pub const PASSWORD: &str = "correct horse battery staple";
/// The token signing secret of test servers, so token tests can forge their own.
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";
/// The issuer test servers put in tokens.
pub const PUBLIC_URL: &str = "https://cc2i.test";

/// A running test server with its own database.
pub struct TestApp {
    /// e.g. `http://127.0.0.1:41234`
    pub base: String,
    /// The HTTP client.
    pub client: reqwest::Client,
    /// Where the server keeps its data.
    pub data_dir: tempfile::TempDir,
    /// The database URL the server uses.
    pub database_url: String,
    /// The server's data folder (`CC2I_DATA_DIR`: its outbox of `.eml` files is here).
    pub data_path: std::path::PathBuf,
    /// True when the server runs with `CC2I_TEST_CLOCK=1` (its jobs and email run only when
    /// asked).
    pub test_clock: bool,
    counter: std::sync::atomic::AtomicU32,
    factors: factors::Factors,
    admin_token: factors::AdminToken,
}

/// A signed-in user.
#[derive(Clone, Debug)]
pub struct Session {
    /// The account.
    pub user: User,
    /// Its bearer token.
    pub token: String,
}

/// A fresh database URL: a temp SQLite file in `dir`, or a new PostgreSQL database.
pub fn fresh_database_url(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(admin_url) => create_postgres_database(&admin_url),
        None => format!("sqlite://{}", dir.join("test.sqlite").display()),
    }
}

/// Creates a uniquely named PostgreSQL database through `admin_url` and returns its URL.
pub fn create_postgres_database(admin_url: &str) -> String {
    use diesel::{Connection, RunQueryDsl};
    let name = format!("cc2i_t_{}", uuid::Uuid::now_v7().simple());
    let mut conn =
        diesel::PgConnection::establish(admin_url).expect("TEST_DATABASE_URL must be reachable");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .expect("create test database");
    let (base, query) = admin_url.split_once('?').unwrap_or((admin_url, ""));
    let (prefix, _) = base
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL needs a database name");
    if query.is_empty() {
        format!("{prefix}/{name}")
    } else {
        format!("{prefix}/{name}?{query}")
    }
}

impl TestApp {
    /// Starts a server with the default test configuration.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(&[]).await
    }

    /// Starts a server, overriding environment variables with `extra` (an empty value unsets).
    pub async fn spawn_with(extra: &[(&str, &str)]) -> TestApp {
        Self::spawn_on(None, extra).await
    }

    /// Starts another server (a replica) on this server's database, with its own data folder.
    pub async fn replica(&self) -> TestApp {
        let mut replica = Self::spawn_on(Some(self.database_url.clone()), &[]).await;
        replica.factors = self.factors.clone();
        replica
    }

    /// True when the tests run on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }

    async fn spawn_on(database_url: Option<String>, extra: &[(&str, &str)]) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let dist = data_dir.path().join("dist");
        std::fs::create_dir_all(&dist).expect("dist dir");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><html lang=\"en-GB\"><head><title>CC2i test shell</title></head><body></body></html>",
        )
        .expect("index");
        std::fs::write(dist.join("app.css"), "body{}").expect("css");
        let database_url = database_url.unwrap_or_else(|| fresh_database_url(data_dir.path()));
        let mut env: HashMap<String, String> = [
            ("DATABASE_URL", database_url.as_str()),
            ("CC2I_DATA_DIR", &data_dir.path().display().to_string()),
            ("CC2I_BIND", "127.0.0.1:0"),
            ("CC2I_PUBLIC_URL", PUBLIC_URL),
            ("CC2I_WEB_DIST", &dist.display().to_string()),
            ("CC2I_JWT_SECRET", JWT_SECRET),
            ("CC2I_ADMIN_EMAIL", ADMIN_EMAIL),
            ("CC2I_ADMIN_PASSWORD", PASSWORD),
            ("CC2I_WORKERS", "1"),
            ("CC2I_DB_POOL_SIZE", "4"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in extra {
            env.insert(k.to_string(), v.to_string());
        }
        let data_path = std::path::PathBuf::from(&env["CC2I_DATA_DIR"]);
        let test_clock = env
            .get("CC2I_TEST_CLOCK")
            .is_some_and(|v| v == "1" || v == "true");
        let config = Config::from_lookup(|k| env.get(k).cloned().filter(|v| !v.is_empty()))
            .expect("test config");
        let app = Application::build(config).expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run());
        TestApp {
            base,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            data_dir,
            database_url,
            data_path,
            test_clock,
            counter: Default::default(),
            factors: Default::default(),
            admin_token: Default::default(),
        }
    }

    /// A number unique within this test.
    pub fn next(&self) -> u32 {
        self.counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1
    }

    /// Sends a request with an optional JSON body and bearer token.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.expect("request sent")
    }

    /// GET.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token, None).await
    }

    /// POST JSON.
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(Method::POST, path, token, Some(body)).await
    }

    /// PATCH JSON.
    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(Method::PATCH, path, token, Some(body)).await
    }

    /// DELETE.
    pub async fn delete(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::DELETE, path, token, None).await
    }

    /// Asks to register an account; the answer is 202 whether or not the address is new.
    pub async fn register_unconfirmed(&self, email: &str) {
        let res = self
            .post(
                "/api/v1/auth/register",
                None,
                json!({"email": email, "password": PASSWORD, "display_name": "Test Person"}),
            )
            .await;
        let _: Value = ok(res, StatusCode::ACCEPTED).await;
    }

    /// The token of the newest link to `path` (like `/verify-email`) emailed to `address`,
    /// waiting for it (running the jobs, which send email, on a test-clock server).
    pub async fn emailed_token(&self, address: &str, path: &str) -> String {
        let dirs = accounts::one(&self.data_path);
        let admin = match self.test_clock {
            true => Some(self.admin().await),
            false => None,
        };
        for _ in 0..100 {
            if let Some(admin) = &admin {
                let res = self
                    .post("/api/v1/admin/jobs/run", Some(admin), json!({}))
                    .await;
                assert_eq!(res.status(), StatusCode::OK, "run jobs");
            }
            if let Some(token) = accounts::find_token(&dirs, address, path) {
                return token;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no email to {address} with a {path} link arrived")
    }

    /// Confirms `address` through the link emailed to it.
    pub async fn confirm_email(&self, address: &str) {
        let token = self.emailed_token(address, "/verify-email").await;
        let res = self
            .post("/api/v1/auth/verify-email", None, json!({ "token": token }))
            .await;
        let _: Value = ok(res, StatusCode::OK).await;
    }

    /// Registers an account and confirms its address; returns it.
    pub async fn register(&self, email: &str) -> User {
        self.register_unconfirmed(email).await;
        self.confirm_email(email).await;
        let token = self.login(email, PASSWORD).await;
        ok::<cc2i_shared::Me>(self.get("/api/v1/me", Some(&token)).await, StatusCode::OK)
            .await
            .user
    }

    /// Signs in and returns the token, through the second step if the account has an
    /// authenticator app the harness knows.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let res = self
            .post(
                "/api/v1/auth/login",
                None,
                json!({"email": email, "password": password}),
            )
            .await;
        if res.status() == StatusCode::UNAUTHORIZED && self.has_totp(email) {
            let p = problem(res, StatusCode::UNAUTHORIZED, "mfa_required").await;
            return self
                .finish_login(email, &p.mfa_token.expect("an mfa_token"))
                .await;
        }
        ok::<AccessToken>(res, StatusCode::OK).await.access_token
    }

    /// A new registered, confirmed, signed-in user with an authenticator app, whose token
    /// stepped up just now (as owners, approvers and admins of verified organisations need).
    pub async fn user(&self) -> Session {
        let session = self.user_without_factor().await;
        self.with_factor(session).await
    }

    /// Adds an authenticator app to the person's account and steps up: the new session.
    pub async fn with_factor(&self, session: Session) -> Session {
        self.enrol_totp(&session.user.email, &session.token).await;
        let token = self.step_up(&session.user.email, &session.token).await;
        Session { token, ..session }
    }

    /// A new registered, confirmed, signed-in user with no second factor.
    pub async fn user_without_factor(&self) -> Session {
        let email = format!("person{}@council.example", self.next());
        self.register_unconfirmed(&email).await;
        self.confirm_email(&email).await;
        let token = self.login(&email, PASSWORD).await;
        let me: cc2i_shared::Me =
            ok(self.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
        Session {
            user: me.user,
            token,
        }
    }

    /// Creates an organisation owned by `owner` with a unique identifier.
    pub async fn organisation(&self, owner: &Session) -> Organisation {
        let n = self.next();
        let body = json!({
            "name": format!("Test Borough Council {n}"),
            "kind": "local_authority",
            "region": "north_west",
            "identifier": format!("GB-COH-{:08}", n),
            "service_areas": ["housing", "waste"],
        });
        ok(
            self.post("/api/v1/organisations", Some(&owner.token), body)
                .await,
            StatusCode::CREATED,
        )
        .await
    }

    /// Creates an organisation and has the platform admin verify it.
    pub async fn verified_organisation(&self, owner: &Session) -> Organisation {
        let org = self.organisation(owner).await;
        let admin = self.admin().await;
        let path = format!("/api/v1/organisations/{}/verify", org.id);
        ok(
            self.post(&path, Some(&admin), json!({})).await,
            StatusCode::OK,
        )
        .await
    }

    /// Drafts an idea for `org`.
    pub async fn draft_idea(&self, owner: &Session, org: &Organisation) -> Idea {
        let body = fixtures::new_idea(&org.id, &format!("Shared repairs service {}", self.next()));
        ok(
            self.post("/api/v1/ideas", Some(&owner.token), body).await,
            StatusCode::CREATED,
        )
        .await
    }

    /// Saves a business case version for an idea.
    pub async fn put_case(&self, owner: &Session, idea_id: &str, case: Value) -> Value {
        let path = format!("/api/v1/ideas/{idea_id}/business-case");
        ok(
            self.request(Method::PUT, &path, Some(&owner.token), Some(case))
                .await,
            StatusCode::CREATED,
        )
        .await
    }

    /// Runs `action` (submit, publish, withdraw) on an idea as `token`, expecting success.
    pub async fn act(&self, token: &str, idea_id: &str, action: &str) -> Idea {
        let path = format!("/api/v1/ideas/{idea_id}/{action}");
        ok(
            self.post(&path, Some(token), json!({})).await,
            StatusCode::OK,
        )
        .await
    }

    /// A published idea of a new verified organisation owned by `owner`.
    pub async fn open_idea(&self, owner: &Session) -> Idea {
        let org = self.verified_organisation(owner).await;
        let idea = self.draft_idea(owner, &org).await;
        self.put_case(owner, &idea.id, fixtures::business_case())
            .await;
        self.act(&owner.token, &idea.id, "submit").await;
        let admin = self.admin().await;
        self.act(&admin, &idea.id, "publish").await
    }

    /// A verified organisation whose owner/admins may pledge up to `limit_pence` without a
    /// second approver.
    pub async fn funder(&self, owner: &Session, limit_pence: i64) -> Organisation {
        let org = self.verified_organisation(owner).await;
        let path = format!("/api/v1/organisations/{}", org.id);
        ok(
            self.patch(
                &path,
                Some(&owner.token),
                json!({"self_approval_limit_pence": limit_pence}),
            )
            .await,
            StatusCode::OK,
        )
        .await
    }

    /// Sends a pledge with a fresh idempotency key.
    pub async fn pledge(
        &self,
        who: &Session,
        idea: &Idea,
        org: &Organisation,
        share_bp: i64,
    ) -> Response {
        let key = format!("test-key-{}", uuid::Uuid::now_v7().simple());
        self.pledge_with_key(who, &idea.id, json!({"organisation_id": org.id, "share_bp": share_bp, "business_case_version": idea.business_case_version}), &key).await
    }

    /// Sends a pledge body with the given idempotency key.
    pub async fn pledge_with_key(
        &self,
        who: &Session,
        idea_id: &str,
        body: Value,
        key: &str,
    ) -> Response {
        self.client
            .post(format!("{}/api/v1/ideas/{idea_id}/pledges", self.base))
            .bearer_auth(&who.token)
            .header("idempotency-key", key)
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    /// Runs SQL directly against the test database, returning the error if it fails.
    pub fn try_sql(&self, statement: &str) -> Result<(), String> {
        use diesel::connection::SimpleConnection;
        let url =
            cc2i_api::config::DatabaseUrl::parse(&self.database_url).map_err(|e| e.to_string())?;
        let db = cc2i_api::db::Db::connect(&url, 2)?;
        let mut conn = db.blocking_writer()?;
        conn.batch_execute(statement).map_err(|e| e.to_string())
    }

    /// The single number a query answers (e.g. `SELECT count(*) AS n FROM t`, named `n`).
    pub fn count(&self, query: &str) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let url = cc2i_api::config::DatabaseUrl::parse(&self.database_url).expect("url");
        let db = cc2i_api::db::Db::connect(&url, 2).expect("db");
        let mut conn = db.blocking_writer().expect("conn");
        diesel::sql_query(query)
            .get_result::<N>(&mut *conn)
            .expect("count query")
            .n
    }

    /// Runs SQL directly against the test database (to set up states no API reaches yet).
    pub fn sql(&self, statement: &str) {
        use diesel::connection::SimpleConnection;
        let url = cc2i_api::config::DatabaseUrl::parse(&self.database_url).expect("url");
        let db = cc2i_api::db::Db::connect(&url, 2).expect("db");
        let mut conn = db.blocking_writer().expect("conn");
        conn.batch_execute(statement).expect("sql");
    }

    /// Sets the service's clock (the server runs with `CC2I_TEST_CLOCK=1`).
    pub async fn set_clock(&self, now: chrono::DateTime<chrono::Utc>) {
        let admin = self.admin().await;
        let res = self
            .request(
                Method::PUT,
                "/api/v1/admin/test-clock",
                Some(&admin),
                Some(json!({ "now": now.to_rfc3339() })),
            )
            .await;
        let _: Value = ok(res, StatusCode::OK).await;
    }

    /// Adds an existing user to an organisation: `manager` invites them and they accept.
    pub async fn add_member(
        &self,
        manager: &Session,
        org: &Organisation,
        member: &Session,
        role: &str,
    ) {
        let path = format!("/api/v1/organisations/{}/members", org.id);
        let res = self
            .post(
                &path,
                Some(&manager.token),
                json!({"email": member.user.email, "role": role}),
            )
            .await;
        let invitation: Value = ok(res, StatusCode::ACCEPTED).await;
        let id = invitation["id"].as_str().expect("an invitation id");
        let res = self
            .post(
                &format!("/api/v1/me/membership-invitations/{id}/accept"),
                Some(&member.token),
                json!({}),
            )
            .await;
        let _: Value = ok(res, StatusCode::OK).await;
    }
}

/// Asserts the status and parses the body.
pub async fn ok<T: DeserializeOwned>(res: Response, status: StatusCode) -> T {
    let actual = res.status();
    let text = res.text().await.expect("body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("body does not parse ({e}): {text}"))
}

/// Asserts a problem+json response with this status and code, and returns it.
pub async fn problem(res: Response, status: StatusCode, code: &str) -> Problem {
    let actual = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = res.text().await.expect("body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    assert_eq!(content_type, "application/problem+json", "body: {text}");
    let problem: Problem =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not a problem ({e}): {text}"));
    assert_eq!(problem.code, code, "body: {text}");
    assert_eq!(problem.status, status.as_u16());
    // What people read (random tokens in the body may spell anything).
    let words = format!(
        "{} {} {}",
        problem.title,
        problem.detail,
        serde_json::to_string(&problem.errors).unwrap_or_default()
    );
    for leak in ["diesel", "serde", "SQL", "sqlite", "postgres", "panicked"] {
        assert!(
            !words.contains(leak),
            "internal detail {leak} leaked: {text}"
        );
    }
    problem
}
