//! Second factors in the harness: every person [`TestApp::user`] makes, and the platform
//! admin, has an authenticator app and a token that stepped up, as real owners, approvers and
//! staff must. The harness keeps each person's secret and the last step it used (a code works
//! once), and signs in through the second step when asked for it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cc2i_api::auth::totp::code_at;
use cc2i_shared::mfa::{RecoveryCodes, TotpEnrolment};
use cc2i_shared::AccessToken;
use chrono::{NaiveDateTime, TimeDelta};
use reqwest::StatusCode;
use serde_json::json;

use crate::{ok, TestApp};

/// What the harness knows of one person's factor.
#[derive(Debug, Clone)]
struct Known {
    secret: String,
    last_step: i64,
    recovery_codes: Vec<String>,
}

/// Secrets, last steps used and unused recovery codes, by email address; shared with
/// replicas.
#[derive(Debug, Default, Clone)]
pub struct Factors(Arc<Mutex<HashMap<String, Known>>>);

/// The platform admin's last stepped-up token and when (by the service's clock) it stepped up.
#[derive(Debug, Default)]
pub struct AdminToken(pub(crate) Mutex<Option<(String, NaiveDateTime)>>);

impl Factors {
    pub(crate) fn secret(&self, email: &str) -> Option<String> {
        self.0
            .lock()
            .expect("factors")
            .get(&email.to_lowercase())
            .map(|k| k.secret.clone())
    }

    pub(crate) fn remember(&self, email: &str, secret: &str) {
        self.0.lock().expect("factors").insert(
            email.to_lowercase(),
            Known {
                secret: secret.to_string(),
                last_step: i64::MIN,
                recovery_codes: Vec::new(),
            },
        );
    }

    /// Keeps `email`'s recovery codes, for when the app's codes around now are used up.
    pub(crate) fn keep_recovery_codes(&self, email: &str, codes: Vec<String>) {
        if let Some(known) = self
            .0
            .lock()
            .expect("factors")
            .get_mut(&email.to_lowercase())
        {
            known.recovery_codes = codes;
        }
    }

    /// A code that signs `email` in or steps up at `now`: the app's, or when the three
    /// around now are used up a recovery code (while any are left), or else the app's next
    /// one, waiting for it. As the body of a second step: `{"code": …}` or
    /// `{"recovery_code": …}`.
    pub async fn any_code(&self, email: &str, now: NaiveDateTime) -> serde_json::Value {
        {
            let mut map = self.0.lock().expect("factors");
            let known = map.get_mut(&email.to_lowercase()).expect("a known factor");
            let now_step = now.and_utc().timestamp().div_euclid(30);
            if known.last_step > now_step {
                if let Some(code) = known.recovery_codes.pop() {
                    return json!({ "recovery_code": code });
                }
            }
        }
        json!({ "code": self.code(email, now).await })
    }

    /// A code for `email` at `now`, never one used before (waiting for the next step when the
    /// three accepted around now are used up).
    pub async fn code(&self, email: &str, now: NaiveDateTime) -> String {
        let secret = self
            .secret(email)
            .unwrap_or_else(|| panic!("{email} has no authenticator app in this harness"));
        let (step, wait) = self.take_step(email, now);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        let at = chrono::DateTime::from_timestamp(step * 30, 0)
            .expect("a time")
            .naive_utc();
        code_at(&secret, at).expect("a code")
    }

    /// The next unused step for `email` at `now` (one either side of now is accepted), and
    /// how long to wait before it is accepted if the three are used up. The step before now
    /// is used only early in the current step: late in it, the server may have moved on to
    /// the next one (and stopped accepting it) by the time the code arrives.
    fn take_step(&self, email: &str, now: NaiveDateTime) -> (i64, std::time::Duration) {
        let mut map = self.0.lock().expect("factors");
        let entry = map.get_mut(&email.to_lowercase()).expect("a known factor");
        let now_step = now.and_utc().timestamp().div_euclid(30);
        let into_step = now.and_utc().timestamp().rem_euclid(30);
        let earliest = if into_step < 20 {
            now_step - 1
        } else {
            now_step
        };
        let step = earliest.max(entry.last_step + 1);
        entry.last_step = step;
        let wait = if step > now_step + 1 {
            let due = (step - 1) * 30;
            let ms = (due * 1000 - now.and_utc().timestamp_millis()).max(0) + 50;
            std::time::Duration::from_millis(ms as u64)
        } else {
            std::time::Duration::ZERO
        };
        (step, wait)
    }
}

impl TestApp {
    /// Now, by the service's clock (the test clock's offset added, when it is on).
    pub fn service_now(&self) -> NaiveDateTime {
        let real = chrono::Utc::now().naive_utc();
        if !self.test_clock {
            return real;
        }
        let offset = self.count("SELECT COALESCE(MAX(offset_ms), 0) AS n FROM clock_offsets");
        real + TimeDelta::milliseconds(offset)
    }

    /// A code `email`'s authenticator app shows, never one used before (waiting for the next
    /// step if need be).
    pub async fn totp_code(&self, email: &str) -> String {
        self.factors.code(email, self.service_now()).await
    }

