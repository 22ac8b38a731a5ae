//! The audit log: one append-only row per security-relevant or administrative action,
//! written in the same transaction as the action (so there is never one without the other).
//! The database refuses to change a row, or to delete one before it expires ([`repo`]);
//! owners and admins read their organisation's entries, platform staff all of them
//! ([`handlers`]).

pub mod handlers;
pub mod repo;

use actix_web::HttpRequest;
use chrono::{NaiveDateTime, TimeDelta};
use serde_json::Value;

use crate::auth::{Actor, AuthUser};
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::state::AppState;
use cc2i_shared::audit::{is_sign_in, ActorType};

/// How long entries are kept, in days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Sign-in entries (`sign_in.*`).
    pub sign_in_days: i64,
    /// Every other entry.
    pub other_days: i64,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            sign_in_days: cc2i_shared::audit::SIGN_IN_RETENTION_DAYS,
            other_days: cc2i_shared::audit::RETENTION_DAYS,
        }
    }
}

/// Who acted, and in which request: built in the handler, moved into the transaction.
#[derive(Clone, Debug)]
pub struct Ctx {
    actor_type: ActorType,
    actor_id: Option<String>,
    request_id: Option<String>,
    retention: Retention,
    test_clock: bool,
}

impl Ctx {
    fn new(
        state: &AppState,
        req: Option<&HttpRequest>,
        actor_type: ActorType,
        actor_id: Option<String>,
    ) -> Ctx {
        Ctx {
            actor_type,
            actor_id,
            request_id: req.map(crate::security::request_id).filter(|id| id != "-"),
            retention: state.config.audit_retention,
            test_clock: state.config.test_clock,
        }
    }

    /// True when the service runs on the test clock (for `clock::now_on`).
    pub fn test_clock(&self) -> bool {
        self.test_clock
    }

    /// A signed-in person.
    pub fn person(state: &AppState, req: &HttpRequest, user: &AuthUser) -> Ctx {
        Ctx::new(state, Some(req), ActorType::Person, Some(user.id.clone()))
    }

    /// A person by id (signing in, when there is no `AuthUser` yet).
    pub fn person_id(state: &AppState, req: &HttpRequest, user_id: &str) -> Ctx {
        Ctx::new(
            state,
            Some(req),
            ActorType::Person,
            Some(user_id.to_string()),
        )
    }

    /// A person or an API key.
    pub fn actor(state: &AppState, req: &HttpRequest, actor: &Actor) -> Ctx {
        match actor {
            Actor::Person(user) => Ctx::person(state, req, user),
            Actor::Key(key) => Ctx::new(
                state,
                Some(req),
                ActorType::ApiKey,
                Some(key.key_id.clone()),
            ),
        }
    }

    /// Nobody signed in.
    pub fn anonymous(state: &AppState, req: &HttpRequest) -> Ctx {
        Ctx::new(state, Some(req), ActorType::Anonymous, None)
    }

    /// The same request, now by the person it signed in.
    pub fn as_person(mut self, user_id: &str) -> Ctx {
        self.actor_type = ActorType::Person;
        self.actor_id = Some(user_id.to_string());
        self
    }

    /// CC2i itself (the scheduler).
    pub fn system(state: &AppState) -> Ctx {
        Ctx::new(state, None, ActorType::System, None)
    }

    /// A person outside any request (the demo data, made as its people would make it).
    pub fn seeded(user_id: &str) -> Ctx {
        Ctx {
            actor_type: ActorType::Person,
            actor_id: Some(user_id.to_string()),
            request_id: None,
            retention: Retention::default(),
            test_clock: false,
        }
    }

    /// CC2i itself, outside a request (the background scheduler).
    pub fn system_with(retention: Retention, test_clock: bool) -> Ctx {
        Ctx {
            actor_type: ActorType::System,
            actor_id: None,
            request_id: None,
            retention,
            test_clock,
        }
    }
}

/// One action to record.
#[derive(Debug, Default)]
pub struct Entry<'a> {
    /// What happened, like `member.role_changed`.
    pub action: &'static str,
    /// The organisation it concerns.
    pub organisation_id: Option<&'a str>,
    /// The kind of thing acted on and its id.
    pub target: Option<(&'static str, &'a str)>,
    /// The fields that changed, before.
    pub before: Option<Value>,
    /// The fields that changed, after.
    pub after: Option<Value>,
}

impl<'a> Entry<'a> {
    /// An entry for `action` on `target`.
    pub fn new(action: &'static str, target_type: &'static str, target_id: &'a str) -> Self {
        Entry {
            action,
            target: Some((target_type, target_id)),
            ..Default::default()
        }
    }

    /// The organisation it concerns.
    pub fn org(mut self, organisation_id: &'a str) -> Self {
        self.organisation_id = Some(organisation_id);
        self
    }

    /// What changed: before and after.
    pub fn change(mut self, before: Value, after: Value) -> Self {
        self.before = Some(before);
        self.after = Some(after);
        self
    }

    /// What it became (a creation).
    pub fn after(mut self, after: Value) -> Self {
        self.after = Some(after);
        self
    }
}

/// The top-level fields of two versions of a thing that differ (`updated_at` aside): the
/// before and after of an audit entry.
pub fn diff(before: &impl serde::Serialize, after: &impl serde::Serialize) -> (Value, Value) {
    let (Ok(Value::Object(a)), Ok(Value::Object(b))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return (Value::Null, Value::Null);
    };
    let (mut was, mut now) = (serde_json::Map::new(), serde_json::Map::new());
    for (key, old) in &a {
        let new = b.get(key).cloned().unwrap_or(Value::Null);
        if key != "updated_at" && *old != new {
            was.insert(key.clone(), old.clone());
            now.insert(key.clone(), new);
        }
    }
    (Value::Object(was), Value::Object(now))
}

/// Appends `entry` by `ctx` at `at`, in the caller's transaction.
pub fn record(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    entry: Entry<'_>,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let days = if is_sign_in(entry.action) {
        ctx.retention.sign_in_days
    } else {
        ctx.retention.other_days
    };
    repo::insert(
        conn,
        &repo::NewEntry {
            at,
            actor_type: ctx.actor_type.code(),
            actor_id: ctx.actor_id.as_deref(),
            organisation_id: entry.organisation_id,
            action: entry.action,
            target_type: entry.target.map(|(t, _)| t),
            target_id: entry.target.map(|(_, id)| id),
            before: entry.before.as_ref(),
            after: entry.after.as_ref(),
            request_id: ctx.request_id.as_deref(),
            expires_at: at + TimeDelta::days(days),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::diff;
    use serde_json::json;

    #[test]
    fn a_diff_holds_only_the_fields_that_changed() {
        let before = json!({"name": "Kirklees", "limit": 0, "updated_at": "then"});
        let after = json!({"name": "Kirklees", "limit": 500, "updated_at": "now"});
        assert_eq!(
            diff(&before, &after),
            (json!({"limit": 0}), json!({"limit": 500}))
        );
        assert_eq!(diff(&before, &before), (json!({}), json!({})));
    }
}
