//! `cc2i seed-demo --scale small|large|ORGS,IDEAS,PLEDGES`: the demo data plus a sector of
//! generated organisations, published ideas (each with a business case) and pledges, for
//! benchmarks. Rows go in as multi-row INSERTs of generated values (every string escaped),
//! a chunk of ideas per transaction, with everything the pledging engine would have written:
//! one ledger entry per change with a gapless per-idea `seq`, the idea's totals equal to the
//! ledger's sum, active shares never above the cap, the target milestone when it was reached,
//! and closed ideas with their commitments (largest remainder) or released pledges.

use chrono::{Duration, NaiveDateTime, Timelike, Utc};
use diesel::connection::SimpleConnection;
use serde_json::json;

use super::ideas::{business_case, IDEAS};
use super::progress::Progress;
use crate::auth::password::PasswordHasher;
use crate::auth::repo as users;
use crate::db::{write_transaction, AnyConnection, Backend};
use crate::pledges::rows::amount_of;
use cc2i_shared::business_case::target_cost_pence;
use cc2i_shared::fair_share::commitments;
use cc2i_shared::{OrgKind, Region, ServiceArea};

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Organisations (each with an owner).
    pub organisations: usize,
    /// Published ideas.
    pub ideas: usize,
    /// Pledges, spread over the ideas (about `pledges / ideas` each, at most 30).
    pub pledges: usize,
}

impl Scale {
    /// A few seconds' worth, for tests.
    pub const SMALL: Scale = Scale {
        organisations: 60,
        ideas: 300,
        pledges: 3_000,
    };
    /// The sector at scale: 10,000 organisations, 100,000 ideas, 1,000,000 pledges.
    pub const LARGE: Scale = Scale {
        organisations: 10_000,
        ideas: 100_000,
        pledges: 1_000_000,
    };

    /// `small`, `large` or `ORGS,IDEAS,PLEDGES`.
    pub fn parse(text: &str) -> Result<Scale, String> {
        match text {
            "small" => return Ok(Scale::SMALL),
            "large" => return Ok(Scale::LARGE),
            _ => {}
        }
        let numbers: Vec<usize> = text
            .split(',')
            .map(|n| n.trim().replace('_', "").parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("--scale {text}: use small, large or ORGS,IDEAS,PLEDGES"))?;
        match numbers[..] {
            [organisations, ideas, pledges] if organisations >= 3 => Ok(Scale {
                organisations,
                ideas,
                pledges,
            }),
            _ => Err(format!(
                "--scale {text}: use small, large or ORGS,IDEAS,PLEDGES (at least 3 organisations)"
            )),
        }
    }
}

/// What was generated (on top of the demo data).
#[derive(Debug, Clone, Default)]
pub struct Seeded {
    /// Organisations.
    pub organisations: usize,
    /// Ideas, all public.
    pub ideas: usize,
    /// Ideas still open.
    pub open: usize,
    /// Ideas closed funded.
    pub funded: usize,
    /// Ideas closed not funded.
    pub not_funded: usize,
    /// Pledges.
    pub pledges: usize,
    /// Ledger entries.
    pub ledger_entries: usize,
    /// Rows inserted in all tables.
    pub rows: usize,
}

const ORG_BATCH: usize = 2_000;
const IDEA_BATCH: usize = 1_000;
const ROWS_PER_INSERT: usize = 500;
const MIN_SHARE_BP: i64 = 500;
const CAP_BP: i64 = 15_000;
const TARGET_BP: i64 = 10_000;
const MAX_PLEDGES_PER_IDEA: usize = 30;
/// Owners and admins approve their own pledges up to £5 million.
const SELF_APPROVAL_LIMIT_PENCE: i64 = 500_000_000;

/// xorshift64*: deterministic data without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }
}

fn id(tag: u32, i: usize) -> String {
    format!("5ca1e{tag:03x}-0000-7000-8000-{i:012x}")
}

/// A string literal: generated text only, still escaped.
fn text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn time(t: NaiveDateTime) -> String {
    format!("'{}'", t.format("%Y-%m-%d %H:%M:%S"))
}

fn opt_time(t: Option<NaiveDateTime>) -> String {
    t.map(time).unwrap_or_else(|| "NULL".into())
}

/// Rows for one table, flushed as multi-row INSERTs.
struct Table {
    name: &'static str,
    columns: &'static str,
    rows: Vec<String>,
}

