//! Every request the OpenAPI description accepts is bounded and closed: request bodies forbid
//! unknown properties, and every string, array and integer a client sends (in a body, a path,
//! a query or a header) has limits. Contract fuzzing (`just fuzz`) relies on this.

use serde_json::Value;

fn spec() -> Value {
    serde_json::to_value(
        serde_yaml::from_str::<serde_yaml::Value>(&cc2i_api::openapi_yaml()).unwrap(),
    )
    .unwrap()
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.strip_prefix("#/components/schemas/").unwrap();
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

fn types(schema: &Value) -> Vec<&str> {
    match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

/// Collects what is unbounded in `schema`, naming each place by `at`.
fn audit(doc: &Value, schema: &Value, at: &str, depth: usize, out: &mut Vec<String>) {
    assert!(depth < 32, "{at}: schema nests too deeply");
    let schema = resolve(doc, schema);
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(branches) = schema[key].as_array() {
            for (i, branch) in branches.iter().enumerate() {
                audit(doc, branch, &format!("{at}/{key}[{i}]"), depth + 1, out);
            }
        }
    }
    if schema.get("enum").is_some() || schema.get("const").is_some() {
        return;
    }
    for t in types(schema) {
        match t {
            "string" if !schema["maxLength"].is_u64() => {
                out.push(format!("{at}: string without maxLength"));
            }
            "integer" if !schema["minimum"].is_number() || !schema["maximum"].is_number() => {
                out.push(format!("{at}: integer without minimum and maximum"));
            }
            "number" => out.push(format!("{at}: a floating-point number")),
            "array" => {
                if !schema["maxItems"].is_u64() {
                    out.push(format!("{at}: array without maxItems"));
                }
                audit(doc, &schema["items"], &format!("{at}[]"), depth + 1, out);
            }
            "object" => {
                if schema["additionalProperties"] != Value::Bool(false) {
                    out.push(format!("{at}: object without additionalProperties: false"));
                }
                if let Some(props) = schema["properties"].as_object() {
                    for (name, prop) in props {
                        audit(doc, prop, &format!("{at}.{name}"), depth + 1, out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn unbounded() -> Vec<String> {
    let doc = spec();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let name = format!("{} {path}", method.to_uppercase());
            for param in op["parameters"].as_array().into_iter().flatten() {
                let at = format!(
                    "{name} {} `{}`",
                    param["in"].as_str().unwrap(),
                    param["name"].as_str().unwrap()
                );
                audit(&doc, &param["schema"], &at, 0, &mut out);
            }
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (media, body) in content {
                    audit(
                        &doc,
                        &body["schema"],
                        &format!("{name} body ({media})"),
                        0,
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

#[test]
fn every_request_schema_is_closed_and_bounded() {
    let problems = unbounded();
    assert!(
        problems.is_empty(),
        "{} unbounded request schema parts:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_audit_catches_an_unbounded_string_and_an_open_object() {
    let doc = serde_json::json!({"components": {"schemas": {}}});
    let mut out = Vec::new();
    let open = serde_json::json!({"type": "object", "properties": {"name": {"type": "string"}, "n": {"type": "integer", "minimum": 0}, "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}}}});
    audit(&doc, &open, "x", 0, &mut out);
    assert_eq!(out.len(), 4, "{out:?}");
}

#[test]
fn every_response_link_targets_an_operation_and_its_parameters() {
    let doc = spec();
    let mut params_of = std::collections::HashMap::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let names: Vec<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| p["name"].as_str().unwrap().to_string())
                .collect();
            params_of.insert(op["operationId"].as_str().unwrap().to_string(), names);
        }
    }
    let mut links = 0;
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            for response in op["responses"].as_object().unwrap().values() {
                for (name, link) in response["links"].as_object().into_iter().flatten() {
                    links += 1;
                    let target = link["operationId"]
                        .as_str()
                        .unwrap_or_else(|| panic!("link {name} has no operationId: {link}"));
                    let params = params_of
                        .get(target)
                        .unwrap_or_else(|| panic!("link {name} targets unknown {target}"));
                    for p in link["parameters"].as_object().unwrap().keys() {
                        assert!(params.contains(p), "{target} has no parameter {p}");
                    }
                }
            }
        }
    }
    assert!(links >= 40, "only {links} links");
}

/// The schema of `name` when the object `schema` (or one of its `allOf` branches) requires it.
fn required_property<'a>(doc: &'a Value, schema: &'a Value, name: &str) -> Option<&'a Value> {
    let schema = resolve(doc, schema);
    let required = schema["required"]
        .as_array()
        .is_some_and(|r| r.iter().any(|p| p == name));
    if required {
        return Some(resolve(doc, &schema["properties"][name]));
    }
    schema["allOf"]
        .as_array()?
        .iter()
        .find_map(|branch| required_property(doc, branch, name))
}

#[test]
fn every_response_link_reads_a_required_property_of_its_response() {
    // `$response.body#/a/b` must name a property the response always has, or a client (and
    // the fuzzer's stateful phase) following the link gets nothing to pass on.
    let doc = spec();
    let mut checked = 0;
    let mut bad = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            for (status, response) in op["responses"].as_object().unwrap() {
                for (name, link) in response["links"].as_object().into_iter().flatten() {
                    for expression in link["parameters"].as_object().unwrap().values() {
                        let Some(pointer) = expression
                            .as_str()
                            .unwrap()
                            .strip_prefix("$response.body#/")
                        else {
                            continue;
                        };
                        checked += 1;
                        let mut schema =
                            resolve(&doc, &response["content"]["application/json"]["schema"]);
                        for part in pointer.split('/') {
                            let Some(property) = required_property(&doc, schema, part) else {
                                bad.push(format!(
                                    "{} {status} {name}: {pointer}",
                                    op["operationId"]
                                ));
                                break;
                            };
                            schema = property;
                        }
                    }
                }
            }
        }
    }
    assert!(
        checked >= 40,
        "only {checked} response-body link parameters"
    );
    assert!(
        bad.is_empty(),
        "links reading no required property: {bad:?}"
    );
}

#[test]
fn text_the_server_refuses_when_blank_is_documented_as_needing_a_non_space() {
    // The server trims these and refuses what is left empty (422 naming the field); the pattern
    // says so in the description (discussion.rs checks the behaviour and the pattern together).
    let doc = spec();
    for (schema, property) in [
        ("AskQuestion", "body"),
        ("AnswerQuestion", "body"),
        ("PostUpdate", "title"),
        ("PostUpdate", "body"),
        ("CreateApiKey", "name"),
        ("CreateRequirement", "title"),
        ("CreateRequirement", "description"),
        ("CreateMilestone", "title"),
        ("SubmitMilestone", "evidence"),
        ("CreateReport", "reason"),
        ("Moderate", "reason"),
    ] {
        let documented = &doc["components"]["schemas"][schema]["properties"][property];
        assert_eq!(
            documented["pattern"],
            cc2i_shared::NOT_BLANK_PATTERN,
            "{schema}.{property}: {documented}"
        );
    }
}

#[test]
fn every_list_of_service_areas_is_documented_as_unique() {
    fn walk(value: &Value, at: &str, found: &mut usize, bad: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if map.get("items").and_then(|i| i["$ref"].as_str())
                    == Some("#/components/schemas/ServiceArea")
                {
                    *found += 1;
                    if map.get("uniqueItems") != Some(&Value::Bool(true)) {
                        bad.push(at.to_string());
                    }
                }
                for (k, v) in map {
                    walk(v, &format!("{at}/{k}"), found, bad);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, at, found, bad)),
            _ => {}
        }
    }
    let (mut found, mut bad) = (0, Vec::new());
    walk(&spec(), "", &mut found, &mut bad);
    assert!(found >= 5, "only {found} lists of service areas");
    assert!(bad.is_empty(), "not uniqueItems: {bad:?}");
}
