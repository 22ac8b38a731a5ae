use std::path::{Path, PathBuf};

use cc2i_api::config::DatabaseUrl;
use cc2i_api::db::{migrate, pending_migrations, revert_all, Db};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn openapi_yaml_matches_the_code() {
    let committed = std::fs::read_to_string(repo_root().join("openapi.yaml")).unwrap();
    let generated = cc2i_api::openapi_yaml();
    assert!(
        committed == generated,
        "openapi.yaml is stale: run `just openapi` and commit it"
    );
    let doc: serde_yaml::Value = serde_yaml::from_str(&generated).unwrap();
    assert_eq!(doc["openapi"].as_str(), Some("3.1.0"));
}

#[test]
fn every_operation_documents_its_errors_as_problem_json() {
    let doc: serde_json::Value = serde_json::to_value(
        serde_yaml::from_str::<serde_yaml::Value>(&cc2i_api::openapi_yaml()).unwrap(),
    )
    .unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["operationId"].is_string(),
                "{method} {path} has no operationId"
            );
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        response["content"]["application/problem+json"].is_object(),
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
}

fn collect_refs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", serde_json::Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_schema_reference_resolves() {
    let doc: serde_json::Value = serde_json::to_value(
        serde_yaml::from_str::<serde_yaml::Value>(&cc2i_api::openapi_yaml()).unwrap(),
    )
    .unwrap();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected reference {r}"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{r} does not resolve"
        );
    }
}

fn folders(backend: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join("migrations").join(backend))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn migration_folders_are_twins_with_up_and_down() {
    let sqlite = folders("sqlite");
    assert_eq!(sqlite, folders("postgres"));
    assert!(!sqlite.is_empty());
    for backend in ["sqlite", "postgres"] {
        for name in &sqlite {
            for file in ["up.sql", "down.sql"] {
                let path = repo_root()
                    .join("migrations")
                    .join(backend)
                    .join(name)
                    .join(file);
                assert!(path.is_file(), "{} is missing", path.display());
            }
        }
    }
}

#[test]
fn migrations_run_down_and_up_again_on_this_backend() {
    let dir = tempfile::tempdir().unwrap();
    let url = cc2i_tests::fresh_database_url(dir.path());
    let db = Db::connect(&DatabaseUrl::parse(&url).unwrap(), 2).unwrap();
    let mut conn = db.blocking_writer().unwrap();
    let count = folders("sqlite").len();
    assert_eq!(migrate(&mut conn).unwrap(), count);
    assert!(pending_migrations(&mut conn).unwrap().is_empty());
    assert_eq!(revert_all(&mut conn).unwrap(), count);
    assert_eq!(pending_migrations(&mut conn).unwrap().len(), count);
    assert_eq!(migrate(&mut conn).unwrap(), count);
}
