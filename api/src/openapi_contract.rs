//! Finishing touches to the generated OpenAPI description that keep it an honest contract:
//! response links between operations (so clients and contract fuzzers can chain a created
//! resource into the operations that take its id), the 413 every body-taking operation can
//! answer, and response schemas that extend a closed request schema written out in full.

use serde_json::{json, Map, Value};
use utoipa::Modify;

/// Applies the contract fixes; registered in [`crate::openapi::ApiDoc`].
pub struct Contract;

/// (creating operation, its success status, the id it creates as a runtime expression,
/// operations that take that id as `id`).
const LINKS: &[(&str, &str, &str, &[&str])] = &[
    (
        "create_organisation",
        "201",
        "$response.body#/id",
        &[
            "get_organisation",
            "update_organisation",
            "list_members",
            "list_api_keys",
            "list_webhooks",
            "list_organisation_ideas",
            "list_organisation_pledges",
            "list_organisation_adoptions",
            "get_funding_summary",
            "list_recommendations",
            "verify_organisation",
        ],
    ),
    (
        "create_idea",
        "201",
        "$response.body#/id",
        &[
            "get_idea",
            "update_idea",
            "submit_idea",
            "withdraw_idea",
            // Not `get_business_case`: a new idea has none yet (404). `put_business_case` links it.
            "put_business_case",
            "list_business_case_versions",
            "get_funding",
            "get_ledger",
            "list_idea_pledges",
            "create_pledge",
            "list_questions",
            "ask_question",
            "list_updates",
            "list_requirements",
            "list_invitations",
            "get_audience",
            "follow_idea",
            "get_following",
            // Not `unfollow_idea`: unfollowing an idea just created ends nothing, and the follow
            // state stays readable after it (200 `following: false`), which contract fuzzers
            // reading a DELETE then a GET of one path take for a use after free.
        ],
    ),
    (
        "create_pledge",
        "201",
        "$response.body#/id",
        &[
            "get_pledge",
            "update_pledge",
            "approve_pledge",
            "reject_pledge",
            "withdraw_pledge",
            "reconsent_pledge",
        ],
    ),
    (
        // The webhook comes wrapped with its signing secret (`CreatedWebhook`).
        "create_webhook",
        "201",
        "$response.body#/webhook/id",
        &[
            "update_webhook",
            "list_webhook_deliveries",
            "delete_webhook",
        ],
    ),
    (
        "create_milestone",
        "201",
        "$response.body#/id",
        &["get_milestone", "submit_milestone", "create_acceptance"],
    ),
    (
        "create_requirement",
        "201",
        "$response.body#/id",
        &["get_requirement", "update_requirement", "cast_vote"],
    ),
    (
        "ask_question",
        "201",
        "$response.body#/id",
        &["answer_question"],
    ),
    (
        "create_adoption",
        "201",
        "$response.body#/id",
        &["get_adoption", "approve_adoption", "reject_adoption"],
    ),
];

impl Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Ok(mut doc) = serde_json::to_value(&*openapi) else {
            return;
        };
        add_links(&mut doc);
        session_for_people(&mut doc);
        document_csrf(&mut doc);
        document_payload_too_large(&mut doc);
        close_extended_schemas(&mut doc);
        bound_dates(&mut doc);
        unique_service_areas(&mut doc);
        if let Ok(done) = serde_json::from_value(doc) {
            *openapi = done;
        }
        name_link_targets(openapi);
    }
}

/// Every operation a person's bearer token opens takes the browser session cookie too.
fn session_for_people(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for op in item.values_mut() {
            let Some(list) = op.get_mut("security").and_then(Value::as_array_mut) else {
                continue;
            };
            let bearer = list.iter().any(|r| r.get("bearer").is_some());
            let session = list.iter().any(|r| r.get("session").is_some());
            if bearer && !session {
                list.push(serde_json::json!({ "session": [] }));
            }
        }
    }
}

/// Every write can be refused with 403 `csrf_failed` (see `crate::csrf`): one that sends the
/// session cookie without the session's CSRF token, or comes from another site's page.
fn document_csrf(doc: &mut Value) {
    const WHY: &str = "`csrf_failed`: sent with the session cookie but without its CSRF token, or from another site";
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in ["post", "put", "patch", "delete"] {
            let Some(responses) = item
                .get_mut(method)
                .and_then(|op| op.get_mut("responses"))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let entry = responses.entry("403").or_insert_with(|| {
                json!({
                    "description": WHY,
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                })
            });
            if let Some(text) = entry.get("description").and_then(Value::as_str) {
                if !text.contains("csrf_failed") {
                    let joined = format!("{text}; {WHY}");
                    entry["description"] = Value::String(joined);
                }
            }
        }
    }
}

/// utoipa 5 writes a link's target as `operation_id`; OpenAPI spells it `operationId`.
fn name_link_targets(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::RefOr;
    for item in openapi.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in ops.into_iter().flatten() {
            for response in op.responses.responses.values_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                for link in response.links.values_mut() {
                    let RefOr::T(link) = link else { continue };
                    if link.operation_id.is_empty() {
                        continue;
                    }
                    let target = std::mem::take(&mut link.operation_id);
                    link.extensions
                        .get_or_insert_with(Default::default)
                        .insert("operationId".into(), Value::String(target));
                }
            }
        }
    }
}

