//! `cc2i seed-demo --scale`: the generated sector obeys every invariant the app relies on
//! (counts, totals equal to the ledger, gapless `seq`, caps, milestones, commitments), the
//! list and detail endpoints serve it, and the pledging engine carries on over it.

use std::collections::HashMap;
use std::process::Command;

use cc2i_api::config::DatabaseUrl;
use cc2i_api::db::schema::{idea_milestones, ideas, ledger_entries, organisations, pledges};
use cc2i_api::db::Db;
use cc2i_shared::idea::Idea;
use cc2i_shared::pledge::LedgerEntry;
use cc2i_shared::{Organisation, Page, User};
use cc2i_tests::process::binary;
use cc2i_tests::{ok, Session, TestApp, JWT_SECRET};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const SCALE: &str = "24,120,1000";

fn seed(app: &TestApp) -> std::process::Output {
    Command::new(binary())
        .args(["seed-demo", "--scale", SCALE])
        .env("DATABASE_URL", &app.database_url)
        .env("CC2I_DATA_DIR", app.data_dir.path())
        .env("CC2I_JWT_SECRET", JWT_SECRET)
        .env("CC2I_DEMO", "0")
        .env("RUST_LOG", "warn")
        .output()
        .expect("cc2i runs")
}

type IdeaTotals = (String, String, i64, i64, i64, i64, i32, i32, Option<i32>);
type Entry = (String, i64, i64, String);
type PledgeFacts = (String, String, String, i64, Option<i64>, Option<i64>);

