//! `cc2i`: serve (default), migrate, openapi, seed-demo.

use cc2i_api::{config::Config, db, seed, Application};

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colour codes only for a person at a terminal, not in files or a log collector.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi);
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
    if command == "migrate" {
        // Only the database: no JWT secret or other service settings needed.
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        init_logging(env("CC2I_LOG_FORMAT").is_some_and(|v| v == "json"));
        let database = cc2i_api::config::database_from_lookup(env).unwrap_or_else(|e| fail(e));
        let mut conn = db::connect_single(&database, std::time::Duration::from_secs(10))
            .unwrap_or_else(|e| fail(e));
        let ran = db::migrate(&mut conn).unwrap_or_else(|e| fail(e));
        println!("{ran} migration(s) applied");
        return;
    }
    let config = Config::from_env().unwrap_or_else(|e| fail(e));
    init_logging(config.log_json);
    match command.as_str() {
        "serve" => serve(config),
        "seed-demo" => {
            let scale = scale_argument().unwrap_or_else(|e| fail(e));
            let state = cc2i_api::startup::prepare(config).unwrap_or_else(|e| fail(e));
            let mut conn = state.db.blocking_writer().unwrap_or_else(|e| fail(e));
            if let Some(scale) = scale {
                seed_at_scale(&mut conn, &state, &scale);
                return;
            }
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
            println!("usage: cc2i [serve|migrate|openapi|seed-demo [--scale small|large|ORGS,IDEAS,PLEDGES]]\nConfiguration comes from the environment: see .env.example.");
        }
        other => fail(format!("unknown command {other}; try cc2i help")),
    }
}

/// `seed-demo --scale X` (or `--scale=X`): the scale to generate, if any.
fn scale_argument() -> Result<Option<seed::Scale>, String> {
    let args: Vec<String> = std::env::args().skip(2).collect();
    match args.as_slice() {
        [] => Ok(None),
        [flag, value] if flag == "--scale" => seed::Scale::parse(value).map(Some),
        [flag] if flag.starts_with("--scale=") => {
            seed::Scale::parse(&flag["--scale=".len()..]).map(Some)
        }
        _ => Err("usage: cc2i seed-demo [--scale small|large|ORGS,IDEAS,PLEDGES]".into()),
    }
}

fn seed_at_scale(
    conn: &mut cc2i_api::db::AnyConnection,
    state: &cc2i_api::state::AppState,
    scale: &seed::Scale,
) {
    let backend = seed::scale::backend_name(state.db.backend());
    eprintln!(
        "Seeding {} organisations, {} ideas and {} pledges on {backend}",
        scale.organisations, scale.ideas, scale.pledges
    );
    let total = (scale.organisations + scale.ideas + scale.pledges) as u64;
    let mut bar = seed::progress::Progress::new("rows", total);
    let seeded =
        seed::seed_scale(conn, &state.passwords, scale, &mut bar).unwrap_or_else(|e| fail(e));
    println!(
        "seeded on {backend} in {:.1} s: {} organisations, {} ideas ({} open, {} funded, {} not funded), {} pledges, {} ledger entries, {} rows in all",
        bar.elapsed().as_secs_f64(),
        seeded.organisations,
        seeded.ideas,
        seeded.open,
        seeded.funded,
        seeded.not_funded,
        seeded.pledges,
        seeded.ledger_entries,
        seeded.rows
    );
}

fn serve(config: Config) {
    let demo = config.demo;
    let public_url = config.public_url.clone();
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let app = Application::build(config).unwrap_or_else(|e| fail(e));
        tracing::info!(
            public_url = %public_url,
            docs = %format!("{public_url}/docs"),
            port = app.port(),
            "CC2i is running at {public_url}"
        );
        if demo {
            tracing::info!(
                password = seed::DEMO_PASSWORD,
                authenticator_app_secret = seed::DEMO_TOTP_SECRET,
                "demo sign-ins (add the secret to an authenticator app, or: oathtool --totp -b {})",
                seed::DEMO_TOTP_SECRET
            );
            for (email, what) in seed::demo_logins() {
                tracing::info!(email = %email, who = %what, "demo sign-in");
            }
        }
        if let Err(e) = app.run().await {
            fail(format!("server stopped: {e}"));
        }
    });
}