fn operations(doc: &mut Value) -> Vec<&mut Map<String, Value>> {
    let mut out = Vec::new();
    if let Some(paths) = doc["paths"].as_object_mut() {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                for op in item.values_mut() {
                    if let Some(op) = op.as_object_mut() {
                        out.push(op);
                    }
                }
            }
        }
    }
    out
}

fn link(
    responses: &mut Map<String, Value>,
    status: &str,
    name: String,
    target: &str,
    params: Value,
) {
    if let Some(response) = responses.get_mut(status).and_then(Value::as_object_mut) {
        let links = response
            .entry("links")
            .or_insert_with(|| json!({}))
            .as_object_mut();
        if let Some(links) = links {
            links.insert(
                name,
                json!({ "operation_id": target, "parameters": params }),
            );
        }
    }
}

fn add_links(doc: &mut Value) {
    let known: Vec<String> = operations(doc)
        .iter()
        .filter_map(|op| {
            op.get("operationId")
                .and_then(Value::as_str)
                .map(String::from)
        })
        .collect();
    for op in operations(doc) {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            continue;
        };
        for (creator, status, expression, targets) in LINKS {
            if *creator != id {
                continue;
            }
            for target in targets.iter().filter(|t| known.iter().any(|k| k == *t)) {
                link(
                    responses,
                    status,
                    target.to_string(),
                    target,
                    json!({ "id": expression }),
                );
            }
        }
        match id.as_str() {
            "create_api_key" => link(
                responses,
                "201",
                "revoke_api_key".into(),
                "revoke_api_key",
                json!({ "id": "$request.path.id", "key_id": "$response.body#/id" }),
            ),
            "put_business_case" => {
                link(
                    responses,
                    "201",
                    "get_business_case_version".into(),
                    "get_business_case_version",
                    json!({ "id": "$request.path.id", "version": "$response.body#/version" }),
                );
                link(
                    responses,
                    "201",
                    "get_business_case".into(),
                    "get_business_case",
                    json!({ "id": "$request.path.id" }),
                );
            }
            "add_member" => link(
                responses,
                "202",
                "withdraw_membership_invitation".into(),
                "withdraw_membership_invitation",
                json!({ "id": "$response.body#/id" }),
            ),
            _ => {}
        }
    }
}

/// Every body is read within a byte limit; beyond it the answer is 413 problem+json.
fn document_payload_too_large(doc: &mut Value) {
    for op in operations(doc) {
        if op.get("requestBody").is_none() {
            continue;
        }
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            responses.entry("413").or_insert_with(|| {
                json!({
                    "description": "`payload_too_large`: the body is over this operation's byte limit",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                })
            });
        }
    }
}

/// `allOf: [ClosedSchema, {extra properties}]` can never validate (the closed branch forbids
/// the extras), so such a schema is written out as one closed object.
fn close_extended_schemas(doc: &mut Value) {
    let schemas = doc["components"]["schemas"].clone();
    let Some(list) = doc["components"]["schemas"].as_object_mut() else {
        return;
    };
    for schema in list.values_mut() {
        let Some(branches) = schema.get("allOf").and_then(Value::as_array).cloned() else {
            continue;
        };
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut closed = false;
        for branch in &branches {
            let branch = match branch.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let name = r.trim_start_matches("#/components/schemas/");
                    schemas[name].clone()
                }
                None => branch.clone(),
            };
            closed |= branch.get("additionalProperties") == Some(&Value::Bool(false));
            if let Some(props) = branch.get("properties").and_then(Value::as_object) {
                properties.extend(props.clone());
            }
            if let Some(req) = branch.get("required").and_then(Value::as_array) {
                required.extend(req.iter().cloned());
            }
        }
        if !closed {
            continue;
        }
        let description = schema.get("description").cloned();
        let mut merged = json!({
            "type": "object",
            "required": required,
            "properties": properties,
            "additionalProperties": false,
        });
        if let Some(d) = description {
            merged["description"] = d;
        }
        *schema = merged;
    }
}

/// Dates and date-times are strings of a known shape: RFC 3339 date-times are bounded at 64
/// characters (the server's parser accepts no longer), ISO 8601 dates at 10.
fn bound_dates(doc: &mut Value) {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                let limit = match map.get("format").and_then(Value::as_str) {
                    Some("date-time") => Some(64),
                    Some("date") => Some(10),
                    _ => None,
                };
                let is_string = match map.get("type") {
                    Some(Value::String(t)) => t == "string",
                    Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
                    _ => false,
                };
                if let (Some(limit), true) = (limit, is_string) {
                    map.entry("maxLength").or_insert(json!(limit));
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut doc["components"]);
    walk(&mut doc["paths"]);
}

/// A list of service areas never names one twice (`must not list a service area twice`).
fn unique_service_areas(doc: &mut Value) {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                let is_array = match map.get("type") {
                    Some(Value::String(t)) => t == "array",
                    Some(Value::Array(ts)) => ts.iter().any(|t| t == "array"),
                    _ => false,
                };
                let areas = is_array
                    && map
                        .get("items")
                        .and_then(|i| i.get("$ref"))
                        .and_then(Value::as_str)
                        == Some("#/components/schemas/ServiceArea");
                if areas {
                    map.insert("uniqueItems".into(), Value::Bool(true));
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut doc["components"]);
    walk(&mut doc["paths"]);
}