impl Table {
    fn new(name: &'static str, columns: &'static str) -> Self {
        Table {
            name,
            columns,
            rows: Vec::new(),
        }
    }
    fn push(&mut self, row: String) {
        self.rows.push(row);
    }
    fn write_into(&mut self, sql: &mut String) -> usize {
        let n = self.rows.len();
        for chunk in self.rows.chunks(ROWS_PER_INSERT) {
            sql.push_str("INSERT INTO ");
            sql.push_str(self.name);
            sql.push_str(" (");
            sql.push_str(self.columns);
            sql.push_str(") VALUES ");
            sql.push_str(&chunk.join(","));
            sql.push_str(";\n");
        }
        self.rows.clear();
        n
    }
}

fn run(conn: &mut AnyConnection, tables: &mut [&mut Table]) -> Result<usize, String> {
    let mut sql = String::new();
    let mut rows = 0;
    for table in tables.iter_mut() {
        rows += table.write_into(&mut sql);
    }
    write_transaction(conn, |conn| {
        conn.batch_execute(&sql)?;
        Ok(())
    })
    .map_err(|e| format!("cannot insert the generated data: {e}"))?;
    Ok(rows)
}

/// A business case to copy: its JSON, stage code and total cost.
struct Template {
    title: &'static str,
    summary: &'static str,
    description: &'static str,
    areas: Vec<&'static str>,
    content: String,
    stage: String,
    target: i64,
}

fn templates() -> Result<Vec<Template>, String> {
    IDEAS
        .iter()
        .map(|idea| {
            let case = business_case(idea);
            Ok(Template {
                title: idea.title,
                summary: idea.summary,
                description: idea.description,
                areas: idea.areas.iter().map(|a| a.code()).collect(),
                stage: serde_json::to_value(case.stage)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                target: target_cost_pence(&case),
                content: serde_json::to_string(&case).map_err(|e| e.to_string())?,
            })
        })
        .collect()
}

/// How many pledges idea `i` gets: pairs of ideas share `2 * base` (+ the remainder on the
/// first ideas) so the total is exact, with variety inside each pair.
fn pledge_count(scale: &Scale, i: usize, max: usize) -> usize {
    if scale.ideas == 0 {
        return 0;
    }
    let base = scale.pledges / scale.ideas;
    let extra = usize::from(i < scale.pledges % scale.ideas);
    let pair = i / 2;
    let jitter = if i ^ 1 >= scale.ideas {
        0
    } else {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ (pair as u64 + 1));
        r.below(base / 2 + 1)
    };
    let n = if i.is_multiple_of(2) {
        base + jitter
    } else {
        base - jitter
    };
    (n + extra).min(max)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Open,
    Funded,
    NotFunded,
}

/// Splits `total` into `n` shares of at least [`MIN_SHARE_BP`].
fn shares(rng: &mut Rng, n: usize, total: i64) -> Vec<i64> {
    let mut left = total - MIN_SHARE_BP * n as i64;
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let extra = if k + 1 == n {
            left
        } else {
            let fair = left / (n - k) as i64;
            (rng.below((2 * fair + 1) as usize) as i64).min(left)
        };
        left -= extra;
        out.push(MIN_SHARE_BP + extra);
    }
    out
}

struct Tables {
    ideas: Table,
    areas: Table,
    cases: Table,
    pledges: Table,
    ledger: Table,
    milestones: Table,
}

impl Tables {
    fn new() -> Self {
        Tables {
            ideas: Table::new("ideas", "id, organisation_id, title, summary, description, status, deadline, min_pledgers, min_pledge_bp, max_total_bp, business_case_version, target_cost_pence, pledged_bp, pledger_count, created_by, created_at, updated_at, submitted_at, published_at, active_bp, ledger_seq, closed_at"),
            areas: Table::new("idea_service_areas", "idea_id, service_area"),
            cases: Table::new("business_case_versions", "idea_id, version, stage, content, target_cost_pence, material_change, change_summary, created_by, created_at"),
            pledges: Table::new("pledges", "id, idea_id, organisation_id, share_bp, status, business_case_version, condition_met, created_by, final_share_bp, final_amount_pence, created_at, updated_at"),
            ledger: Table::new("ledger_entries", "idea_id, seq, at, kind, pledge_id, organisation_id, bp_delta, data"),
            milestones: Table::new("idea_milestones", "idea_id, milestone, reached_at"),
        }
    }
}

struct Sector<'a> {
    scale: &'a Scale,
    verified: Vec<usize>,
    templates: Vec<Template>,
    now: NaiveDateTime,
    seeded: Seeded,
}