    /// Adds an authenticator app to the account signed in with `token` (the harness keeps
    /// its secret), and returns its recovery codes.
    pub async fn enrol_totp(&self, email: &str, token: &str) -> Vec<String> {
        let started: TotpEnrolment = ok(
            self.post("/api/v1/me/mfa/totp", Some(token), json!({}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        self.factors.remember(email, &started.secret);
        let code = self.totp_code(email).await;
        let codes: RecoveryCodes = ok(
            self.post(
                "/api/v1/me/mfa/totp/confirm",
                Some(token),
                json!({ "code": code }),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        self.factors.keep_recovery_codes(email, codes.codes.clone());
        codes.codes
    }

    /// Steps up with a fresh code: a new token that says a second factor was just used.
    pub async fn step_up(&self, email: &str, token: &str) -> String {
        let body = self.factors.any_code(email, self.service_now()).await;
        let res = self.post("/api/v1/auth/step-up", Some(token), body).await;
        ok::<AccessToken>(res, StatusCode::OK).await.access_token
    }

    /// The same person with a token that stepped up just now.
    pub async fn stepped_up(&self, who: &crate::Session) -> crate::Session {
        crate::Session {
            token: self.step_up(&who.user.email, &who.token).await,
            ..who.clone()
        }
    }

    /// The second step of signing in, when the harness knows the person's app.
    pub(crate) async fn finish_login(&self, email: &str, mfa_token: &str) -> String {
        let mut body = self.factors.any_code(email, self.service_now()).await;
        body["mfa_token"] = json!(mfa_token);
        let res = self.post("/api/v1/auth/login/mfa", None, body).await;
        ok::<AccessToken>(res, StatusCode::OK).await.access_token
    }

    /// Tells the harness `email`'s authenticator-app secret (say the demo data's).
    pub fn knows_factor(&self, email: &str, secret: &str) {
        self.factors.remember(email, secret);
    }

    /// True when the harness knows `email`'s authenticator app.
    pub fn has_totp(&self, email: &str) -> bool {
        self.factors.secret(email).is_some()
    }

    /// Forgets the admin's cached token (after something that ended its sessions).
    pub fn forget_admin_token(&self) {
        *self.admin_token.0.lock().expect("factors") = None;
    }

    /// The platform admin's token, stepped up in the last few minutes (the first time, its
    /// authenticator app is added).
    pub async fn admin(&self) -> String {
        let now = self.service_now();
        if let Some((token, at)) = self.admin_token.0.lock().expect("factors").clone() {
            if at <= now && now - at < TimeDelta::minutes(8) {
                return token;
            }
        }
        let token = self.login(crate::ADMIN_EMAIL, crate::PASSWORD).await;
        let token = if self.has_totp(crate::ADMIN_EMAIL) {
            token
        } else {
            self.enrol_totp(crate::ADMIN_EMAIL, &token).await;
            self.step_up(crate::ADMIN_EMAIL, &token).await
        };
        *self.admin_token.0.lock().expect("factors") = Some((token.clone(), self.service_now()));
        token
    }
}

/// Signing in to a server outside a [`TestApp`] (its own process, the real clock), through
/// the second step for accounts whose app this keeps.
#[derive(Debug, Clone)]
pub struct Accounts {
    client: reqwest::Client,
    base: String,
    factors: Factors,
}

impl Accounts {
    /// For the server at `base`.
    pub fn new(client: &reqwest::Client, base: &str) -> Self {
        Accounts {
            client: client.clone(),
            base: base.to_string(),
            factors: Factors::default(),
        }
    }

    /// The same accounts on a server at another address (the same database restarted).
    pub fn at(&self, base: &str) -> Self {
        Accounts {
            base: base.to_string(),
            ..self.clone()
        }
    }

    async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: serde_json::Value,
    ) -> reqwest::Response {
        let mut req = self.client.post(format!("{}{path}", self.base)).json(&body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        req.send().await.expect("request sent")
    }

    /// Signs in (through the second step if need be) and returns the token.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let res = self
            .post(
                "/api/v1/auth/login",
                None,
                json!({"email": email, "password": password}),
            )
            .await;
        if res.status() != StatusCode::UNAUTHORIZED || self.factors.secret(email).is_none() {
            return ok::<AccessToken>(res, StatusCode::OK).await.access_token;
        }
        let problem: cc2i_shared::Problem = res.json().await.expect("a problem");
        let mut body = self
            .factors
            .any_code(email, chrono::Utc::now().naive_utc())
            .await;
        body["mfa_token"] = json!(problem.mfa_token);
        let res = self.post("/api/v1/auth/login/mfa", None, body).await;
        ok::<AccessToken>(res, StatusCode::OK).await.access_token
    }

    /// A token of `email` that stepped up just now (adding an authenticator app first if the
    /// account has none here).
    pub async fn stepped_up(&self, email: &str, token: &str) -> String {
        if self.factors.secret(email).is_none() {
            let started: TotpEnrolment = ok(
                self.post("/api/v1/me/mfa/totp", Some(token), json!({}))
                    .await,
                StatusCode::CREATED,
            )
            .await;
            self.factors.remember(email, &started.secret);
            let code = self
                .factors
                .code(email, chrono::Utc::now().naive_utc())
                .await;
            let res = self
                .post(
                    "/api/v1/me/mfa/totp/confirm",
                    Some(token),
                    json!({"code": code}),
                )
                .await;
            let codes: RecoveryCodes = ok(res, StatusCode::OK).await;
            self.factors.keep_recovery_codes(email, codes.codes);
        }
        let body = self
            .factors
            .any_code(email, chrono::Utc::now().naive_utc())
            .await;
        let res = self.post("/api/v1/auth/step-up", Some(token), body).await;
        ok::<AccessToken>(res, StatusCode::OK).await.access_token
    }
}
