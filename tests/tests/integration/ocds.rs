//! OCDS: funded ideas publish OCDS 1.1 release packages that validate against the official
//! schemas (committed under `tests/fixtures/ocds/`, the budgetBreakdown extension applied
//! as OCDS does, by JSON Merge Patch), with the parties, identifiers and amounts right.

use std::path::PathBuf;
use std::time::Duration;

use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_tests::funded::{case_costing, Funded, Plan};
use cc2i_tests::{ok, problem, TestApp, PUBLIC_URL};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn fixture(path: &str) -> Value {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/ocds")
        .join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file:?}: {e}"))
}

/// RFC 7386 JSON Merge Patch.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let target = target.as_object_mut().expect("an object");
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// The release package schema with its `releases` `$ref` resolved locally to the release
/// schema patched with the budgetBreakdown extension's release schema: the release schema's
/// definitions move to the package's root so every `#/definitions/...` resolves there.
fn package_schema() -> Value {
    let mut release = fixture("release-schema.json");
    merge_patch(
        &mut release,
        &fixture("budget_breakdown/release-schema.json"),
    );
    assert!(
        release["definitions"]["Budget"]["properties"]["budgetBreakdown"].is_object(),
        "the extension is applied"
    );
    let mut package = fixture("release-package-schema.json");
    assert_eq!(
        package["properties"]["releases"]["items"]["$ref"],
        "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
    );
    let release = release.as_object_mut().expect("an object");
    let definitions = release.remove("definitions").expect("definitions");
    release.remove("id");
    release.remove("$schema");
    package["definitions"] = definitions;
    package["properties"]["releases"]["items"] = Value::Object(release.clone());
    package
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&package_schema())
        .expect("the OCDS schemas compile")
}

/// Every validation error, as `path: message`.
fn errors(validator: &jsonschema::Validator, package: &Value) -> Vec<String> {
    validator
        .iter_errors(package)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(validator: &jsonschema::Validator, package: &Value) {
    let errors = errors(validator, package);
    assert!(errors.is_empty(), "invalid OCDS: {errors:#?}\n{package:#}");
}

/// An OCDS amount (a JSON number in pounds) as integer pence; it must be exact to 2 dp.
fn pence(amount: &Value) -> i64 {
    let text = amount.to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, "0"));
    assert!(frac.len() <= 2, "at most two decimals: {text}");
    let whole: i64 = whole.parse().expect("a number");
    let frac: i64 = format!("{frac:0<2}").parse().expect("a number");
    whole * 100 + frac
}

async fn ocds(app: &TestApp, idea_id: &str) -> Value {
    ok(
        app.get(&format!("/api/v1/ideas/{idea_id}/ocds"), None)
            .await,
        StatusCode::OK,
    )
    .await
}

fn party<'a>(release: &'a Value, org_identifier: &str) -> &'a Value {
    release["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .find(|p| p["id"] == org_identifier)
        .unwrap_or_else(|| panic!("no party {org_identifier}: {release:#}"))
}

fn assert_identified(party: &Value, identifier: &str, name: &str) {
    let scheme = party["identifier"]["scheme"].as_str().expect("scheme");
    let id = party["identifier"]["id"].as_str().expect("id");
    assert_eq!(format!("{scheme}-{id}"), identifier);
    assert_eq!(scheme, "GB-COH", "the org-id register");
    assert_eq!(party["name"], name);
    assert_eq!(party["address"]["region"], "North West");
}

