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
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}: {stdout}{stderr}", out.status);
    assert!(stdout.contains("0 migration(s) applied"), "{stdout}");

    // A newer release ran a migration this build has never seen.
    app.sql("INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231000000')");
    for (command, mode) in [("migrate", "auto"), ("serve", "auto"), ("serve", "check")] {
        let out = Command::new(binary())
            .arg(command)
            .env("DATABASE_URL", &app.database_url)
            .env("CC2I_DATA_DIR", app.data_dir.path())
            .env("CC2I_JWT_SECRET", JWT_SECRET)
            .env("CC2I_BIND", "127.0.0.1:0")
            .env("CC2I_MIGRATE", mode)
            .env("RUST_LOG", "warn")
            .output()
            .expect("cc2i runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "{command} ({mode}) started: {stderr}"
        );
        assert!(
            stderr.contains("migration 29991231000000")
                && stderr.contains("newer release")
                && stderr.contains("will not start"),
            "{command} ({mode}): {stderr}"
        );
    }
    // The schema was not touched: the service that was already running carries on.
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
}

/// `CC2I_MIGRATE=check`: a replica refuses a database that is behind instead of migrating
/// it; `cc2i migrate` (which needs only `DATABASE_URL`, no JWT secret) brings it up to date;
/// then the replica starts without changing anything.
#[tokio::test]
async fn with_migrate_check_serve_refuses_a_database_that_is_behind_until_cc2i_migrate_ran() {
    let dir = tempfile::tempdir().unwrap();
    let url = cc2i_tests::fresh_database_url(dir.path());
    let run = |command: &str, extra: &[(&str, &str)]| {
        let mut c = Command::new(binary());
        c.arg(command)
            .env_clear()
            .env("DATABASE_URL", &url)
            .env("CC2I_DATA_DIR", dir.path())
            .env("RUST_LOG", "warn");
        for (k, v) in extra {
            c.env(k, v);
        }
        c.output().expect("cc2i runs")
    };
    let serve_env = [
        ("CC2I_JWT_SECRET", JWT_SECRET),
        ("CC2I_MIGRATE", "check"),
        ("CC2I_BIND", "127.0.0.1:0"),
    ];
    let out = run("serve", &serve_env);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the database is behind this release")
            && stderr.contains("run `cc2i migrate` first"),
        "{stderr}"
    );
    // Nothing was migrated by the refused replica.
    let out = run("migrate", &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let applied: usize = stdout.split_whitespace().next().unwrap().parse().unwrap();
    assert!(applied > 10, "{stdout}");

    let bad = run(
        "serve",
        &[("CC2I_JWT_SECRET", JWT_SECRET), ("CC2I_MIGRATE", "never")],
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("CC2I_MIGRATE must be auto"));

    let port = cc2i_tests::process::free_port();
    let env: Vec<(&str, String)> = vec![
        ("DATABASE_URL", url.clone()),
        ("CC2I_DATA_DIR", dir.path().display().to_string()),
        ("CC2I_JWT_SECRET", JWT_SECRET.to_string()),
        ("CC2I_MIGRATE", "check".to_string()),
    ];
    let server = cc2i_tests::process::ServerProcess::start(port, &env).await;
    let res = reqwest::get(format!("{}/readyz", server.base))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    server.kill();
}