impl Sector<'_> {
    /// Adds a ledger entry: (kind, bp_delta, data).
    fn ledger(
        t: &mut Tables,
        idea: &str,
        seq: i64,
        at: NaiveDateTime,
        pledge: Option<(&str, &str)>,
        (kind, delta, data): (&str, i64, serde_json::Value),
    ) {
        let (p, o) = pledge
            .map(|(p, o)| (text(p), text(o)))
            .unwrap_or(("NULL".into(), "NULL".into()));
        t.ledger.push(format!(
            "({}, {seq}, {}, {}, {p}, {o}, {delta}, {})",
            text(idea),
            time(at),
            text(kind),
            text(&data.to_string())
        ));
    }

    /// Generates idea `i` with its pledges, ledger and milestones.
    fn idea(&mut self, rng: &mut Rng, t: &mut Tables, i: usize) {
        let idea_id = id(2, i);
        let proposer = rng.pick(&self.verified);
        let max = MAX_PLEDGES_PER_IDEA.min(self.verified.len() - 1);
        let n = pledge_count(self.scale, i, max);
        let mut outcome = match i % 100 {
            0..=79 => Outcome::Open,
            80..=91 => Outcome::Funded,
            _ => Outcome::NotFunded,
        };
        if (outcome == Outcome::Funded && n < 2)
            || (outcome == Outcome::NotFunded && MIN_SHARE_BP * n as i64 >= TARGET_BP)
        {
            outcome = Outcome::Open;
        }
        let low = MIN_SHARE_BP * n as i64;
        let total = match outcome {
            Outcome::Funded => (TARGET_BP + rng.below(5_001) as i64).max(low),
            Outcome::NotFunded => low + rng.below((TARGET_BP - low) as usize) as i64,
            Outcome::Open => low + rng.below((CAP_BP - low + 1) as usize) as i64,
        };
        let shares = shares(rng, n, total);
        let template = &self.templates[i % self.templates.len()];
        let region = rng.pick(Region::ALL);
        let (published, deadline) = match outcome {
            Outcome::Open => (
                self.now - Duration::minutes(1 + rng.below(60 * 24 * 60) as i64),
                self.now + Duration::days(7 + rng.below(120) as i64),
            ),
            _ => {
                let published = self.now - Duration::days(90 + rng.below(300) as i64);
                (published, published + Duration::days(60))
            }
        };
        let created = published - Duration::days(3);
        let submitted = published - Duration::days(1);
        let closed = (outcome != Outcome::Open).then(|| deadline + Duration::minutes(5));
        let owner = id(1, proposer);
        // Pledgers: distinct verified organisations other than the proposer.
        let mut pledgers: Vec<usize> = Vec::with_capacity(n);
        while pledgers.len() < n {
            let o = rng.pick(&self.verified);
            if o != proposer && !pledgers.contains(&o) {
                pledgers.push(o);
            }
        }
        let finals = if outcome == Outcome::Funded {
            commitments(&shares, template.target)
        } else {
            Vec::new()
        };
        let mut seq = 0i64;
        let mut running = 0i64;
        for (k, (&org, &share)) in pledgers.iter().zip(&shares).enumerate() {
            let pledge_id = id(3, self.seeded.pledges);
            self.seeded.pledges += 1;
            let org_id = id(0, org);
            let at = published + Duration::minutes(7 * (k as i64 + 1));
            let (status, finals_sql, updated) = match outcome {
                Outcome::Open => ("active", "NULL, NULL".to_string(), at),
                Outcome::Funded => {
                    let (s, a) = finals[k];
                    ("committed", format!("{s}, {a}"), closed.unwrap_or(at))
                }
                Outcome::NotFunded => ("released", "NULL, NULL".to_string(), closed.unwrap_or(at)),
            };
            t.pledges.push(format!(
                "({}, {}, {}, {share}, '{status}', 1, TRUE, {}, {finals_sql}, {}, {})",
                text(&pledge_id),
                text(&idea_id),
                text(&org_id),
                text(&id(1, org)),
                time(at),
                time(updated)
            ));
            seq += 1;
            Self::ledger(
                t,
                &idea_id,
                seq,
                at,
                Some((&pledge_id, &org_id)),
                (
                    "pledge_created",
                    share,
                    json!({"share_bp": share, "status": "active", "business_case_version": 1, "condition": null}),
                ),
            );
            if running < TARGET_BP && running + share >= TARGET_BP {
                t.milestones.push(format!(
                    "({}, 'target_reached', {})",
                    text(&idea_id),
                    time(at)
                ));
            }
            running += share;
        }
        if let Some(closed_at) = closed {
            let funded = outcome == Outcome::Funded;
            for (k, (&org, &share)) in pledgers.iter().zip(&shares).enumerate() {
                let pledge_id = id(3, self.seeded.pledges - n + k);
                let org_id = id(0, org);
                let (kind, delta, data) = if funded {
                    let (s, a) = finals[k];
                    (
                        "pledge_committed",
                        0,
                        json!({"final_share_bp": s, "final_amount_pence": a}),
                    )
                } else {
                    (
                        "pledge_released",
                        -share,
                        json!({"share_bp": share, "amount_pence": amount_of(template.target, share)}),
                    )
                };
                seq += 1;
                Self::ledger(
                    t,
                    &idea_id,
                    seq,
                    closed_at,
                    Some((&pledge_id, &org_id)),
                    (kind, delta, data),
                );
            }
            seq += 1;
            Self::ledger(
                t,
                &idea_id,
                seq,
                closed_at,
                None,
                (
                    "idea_closed",
                    0,
                    json!({"outcome": if funded { "funded" } else { "not_funded" }, "reason": "deadline", "pledged_bp": total, "funders": n}),
                ),
            );
        }
        // Totals exactly as the engine stores them: the sum of the ledger's deltas.
        let (status, active, pledged, count) = match outcome {
            Outcome::Open => ("open", total, total, n),
            Outcome::Funded => ("funded", 0, total, n),
            Outcome::NotFunded => ("not_funded", 0, 0, 0),
        };
        match outcome {
            Outcome::Open => self.seeded.open += 1,
            Outcome::Funded => self.seeded.funded += 1,
            Outcome::NotFunded => self.seeded.not_funded += 1,
        }
        self.seeded.ledger_entries += seq as usize;
        let title = format!("{} in {}", template.title, region.label());
        t.ideas.push(format!(
            "({}, {}, {}, {}, {}, '{status}', {}, 2, {MIN_SHARE_BP}, {CAP_BP}, 1, {}, {pledged}, {count}, {}, {}, {}, {}, {}, {active}, {seq}, {})",
            text(&idea_id),
            text(&id(0, proposer)),
            text(&title),
            text(template.summary),
            text(template.description),
            time(deadline),
            template.target,
            text(&owner),
            time(created),
            time(closed.unwrap_or(published)),
            time(submitted),
            time(published),
            opt_time(closed),
        ));
        for a in &template.areas {
            t.areas.push(format!("({}, '{a}')", text(&idea_id)));
        }
        t.cases.push(format!(
            "({}, 1, {}, {}, {}, FALSE, 'First version', {}, {})",
            text(&idea_id),
            text(&template.stage),
            text(&template.content),
            template.target,
            text(&owner),
            time(created)
        ));
    }
}