#[tokio::test]
async fn a_funded_idea_publishes_a_valid_package_with_its_parties_and_commitments() {
    let app = TestApp::spawn().await;
    // £100,000.01 over 4000 + 3500 + 3000 bp: fair shares and amounts with remainders.
    let funded = app
        .funded_idea(Plan {
            case: case_costing(10_000_001),
            rebate_bp: None,
            shares: vec![4_000, 3_500, 3_000],
        })
        .await;
    let package = ocds(&app, &funded.idea.id).await;
    assert_valid(&validator(), &package);
    assert_eq!(package["version"], "1.1");
    assert_eq!(
        package["uri"],
        format!("{PUBLIC_URL}/api/v1/ideas/{}/ocds", funded.idea.id)
    );
    assert!(package["extensions"][0]
        .as_str()
        .expect("an extension")
        .ends_with("ocds_budget_breakdown_extension/master/extension.json"));
    let releases = package["releases"].as_array().expect("releases");
    assert_eq!(releases.len(), 1, "one release until delivery starts");
    let release = &releases[0];
    let ocid = format!("ocds-cc2i01-{}", funded.idea.id);
    assert_eq!(release["ocid"], ocid.as_str());
    assert_eq!(release["id"], format!("{ocid}-funded"));
    assert_eq!(release["tag"], json!(["planning"]));
    assert_eq!(release["initiationType"], "tender");
    assert_eq!(package["publishedDate"], release["date"]);

    let proposer = &funded.proposer_org;
    assert_eq!(
        release["buyer"],
        json!({"id": proposer.identifier, "name": proposer.name})
    );
    let buyer = party(release, &proposer.identifier);
    assert_identified(buyer, &proposer.identifier, &proposer.name);
    assert_eq!(buyer["roles"], json!(["buyer"]));
    assert_eq!(
        release["parties"].as_array().expect("parties").len(),
        1 + funded.funders.len()
    );

    let budget = &release["planning"]["budget"];
    assert_eq!(budget["amount"]["currency"], "GBP");
    assert_eq!(pence(&budget["amount"]["amount"]), 10_000_001);
    assert_eq!(budget["amount"]["amount"].to_string(), "100000.01");
    let breakdown = budget["budgetBreakdown"].as_array().expect("breakdown");
    assert_eq!(breakdown.len(), 3);
    let commitments: Vec<Value> = ok(
        app.get(
            &format!("/api/v1/ideas/{}/commitments", funded.idea.id),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mut sum = 0;
    for (i, (_, org)) in funded.funders.iter().enumerate() {
        let entry = &breakdown[i];
        assert_eq!(entry["amount"]["currency"], "GBP");
        assert_eq!(
            entry["sourceParty"],
            json!({"id": org.identifier, "name": org.name})
        );
        let committed = commitments
            .iter()
            .find(|c| c["organisation_id"] == org.id.as_str())
            .unwrap_or_else(|| panic!("a commitment of {}: {commitments:#?}", org.id));
        assert_eq!(
            pence(&entry["amount"]["amount"]),
            committed["final_amount_pence"].as_i64().expect("pence")
        );
        sum += pence(&entry["amount"]["amount"]);
        let funder = party(release, &org.identifier);
        assert_identified(funder, &org.identifier, &org.name);
        assert_eq!(funder["roles"], json!(["funder", "payer", "sourceParty"]));
    }
    assert_eq!(sum, 10_000_001, "the commitments sum exactly to the budget");
    assert!(
        release["planning"].get("milestones").is_none(),
        "no milestones before delivery"
    );
    assert!(release.get("tender").is_none() && release.get("awards").is_none());
}

#[tokio::test]
async fn an_idea_in_delivery_adds_releases_with_its_milestones_and_keeps_earlier_ones() {
    let app = TestApp::spawn().await;
    let funded = app.funded_idea(Plan::shares(&[6_000, 6_000])).await;
    let before = ocds(&app, &funded.idea.id).await;
    app.start_delivery(&funded).await;
    let first = app.add_milestone(&funded, "Beta service", 4_000).await;
    let second = app.add_milestone(&funded, "Live service", 6_000).await;
    app.submit_milestone(&funded, &first.id).await;
    accept(&app, &funded, &first.id).await;

    let package = ocds(&app, &funded.idea.id).await;
    assert_valid(&validator(), &package);
    let releases = package["releases"].as_array().expect("releases");
    let ocid = format!("ocds-cc2i01-{}", funded.idea.id);
    let ids: Vec<&str> = releases
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            format!("{ocid}-funded"),
            format!("{ocid}-delivery-started"),
            format!("{ocid}-milestone-{}-planned", first.id),
            format!("{ocid}-milestone-{}-planned", second.id),
            format!("{ocid}-milestone-{}-met", first.id),
        ]
    );
    assert_eq!(
        releases[0], before["releases"][0],
        "a published release never changes"
    );
    let dates: Vec<&str> = releases
        .iter()
        .map(|r| r["date"].as_str().expect("date"))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by_key(|d| chrono::DateTime::parse_from_rfc3339(d).expect("a date"));
    assert_eq!(dates, sorted, "oldest first");
    for release in &releases[1..] {
        assert_eq!(release["tag"], json!(["planningUpdate"]));
    }
    let latest = releases.last().expect("a release");
    let milestones = latest["planning"]["milestones"]
        .as_array()
        .expect("milestones");
    assert_eq!(milestones.len(), 2);
    let met = milestones
        .iter()
        .find(|m| m["id"] == first.id.as_str())
        .expect("the first milestone");
    assert_eq!(met["title"], "Beta service");
    assert_eq!(met["type"], "delivery");
    assert_eq!(met["status"], "met");
    assert_eq!(met["dueDate"], "2027-06-30T00:00:00Z");
    assert!(met["dateMet"].as_str().is_some());
    let pending = milestones
        .iter()
        .find(|m| m["id"] == second.id.as_str())
        .expect("the second milestone");
    assert_eq!(pending["status"], "scheduled");
    assert!(pending.get("dateMet").is_none());
    // As of the second milestone's planning, the first was not met yet.
    let earlier = &releases[3]["planning"]["milestones"];
    assert_eq!(earlier.as_array().expect("milestones").len(), 2);
    assert!(earlier
        .as_array()
        .expect("milestones")
        .iter()
        .all(|m| m["status"] == "scheduled"));
    assert!(releases[1]["planning"].get("milestones").is_none());
}