#[tokio::test]
async fn a_small_scale_sector_keeps_every_invariant_and_is_served() {
    let app = TestApp::spawn().await;
    let out = seed(&app);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("100% 1,144/1,144 rows"),
        "progress bar: {stderr}"
    );
    assert!(stdout.contains("24 organisations, 120 ideas"), "{stdout}");
    assert!(stdout.contains("1000 pledges"), "{stdout}");

    let url = DatabaseUrl::parse(&app.database_url).unwrap();
    let db = Db::connect(&url, 2).unwrap();
    let mut conn = db.blocking_writer().unwrap();
    let scale_orgs: i64 = organisations::table
        .filter(organisations::identifier.like("GB-SCALE-%"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(scale_orgs, 24);
    let rows: Vec<IdeaTotals> = ideas::table
        .filter(ideas::id.like("5ca1e%"))
        .select((
            ideas::id,
            ideas::status,
            ideas::pledged_bp,
            ideas::active_bp,
            ideas::pledger_count,
            ideas::ledger_seq,
            ideas::max_total_bp,
            ideas::min_pledgers,
            ideas::business_case_version,
        ))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(rows.len(), 120);
    let entries: Vec<Entry> = ledger_entries::table
        .filter(ledger_entries::idea_id.like("5ca1e%"))
        .select((
            ledger_entries::idea_id,
            ledger_entries::seq,
            ledger_entries::bp_delta,
            ledger_entries::kind,
        ))
        .order((ledger_entries::idea_id, ledger_entries::seq))
        .load(&mut *conn)
        .unwrap();
    let facts: Vec<PledgeFacts> = pledges::table
        .filter(pledges::idea_id.like("5ca1e%"))
        .select((
            pledges::idea_id,
            pledges::organisation_id,
            pledges::status,
            pledges::share_bp,
            pledges::final_share_bp,
            pledges::final_amount_pence,
        ))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(facts.len(), 1000);
    let reached: Vec<String> = idea_milestones::table
        .filter(idea_milestones::milestone.eq("target_reached"))
        .filter(idea_milestones::idea_id.like("5ca1e%"))
        .select(idea_milestones::idea_id)
        .load(&mut *conn)
        .unwrap();
    let targets: HashMap<String, i64> = ideas::table
        .filter(ideas::id.like("5ca1e%"))
        .select((ideas::id, ideas::target_cost_pence))
        .load(&mut *conn)
        .unwrap()
        .into_iter()
        .collect();
    drop(conn);

    let mut ledger: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for e in &entries {
        ledger.entry(e.0.as_str()).or_default().push(e);
    }
    let mut of_idea: HashMap<&str, Vec<&PledgeFacts>> = HashMap::new();
    for p in &facts {
        of_idea.entry(p.0.as_str()).or_default().push(p);
    }
    let mut statuses: HashMap<&str, usize> = HashMap::new();
    for (id, status, pledged, active, count, seq, cap, min_pledgers, version) in &rows {
        *statuses.entry(status.as_str()).or_default() += 1;
        assert_eq!(*version, Some(1), "{id} has a business case");
        let mine = ledger.get(id.as_str()).cloned().unwrap_or_default();
        let seqs: Vec<i64> = mine.iter().map(|e| e.1).collect();
        assert_eq!(seqs, (1..=*seq).collect::<Vec<_>>(), "{id}: gapless seq");
        let sum: i64 = mine.iter().map(|e| e.2).sum();
        assert_eq!(sum, *pledged, "{id}: the total equals the ledger");
        let ps = of_idea.get(id.as_str()).cloned().unwrap_or_default();
        let shares: i64 = ps.iter().map(|p| p.3).sum();
        let orgs: std::collections::HashSet<&str> = ps.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(orgs.len(), ps.len(), "{id}: one pledge per organisation");
        assert!(shares <= i64::from(*cap), "{id}: cap");
        assert!(ps.iter().all(|p| p.3 >= 500), "{id}: minimum share");
        let active_sum: i64 = ps.iter().filter(|p| p.2 == "active").map(|p| p.3).sum();
        assert_eq!(*active, active_sum, "{id}: active total");
        assert!(*active <= i64::from(*cap), "{id}: active within the cap");
        assert_eq!(
            reached.contains(id),
            shares >= 10_000 && status != "not_funded",
            "{id}: target milestone"
        );
        match status.as_str() {
            "open" => {
                assert!(ps.iter().all(|p| p.2 == "active"));
                assert_eq!(*pledged, shares);
                assert_eq!(*count, ps.len() as i64);
            }
            "funded" => {
                assert!(shares >= 10_000 && ps.len() as i64 >= i64::from(*min_pledgers));
                assert!(ps.iter().all(|p| p.2 == "committed"));
                let finals: i64 = ps.iter().map(|p| p.4.unwrap()).sum();
                let amounts: i64 = ps.iter().map(|p| p.5.unwrap()).sum();
                assert_eq!(finals, 10_000, "{id}: final shares sum to 100%");
                assert_eq!(amounts, targets[id], "{id}: amounts sum to the cost");
                assert_eq!(mine.last().unwrap().3, "idea_closed");
            }
            "not_funded" => {
                assert!(shares < 10_000);
                assert!(ps.iter().all(|p| p.2 == "released"));
                assert_eq!((*pledged, *count), (0, 0));
                assert_eq!(mine.last().unwrap().3, "idea_closed");
            }
            other => panic!("{id}: unexpected status {other}"),
        }
    }
    assert!(statuses["open"] > 60 && statuses["funded"] > 0 && statuses["not_funded"] > 0);

    // The public list pages through the sector.
    let page: Page<Idea> = ok(
        app.get("/api/v1/ideas?limit=20", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.items.len(), 20);
    let cursor = page.next_cursor.clone().unwrap();
    let next: Page<Idea> = ok(
        app.get(&format!("/api/v1/ideas?limit=20&cursor={cursor}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(next.items.len(), 20);
    assert!(next
        .items
        .iter()
        .all(|i| page.items.iter().all(|p| p.id != i.id)));
    let funded: Page<Idea> = ok(
        app.get(
            "/api/v1/ideas?limit=20&status=funded&sort=most_funded",
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(!funded.items.is_empty());

    // An open idea with room: its detail and ledger, then a new pledge continues the seq.
    let (id, _, pledged, _, _, seq, cap, _, _) = rows
        .iter()
        .find(|r| r.1 == "open" && i64::from(r.6) - r.3 >= 500)
        .unwrap()
        .clone();
    let idea: Idea = ok(
        app.get(&format!("/api/v1/ideas/{id}"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(idea.funding.pledged_bp, pledged);
    assert!(i64::from(cap) >= pledged);
    let entries: Page<LedgerEntry> = ok(
        app.get(&format!("/api/v1/ideas/{id}/ledger?limit=100"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(entries.items.len() as i64, seq);
    let funder_id = facts
        .iter()
        .map(|p| p.1.clone())
        .find(|o| !facts.iter().any(|p| p.0 == id && &p.1 == o) && o != &idea.organisation.id)
        .unwrap();
    // Scale organisation n (from 0) has the owner owner{n+1}@org{n+1}.scale.example.
    let n = usize::from_str_radix(funder_id.rsplit('-').next().unwrap(), 16).unwrap() + 1;
    let email = format!("owner{n}@org{n}.scale.example");
    app.knows_factor(&email, cc2i_api::seed::DEMO_TOTP_SECRET);
    let token = app.login(&email, cc2i_api::seed::DEMO_PASSWORD).await;
    let user: User = ok(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    let who = Session { user, token };
    let org = app
        .get(
            &format!("/api/v1/organisations/{funder_id}"),
            Some(&who.token),
        )
        .await;
    let org: Organisation = ok(org, StatusCode::OK).await;
    let res = app.pledge(&who, &idea, &org, 500).await;
    let body: Value = ok(res, StatusCode::CREATED).await;
    assert_eq!(body["share_bp"], json!(500));
    let after: Page<LedgerEntry> = ok(
        app.get(&format!("/api/v1/ideas/{id}/ledger?limit=100"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after.items.last().unwrap().seq, seq + 1);
    let idea: Idea = ok(
        app.get(&format!("/api/v1/ideas/{id}"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(idea.funding.pledged_bp, pledged + 500);

    // A second run refuses: the database is not empty.
    let again = seed(&app);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}
