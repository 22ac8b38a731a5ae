//! Releases share one database during a rolling deploy: `cc2i migrate` runs ahead, and a
//! release refuses a database that a newer release has already migrated.

use std::process::{Command, Output};

use cc2i_tests::process::binary;
use cc2i_tests::{TestApp, JWT_SECRET};
use reqwest::StatusCode;

fn cc2i(app: &TestApp, command: &str) -> Output {
    Command::new(binary())
        .arg(command)
        .env("DATABASE_URL", &app.database_url)
        .env("CC2I_DATA_DIR", app.data_dir.path())
        .env("CC2I_JWT_SECRET", JWT_SECRET)
        .env("CC2I_BIND", "127.0.0.1:0")
        .env("CC2I_DEMO", "0")
        .env("RUST_LOG", "warn")
        .output()
        .expect("cc2i runs")
}

#[tokio::test]
async fn a_release_refuses_a_database_a_newer_release_has_migrated() {
    let app = TestApp::spawn().await;
    let out = cc2i(&app, "migrate");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("0 migration(s) applied"), "{stdout}");

    // A newer release ran a migration this build has never seen.
    app.sql("INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231000000')");
    for command in ["migrate", "serve"] {
        let out = cc2i(&app, command);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{command} started: {stderr}");
        assert!(
            stderr.contains("migration 29991231000000")
                && stderr.contains("newer release")
                && stderr.contains("will not start"),
            "{command}: {stderr}"
        );
    }
    // The schema was not touched: the service that was already running carries on.
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
}