async fn accept(app: &TestApp, funded: &Funded, milestone_id: &str) {
    for i in 0..funded.funders.len() {
        let now = app.decide(funded, i, milestone_id, true).await;
        if now.status == cc2i_shared::delivery::MilestoneStatus::Accepted {
            return;
        }
    }
    panic!("the milestone was not accepted");
}

#[tokio::test]
async fn a_delivered_idea_has_a_delivered_release_and_validates() {
    let app = TestApp::spawn().await;
    let funded = app.delivered_idea(Plan::shares(&[5_000, 5_000])).await;
    let package = ocds(&app, &funded.idea.id).await;
    assert_valid(&validator(), &package);
    let last = package["releases"]
        .as_array()
        .expect("releases")
        .last()
        .expect("a release")
        .clone();
    assert_eq!(
        last["id"],
        format!("ocds-cc2i01-{}-delivered", funded.idea.id)
    );
    assert_eq!(last["planning"]["milestones"][0]["status"], "met");
}

#[tokio::test]
async fn the_feed_returns_releases_since_a_time_in_pages_and_validates() {
    let app = TestApp::spawn().await;
    let early = app.funded_idea(Plan::shares(&[10_000, 5_000])).await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    let since = chrono::Utc::now();
    tokio::time::sleep(Duration::from_millis(20)).await;
    let late = app.funded_idea(Plan::shares(&[5_000, 5_000])).await;
    app.start_delivery(&late).await;
    app.add_milestone(&late, "Alpha", 2_000).await;
    // Funded before `since`, in delivery after it: only the new release is in the feed.
    app.start_delivery(&early).await;
    let early_ocid = format!("ocds-cc2i01-{}", early.idea.id);

    let validator = validator();
    let since_text = since.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let path = format!(
        "/api/v1/ocds/releases?since={}",
        since_text.replace('+', "%2B")
    );
    let package: Value = ok(app.get(&path, None).await, StatusCode::OK).await;
    assert_valid(&validator, &package);
    let ids: Vec<String> = package["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    let late_ocid = format!("ocds-cc2i01-{}", late.idea.id);
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(
        ids[..3].iter().all(|id| id.starts_with(&late_ocid)),
        "{ids:?}"
    );
    assert_eq!(ids[3], format!("{early_ocid}-delivery-started"));
    assert!(package.get("links").is_none(), "one page");
    for release in package["releases"].as_array().expect("releases") {
        let date = chrono::DateTime::parse_from_rfc3339(release["date"].as_str().expect("date"))
            .expect("a date");
        assert!(date >= since, "{date} is before {since}");
    }

    // All of them, one per page, through links.next.
    let mut seen: Vec<String> = Vec::new();
    let mut next = Some(format!("{PUBLIC_URL}/api/v1/ocds/releases?limit=1"));
    while let Some(url) = next {
        let path = url
            .strip_prefix(PUBLIC_URL)
            .expect("a link to this service");
        let page: Value = ok(app.get(path, None).await, StatusCode::OK).await;
        assert_valid(&validator, &page);
        let releases = page["releases"].as_array().expect("releases");
        assert_eq!(releases.len(), 1);
        seen.push(releases[0]["id"].as_str().expect("id").to_string());
        next = page["links"]["next"].as_str().map(str::to_string);
        assert!(seen.len() <= 5, "paging ends: {seen:?}");
    }
    assert_eq!(
        seen,
        [
            format!("{early_ocid}-funded"),
            format!("{late_ocid}-funded"),
            format!("{late_ocid}-delivery-started"),
            ids[2].clone(),
            ids[3].clone(),
        ]
    );

    let bad = problem(
        app.get("/api/v1/ocds/releases?since=yesterday", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(!bad.field("since").is_empty(), "{bad:?}");
    let bad = problem(
        app.get("/api/v1/ocds/releases?cursor=abc", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(!bad.field("cursor").is_empty(), "{bad:?}");
    let bad = problem(
        app.get("/api/v1/ocds/releases?limit=1000", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(!bad.field("limit").is_empty(), "{bad:?}");
    let empty: Value = ok(
        app.get("/api/v1/ocds/releases?since=2999-01-01T00:00:00Z", None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(empty["releases"], json!([]));
}

#[tokio::test]
async fn unfunded_and_private_ideas_have_no_ocds() {
    let app = TestApp::spawn().await;
    let proposer = app.user().await;
    let open = app.open_idea(&proposer).await;
    let refused = problem(
        app.get(&format!("/api/v1/ideas/{}/ocds", open.id), None)
            .await,
        StatusCode::NOT_FOUND,
        "ocds_not_published",
    )
    .await;
    assert!(refused.detail.contains("once it is funded"), "{refused:?}");
    let admin = app.admin().await;
    let closed: cc2i_shared::idea::Idea = ok(
        app.post(
            &format!("/api/v1/ideas/{}/close", open.id),
            Some(&admin),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed.status, IdeaStatus::NotFunded);
    let refused = problem(
        app.get(&format!("/api/v1/ideas/{}/ocds", open.id), None)
            .await,
        StatusCode::NOT_FOUND,
        "ocds_not_published",
    )
    .await;
    assert!(refused.detail.contains("not funded"), "{refused:?}");
    let org = app.verified_organisation(&proposer).await;
    let draft = app.draft_idea(&proposer, &org).await;
    for token in [None, Some(proposer.token.as_str())] {
        problem(
            app.get(&format!("/api/v1/ideas/{}/ocds", draft.id), token)
                .await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    problem(
        app.get("/api/v1/ideas/no-such-idea/ocds", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let feed: Value = ok(app.get("/api/v1/ocds/releases", None).await, StatusCode::OK).await;
    assert_eq!(
        feed["releases"],
        json!([]),
        "nothing funded, nothing published"
    );
}

/// A way to break a valid package.
type Breakage = fn(&mut Value);

#[tokio::test]
async fn the_validator_rejects_broken_copies_so_it_cannot_pass_vacuously() {
    let app = TestApp::spawn().await;
    let funded = app.funded_idea(Plan::shares(&[6_000, 6_000])).await;
    let package = ocds(&app, &funded.idea.id).await;
    let validator = validator();
    assert_valid(&validator, &package);
    let breakages: [(&str, Breakage); 6] = [
        ("a currency outside the codelist", |p| {
            p["releases"][0]["planning"]["budget"]["amount"]["currency"] = json!("POUNDS")
        }),
        ("an amount as a string", |p| {
            p["releases"][0]["planning"]["budget"]["amount"]["amount"] = json!("100.00")
        }),
        ("a release without a tag", |p| {
            p["releases"][0]
                .as_object_mut()
                .expect("a release")
                .remove("tag");
        }),
        ("a tag outside the closed codelist", |p| {
            p["releases"][0]["tag"] = json!(["funded"])
        }),
        // Only the budgetBreakdown extension requires an id: proves it is applied.
        ("a budget breakdown entry without an id", |p| {
            p["releases"][0]["planning"]["budget"]["budgetBreakdown"][0]
                .as_object_mut()
                .expect("an entry")
                .remove("id");
        }),
        ("a package version that is not major.minor", |p| {
            p["version"] = json!("1.1.4")
        }),
    ];
    for (what, breakage) in breakages {
        let mut broken = package.clone();
        breakage(&mut broken);
        assert!(
            !errors(&validator, &broken).is_empty(),
            "the validator accepts {what}"
        );
    }
}

#[tokio::test]
async fn the_ocid_prefix_is_configurable() {
    let app = TestApp::spawn_with(&[("CC2I_OCID_PREFIX", "ocds-abc123")]).await;
    let funded = app.funded_idea(Plan::shares(&[6_000, 6_000])).await;
    let package = ocds(&app, &funded.idea.id).await;
    assert_valid(&validator(), &package);
    let ocid = format!("ocds-abc123-{}", funded.idea.id);
    assert_eq!(package["releases"][0]["ocid"], ocid.as_str());
    assert_eq!(package["releases"][0]["id"], format!("{ocid}-funded"));
    let budget_id = &package["releases"][0]["planning"]["budget"]["id"];
    assert_eq!(budget_id, &json!(format!("{ocid}-commitments")));
}
