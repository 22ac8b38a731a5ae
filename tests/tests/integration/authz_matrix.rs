//! Issue 8: the authorization matrix. Every operation in the live OpenAPI document has a row
//! of access rules ([`table`]); each is asked as anonymous, the owner, admin and member of
//! organisation A and of B, an API key of A with and without the scope it needs, and a
//! platform admin, against a resource owned by A and one owned by B. An operation without a
//! row fails the test, so no endpoint ships without its rules; so does a row without an
//! operation. A foreign private resource answers exactly as a missing one does.

mod rules;
mod table;
mod world;

use std::collections::{BTreeMap, BTreeSet};

use cc2i_tests::mail::{outbox_to, run_jobs};
use cc2i_tests::TestApp;
use reqwest::Method;
use serde_json::Value;

use rules::{Principal, PRINCIPALS};
use table::{Case, Row};
use world::{Ids, Side, World};

/// Every `METHOD path` the running server documents, with its operation object.
async fn live_operations(app: &TestApp) -> BTreeMap<String, Value> {
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let mut ops = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in [
            "get", "put", "post", "delete", "patch", "head", "options", "trace",
        ] {
            if let Some(op) = item.get(method) {
                ops.insert(format!("{} {path}", method.to_uppercase()), op.clone());
            }
        }
    }
    ops
}

/// The scopes the document says an API key needs for an operation.
fn documented_scopes(op: &Value) -> BTreeSet<String> {
    op["security"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|requirement| requirement["api_key"].as_array())
        .flatten()
        .filter_map(|scope| scope.as_str().map(str::to_string))
        .collect()
}

/// Whether the document says an operation needs credentials (a `security` list without the
/// empty, anonymous requirement).
fn documented_as_signed_in(op: &Value) -> bool {
    op["security"].as_array().is_some_and(|list| {
        !list
            .iter()
            .any(|r| r.as_object().is_some_and(serde_json::Map::is_empty))
    })
}

