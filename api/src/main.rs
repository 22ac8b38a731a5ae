//! `cc2i`: serve (default), migrate, openapi, seed-demo.

use cc2i_api::{config::Config, db, seed, Application};

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn fail(message: String) -> ! {
    eprintln!("cc2i: {message}");
    std::process::exit(1)
}

fn main() {
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    if command == "openapi" {
        print!("{}", cc2i_api::openapi_yaml());
        return;
    }
    let config = Config::from_env().unwrap_or_else(|e| fail(e));
    init_logging(config.log_json);
    match command.as_str() {
        "serve" => serve(config),
        "migrate" => {
            let db = db::Db::connect(&config.database, 2).unwrap_or_else(|e| fail(e));
            let mut conn = db.blocking_writer().unwrap_or_else(|e| fail(e));
            let ran = db::migrate(&mut conn).unwrap_or_else(|e| fail(e));
            println!("{ran} migration(s) applied");
        }
        "seed-demo" => {
            let state = cc2i_api::startup::prepare(config).unwrap_or_else(|e| fail(e));
            let mut conn = state.db.blocking_writer().unwrap_or_else(|e| fail(e));
            let seeded = seed::seed_demo(&mut conn, &state.passwords).unwrap_or_else(|e| fail(e));
            println!(
                "{}",
                if seeded {
                    "demo data seeded"
                } else {
                    "database not empty: nothing seeded"
                }
            );
        }
        "help" | "--help" | "-h" => {
            println!("usage: cc2i [serve|migrate|openapi|seed-demo]\nConfiguration comes from the environment: see .env.example.");
        }
        other => fail(format!("unknown command {other}; try cc2i help")),
    }
}

fn serve(config: Config) {
    let demo = config.demo;
    let public_url = config.public_url.clone();
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let app = Application::build(config).unwrap_or_else(|e| fail(e));
        println!("CC2i is running at {public_url}  (API docs: {public_url}/docs)");
        if demo {
            println!("Demo sign-ins (password \"{}\"):", seed::DEMO_PASSWORD);
            for (email, what) in seed::demo_logins() {
                println!("  {email:<40} {what}");
            }
        }
        if let Err(e) = app.run().await {
            fail(format!("server stopped: {e}"));
        }
    });
}