/// Seeds the demo data, then `scale` on top; refuses (Err) on a database that is not empty.
/// `progress` counts organisations + ideas + pledges.
pub fn seed_scale(
    conn: &mut AnyConnection,
    passwords: &PasswordHasher,
    scale: &Scale,
    progress: &mut Progress,
) -> Result<Seeded, String> {
    if !super::seed_demo(conn, passwords)? {
        return Err("database not empty: nothing seeded".into());
    }
    let admin = users::find_by_email(conn, super::DEMO_ADMIN)
        .map_err(|e| e.to_string())?
        .ok_or("the demo admin is missing")?;
    let hash = passwords.hash(super::DEMO_PASSWORD)?;
    let now = Utc::now()
        .naive_utc()
        .with_nanosecond(0)
        .unwrap_or_default();
    let mut rng = Rng(0x5EED_5CA1E);
    let mut seeded = Seeded::default();

    // Organisations, each with an owner; one in twenty not verified (no ideas, no pledges).
    let mut verified = Vec::new();
    let mut orgs = Table::new("organisations", "id, name, kind, region, identifier, website, description, verified, verified_at, verified_by, created_at, updated_at, self_approval_limit_pence");
    let mut people = Table::new(
        "users",
        "id, email, display_name, password_hash, platform_role, token_version, created_at, updated_at, email_verified_at",
    );
    let mut members = Table::new("memberships", "organisation_id, user_id, role, created_at");
    // Owners of verified organisations must have a second factor: the demo app's.
    let mut factors = Table::new(
        "totp_factors",
        "user_id, secret, confirmed_at, last_step, created_at",
    );
    let mut own_areas = Table::new(
        "organisation_service_areas",
        "organisation_id, service_area",
    );
    let at = time(now - Duration::days(400));
    for start in (0..scale.organisations).step_by(ORG_BATCH) {
        let end = (start + ORG_BATCH).min(scale.organisations);
        for i in start..end {
            let kind = rng.pick(OrgKind::ALL);
            let region = rng.pick(Region::ALL);
            let is_verified = i % 20 != 19;
            if is_verified {
                verified.push(i);
            }
            let name = format!("{} {} {}", region.label(), kind.label(), i + 1);
            orgs.push(format!(
                "({}, {}, '{}', '{}', 'GB-SCALE-{:06}', {}, {}, {}, {}, {}, {at}, {at}, {SELF_APPROVAL_LIMIT_PENCE})",
                text(&id(0, i)),
                text(&name),
                kind.code(),
                region.code(),
                i + 1,
                text(&format!("https://org{}.scale.example", i + 1)),
                text(&format!(
                    "{name} works with partners across the sector on shared digital services."
                )),
                if is_verified { "TRUE" } else { "FALSE" },
                if is_verified { at.as_str() } else { "NULL" },
                if is_verified {
                    text(&admin.id)
                } else {
                    "NULL".into()
                },
            ));
            people.push(format!(
                "({}, {}, {}, {}, 'user', 0, {at}, {at}, {at})",
                text(&id(1, i)),
                text(&format!("owner{}@org{}.scale.example", i + 1, i + 1)),
                text(&format!("Owner of organisation {}", i + 1)),
                text(&hash)
            ));
            members.push(format!(
                "({}, {}, 'owner', {at})",
                text(&id(0, i)),
                text(&id(1, i))
            ));
            if is_verified {
                factors.push(format!(
                    "({}, {}, {at}, 0, {at})",
                    text(&id(1, i)),
                    text(super::DEMO_TOTP_SECRET)
                ));
            }
            let first = rng.pick(ServiceArea::ALL);
            own_areas.push(format!("({}, '{}')", text(&id(0, i)), first.code()));
        }
        seeded.rows += run(
            conn,
            &mut [
                &mut people,
                &mut orgs,
                &mut members,
                &mut factors,
                &mut own_areas,
            ],
        )?;
        progress.advance((end - start) as u64);
    }
    seeded.organisations = scale.organisations;
    if verified.len() < 2 && scale.ideas > 0 {
        return Err("too few organisations for ideas".into());
    }

    let mut sector = Sector {
        scale,
        verified,
        templates: templates()?,
        now,
        seeded,
    };
    let mut t = Tables::new();
    for start in (0..scale.ideas).step_by(IDEA_BATCH) {
        let end = (start + IDEA_BATCH).min(scale.ideas);
        let before = sector.seeded.pledges;
        for i in start..end {
            sector.idea(&mut rng, &mut t, i);
        }
        sector.seeded.rows += run(
            conn,
            &mut [
                &mut t.ideas,
                &mut t.areas,
                &mut t.cases,
                &mut t.pledges,
                &mut t.ledger,
                &mut t.milestones,
            ],
        )?;
        progress.advance((end - start + sector.seeded.pledges - before) as u64);
    }
    sector.seeded.ideas = scale.ideas;
    let analyze = match conn {
        AnyConnection::Postgresql(_) => "ANALYZE",
        AnyConnection::Sqlite(_) => "ANALYZE; PRAGMA optimize",
    };
    conn.batch_execute(analyze)
        .map_err(|e| format!("cannot analyze: {e}"))?;
    progress.finish();
    Ok(sector.seeded)
}