/// Asserts the rows agree with what the document says of credentials and key scopes.
fn assert_rows_agree_with_document(live: &BTreeMap<String, Value>, rows: &[Row]) {
    let mut disagreements = Vec::new();
    for row in rows {
        let Some(op) = live.get(row.op) else { continue };
        let scopes: BTreeSet<String> = row
            .cases
            .iter()
            .filter_map(|c| c.rule.needed_scope())
            .map(str::to_string)
            .collect();
        let documented = documented_scopes(op);
        if scopes != documented {
            disagreements.push(format!(
                "{}: the row lets keys in with {scopes:?}, the document says {documented:?}",
                row.op
            ));
        }
        let signed_in = documented_as_signed_in(op);
        for case in &row.cases {
            let anonymous = case.rule.expect(Principal::Anonymous, Side::A, row.ok);
            if signed_in != (anonymous == 401) {
                disagreements.push(format!(
                    "{} [{:?}]: anonymous callers get {anonymous}, but the document {} credentials",
                    row.op,
                    case.target,
                    if signed_in {
                        "requires"
                    } else {
                        "does not require"
                    }
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "the matrix and the OpenAPI document disagree:\n{}",
        disagreements.join("\n")
    );
}

fn token(world: &World, who: Principal, case: &Case) -> Option<String> {
    let party = |side: Side| world.party(side);
    match who {
        Principal::Anonymous => None,
        Principal::Owner(side) => Some(party(side).owner.token.clone()),
        Principal::Admin(side) => Some(party(side).admin.token.clone()),
        Principal::Member(side) => Some(party(side).member.token.clone()),
        Principal::KeyOfA => Some(world.key_all.clone()),
        Principal::KeyOfAWithoutScope => {
            Some(world.key_without[case.rule.needed_scope().unwrap_or("ideas:read")].clone())
        }
        Principal::PlatformAdmin => Some(world.staff.clone()),
    }
}

/// The path with its parameters filled from `ids`.
fn fill(template: &str, ids: &Ids) -> String {
    let mut path = template.to_string();
    let id = ids.params.get("id").cloned().unwrap_or_default();
    path = path.replace("{file}", &format!("{id}.svg"));
    path = path.replace("{target_type}", "question");
    path = path.replace("{target_id}", &id);
    let version = ids.params.get("version").map_or("1", String::as_str);
    path = path.replace("{version}", version);
    for (name, value) in &ids.params {
        path = path.replace(&format!("{{{name}}}"), value);
    }
    assert!(!path.contains('{'), "unfilled parameter in {path}");
    path
}

/// The same ids with every resource id replaced by one that does not exist.
fn missing(ids: &Ids) -> Ids {
    let mut gone = ids.clone();
    for (name, value) in gone.params.iter_mut() {
        if *name != "version" {
            *value = uuid::Uuid::now_v7().to_string();
        }
    }
    gone
}

struct Answer {
    status: u16,
    content_type: String,
    text: String,
}

async fn send(world: &World, row: &Row, case: &Case, ids: &Ids, who: Principal) -> Answer {
    let (method, template) = row.op.split_once(' ').unwrap();
    let mut url = format!("{}{}", world.app.base, fill(template, ids));
    if let Some(query) = row.query {
        url = format!("{url}?{}", query(ids));
    }
    let n = world.app.next();
    let mut req = world
        .app
        .client
        .request(Method::from_bytes(method.as_bytes()).unwrap(), url)
        .header("idempotency-key", format!("authz-request-{n:08}"));
    if let Some(token) = token(world, who, case) {
        req = req.bearer_auth(token);
    }
    if let Some(body) = row.body {
        req = req.json(&body(ids, n));
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = res.text().await.unwrap();
    Answer {
        status,
        content_type,
        text,
    }
}

/// The answer's status, content type and body, byte for byte, except for members that
/// legitimately differ between two requests (`instance`, a request id) if there are any.
fn comparable(answer: &Answer) -> (u16, String, String) {
    let differs = |k: &str| k == "instance" || k.contains("request");
    let body = match serde_json::from_str::<Value>(&answer.text) {
        Ok(Value::Object(mut map)) if map.keys().any(|k| differs(k)) => {
            map.retain(|k, _| !differs(k));
            Value::Object(map).to_string()
        }
        _ => answer.text.clone(),
    };
    (answer.status, answer.content_type.clone(), body)
}

fn name(who: Principal) -> String {
    match who {
        Principal::Owner(s) => format!("owner of {s:?}"),
        Principal::Admin(s) => format!("admin of {s:?}"),
        Principal::Member(s) => format!("member of {s:?}"),
        other => format!("{other:?}"),
    }
}

/// What the matrix found.
#[derive(Default)]
struct Tally {
    asserted: usize,
    not_found_compared: usize,
    failures: Vec<String>,
}

async fn run_case(world: &World, row: &Row, case: &Case, side: Side, tally: &mut Tally) {
    let mut plan: Vec<(Principal, u16, Option<&str>, bool)> = PRINCIPALS
        .iter()
        .map(|&who| {
            let ok = case.refused_by_state.map_or(row.ok, |(status, _)| status);
            let derived = case.rule.expect(who, side, ok);
            let exception = row.exceptions.iter().find(|e| {
                e.who == who
                    && e.side.is_none_or(|s| s == side)
                    && e.target.is_none_or(|t| t == case.target)
            });
            let want = exception.map_or(derived, |e| e.status);
            let why = exception.map(|e| e.why).or(case
                .refused_by_state
                .filter(|_| derived == ok)
                .map(|(_, why)| why));
            (who, want, why, derived == ok)
        })
        .collect();
    // Refusals first, against the world's resource; they must change nothing.
    plan.sort_by_key(|(_, _, _, permitted)| *permitted);
    for (who, want, why, permitted) in plan {
        let ids = if permitted && row.fresh {
            world.fresh(case.target, side).await
        } else {
            world.stock(case.target, side)
        };
        let mut ids = ids;
        ids.unsubscribe = world.unsubscribe.clone();
        let got = send(world, row, case, &ids, who).await;
        tally.asserted += 1;
        if got.status != want {
            let text: String = got.text.chars().take(300).collect();
            let why = why.map(|w| format!(" ({w})")).unwrap_or_default();
            tally.failures.push(format!(
                "{} [{:?} of {side:?}] as {}: want {want}{why}, got {} {text}",
                row.op,
                case.target,
                name(who),
                got.status
            ));
        } else if want == 404 {
            let gone = send(world, row, case, &missing(&ids), who).await;
            tally.not_found_compared += 1;
            if comparable(&got) != comparable(&gone) {
                tally.failures.push(format!(
                    "{} [{:?} of {side:?}] as {}: the 404 differs from a missing one's: {} vs {}",
                    row.op,
                    case.target,
                    name(who),
                    got.text,
                    gone.text
                ));
            }
        }
    }
}

/// Asserts every live operation has exactly one row and every row an operation.
fn assert_rows_match(live: &BTreeMap<String, Value>, rows: &[Row]) {
    let mut named: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows {
        *named.entry(row.op).or_default() += 1;
        assert!(!row.cases.is_empty(), "{} has no case", row.op);
    }
    let twice: Vec<_> = named.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "operations with two rows: {twice:?}");
    let missing_rows: Vec<_> = live
        .keys()
        .filter(|op| !named.contains_key(op.as_str()))
        .collect();
    assert!(
        missing_rows.is_empty(),
        "operations without a row in the authorization matrix (add one to authz_matrix/table.rs): {missing_rows:#?}"
    );
    let stale: Vec<_> = named.keys().filter(|op| !live.contains_key(**op)).collect();
    assert!(
        stale.is_empty(),
        "rows for operations that do not exist: {stale:#?}"
    );
}

#[tokio::test]
async fn every_documented_operation_has_exactly_one_row_of_access_rules() {
    let app = TestApp::spawn().await;
    let live = live_operations(&app).await;
    assert!(
        live.len() > 50,
        "the document lists the API: {:?}",
        live.keys()
    );
    assert_rows_match(&live, &table::rows());
}

#[tokio::test]
async fn the_rows_agree_with_the_documented_credentials_and_key_scopes() {
    let app = TestApp::spawn().await;
    assert_rows_agree_with_document(&live_operations(&app).await, &table::rows());
}

#[tokio::test]
async fn every_caller_gets_what_the_matrix_says_and_foreign_private_things_look_missing() {
    let mut world = World::build().await;
    run_jobs(&world.app, chrono::Utc::now()).await;
    let mail = outbox_to(&world.app, &world.a.owner.user.email);
    let link = mail
        .iter()
        .map(|m| m.unsubscribe_url())
        .find(|u| u.contains("token="))
        .expect("A's owner got an email with an unsubscribe link");
    world.unsubscribe = link.split_once("token=").unwrap().1.to_string();
    let rows = table::rows();
    // Run only when the table is complete, so a gap is reported as one.
    assert_rows_match(&live_operations(&world.app).await, &rows);

    let mut tally = Tally::default();
    for row in &rows {
        for case in &row.cases {
            for side in [Side::A, Side::B] {
                run_case(&world, row, case, side, &mut tally).await;
                if row.ends_sessions {
                    world.sign_in_again().await;
                }
            }
        }
    }
    println!(
        "authorization matrix: {} operations, {} callers, {} answers asserted, {} 404s compared with a missing resource's",
        rows.len(),
        PRINCIPALS.len(),
        tally.asserted,
        tally.not_found_compared
    );
    assert!(
        tally.failures.is_empty(),
        "{} of {} answers differ from the matrix:\n{}",
        tally.failures.len(),
        tally.asserted,
        tally.failures.join("\n")
    );
}