/// The backend's name, for messages.
pub fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "PostgreSQL",
        Backend::Sqlite => "SQLite",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_counts() {
        assert_eq!(Scale::parse("large"), Ok(Scale::LARGE));
        assert_eq!(Scale::parse("small"), Ok(Scale::SMALL));
        assert_eq!(
            Scale::parse("10,1_000,5000"),
            Ok(Scale {
                organisations: 10,
                ideas: 1_000,
                pledges: 5_000
            })
        );
        assert!(Scale::parse("huge").is_err());
        assert!(Scale::parse("1,2").is_err());
    }

    #[test]
    fn pledge_counts_sum_exactly() {
        for scale in [
            Scale::SMALL,
            Scale::LARGE,
            Scale::parse("7,11,101").unwrap(),
        ] {
            let sum: usize = (0..scale.ideas).map(|i| pledge_count(&scale, i, 30)).sum();
            assert_eq!(sum, scale.pledges, "{scale:?}");
        }
    }

    #[test]
    fn shares_are_at_least_the_minimum_and_sum_exactly() {
        let mut rng = Rng(42);
        for n in 1..=30 {
            let total = MIN_SHARE_BP * n as i64 + rng.below(2_000) as i64;
            let s = shares(&mut rng, n, total);
            assert_eq!(s.len(), n);
            assert_eq!(s.iter().sum::<i64>(), total);
            assert!(s.iter().all(|x| *x >= MIN_SHARE_BP));
        }
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(text("O'Brien"), "'O''Brien'");
    }
}
