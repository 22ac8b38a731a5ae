//! One funded idea's OCDS releases, each the state of the planning process as of one event:
//! funded (`planning`), then `planningUpdate` for delivery starting, each milestone planned,
//! each milestone met, and delivery accepted. A release's id and content depend only on
//! what had happened by its date, so a release never changes once published.

use chrono::{NaiveDate, NaiveDateTime, SecondsFormat};
use serde_json::{json, Map, Value};

use super::facts::{Facts, Party};
use crate::db::utc;
use crate::delivery::repo::MilestoneRow;
use cc2i_shared::delivery::MilestoneStatus;
use cc2i_shared::identifier::split_identifier;
use cc2i_shared::Region;

/// One release with what orders it.
#[derive(Debug, Clone)]
pub struct Release {
    /// Its date.
    pub date: NaiveDateTime,
    /// Its id, unique across every idea (it starts with the ocid).
    pub id: String,
    /// The release itself.
    pub body: Value,
}

/// The idea's ocid: `<prefix>-<idea id>`.
pub fn ocid(prefix: &str, idea_id: &str) -> String {
    format!("{prefix}-{idea_id}")
}

/// An instant as RFC 3339 in UTC.
pub fn timestamp(at: NaiveDateTime) -> String {
    utc(at).to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Pence as an OCDS amount in pounds: a JSON number exact to two decimal places (the
/// nearest double to pence/100 prints as that decimal for any |pence| below 2^53).
pub fn pounds(pence: i64) -> Value {
    serde_json::Number::from_f64(pence as f64 / 100.0).map_or(Value::Null, Value::Number)
}

/// An OCDS `Value`.
fn value(pence: i64, currency: &str) -> Value {
    json!({"amount": pounds(pence), "currency": currency})
}

/// What happened, in the order it is published when two events share an instant.
enum Event<'a> {
    Funded,
    DeliveryStarted,
    MilestonePlanned(&'a MilestoneRow),
    MilestoneMet(&'a MilestoneRow),
    Delivered,
}

/// Every release of the idea, oldest first.
pub fn releases(facts: &Facts, prefix: &str) -> Vec<Release> {
    let ocid = ocid(prefix, &facts.idea.id);
    let mut events: Vec<(NaiveDateTime, Event)> = vec![(facts.funded_at, Event::Funded)];
    if let Some((started, delivered)) = facts.delivery {
        events.push((started, Event::DeliveryStarted));
        for m in &facts.milestones {
            events.push((m.created_at.max(started), Event::MilestonePlanned(m)));
            if let (MilestoneStatus::Accepted, Some(at)) = (m.status(), m.decided_at) {
                events.push((at, Event::MilestoneMet(m)));
            }
        }
        if let Some(at) = delivered {
            events.push((at, Event::Delivered));
        }
    }
    events.sort_by_key(|(at, _)| *at);
    events
        .into_iter()
        .map(|(at, event)| {
            let (suffix, tag) = match event {
                Event::Funded => ("funded".to_string(), "planning"),
                Event::DeliveryStarted => ("delivery-started".to_string(), "planningUpdate"),
                Event::MilestonePlanned(m) => {
                    (format!("milestone-{}-planned", m.id), "planningUpdate")
                }
                Event::MilestoneMet(m) => (format!("milestone-{}-met", m.id), "planningUpdate"),
                Event::Delivered => ("delivered".to_string(), "planningUpdate"),
            };
            let id = format!("{ocid}-{suffix}");
            Release {
                date: at,
                body: release(facts, &ocid, &id, tag, at),
                id,
            }
        })
        .collect()
}

/// The release with id `id`: the state as of `at`.
fn release(facts: &Facts, ocid: &str, id: &str, tag: &str, at: NaiveDateTime) -> Value {
    let idea = &facts.idea;
    let currency = idea.currency.as_str();
    let total: i64 = facts
        .funders
        .iter()
        .map(|(f, _)| f.final_amount_pence)
        .sum();
    let breakdown: Vec<Value> = facts
        .funders
        .iter()
        .map(|(f, party)| {
            json!({
                "id": f.pledge_id,
                "description": format!(
                    "Commitment of {} at a final share of {}",
                    party.name,
                    cc2i_shared::money::format_bp(f.final_share_bp)
                ),
                "amount": value(f.final_amount_pence, currency),
                "sourceParty": reference(party),
            })
        })
        .collect();
    let mut budget = json!({
        "id": format!("{ocid}-commitments"),
        "description": "The funders' commitments at their fair shares, made when the campaign closed funded on CC2i",
        "amount": value(total, currency),
        "project": idea.title,
        "projectID": idea.id,
    });
    if !breakdown.is_empty() {
        budget["budgetBreakdown"] = Value::Array(breakdown);
    }
    let mut planning = json!({"rationale": idea.summary, "budget": budget});
    let milestones: Vec<Value> = facts
        .milestones
        .iter()
        .filter(|m| {
            facts
                .delivery
                .is_some_and(|(started, _)| m.created_at.max(started) <= at)
        })
        .map(|m| milestone(m, at))
        .collect();
    if !milestones.is_empty() {
        planning["milestones"] = Value::Array(milestones);
    }
    json!({
        "ocid": ocid,
        "id": id,
        "date": timestamp(at),
        "tag": [tag],
        "initiationType": "tender",
        "language": "en",
        "buyer": reference(&facts.proposer),
        "parties": parties(facts),
        "planning": planning,
    })
}

/// The proposer as buyer, then each funder as funder, payer and budget source (one entry
/// per organisation, so a proposer that also funds has every role in one entry).
fn parties(facts: &Facts) -> Vec<Value> {
    let mut out: Vec<(Party, Vec<&str>)> = vec![(facts.proposer.clone(), vec!["buyer"])];
    for (_, party) in &facts.funders {
        let roles = ["funder", "payer", "sourceParty"];
        match out
            .iter_mut()
            .find(|(p, _)| p.identifier == party.identifier)
        {
            Some((_, existing)) => existing.extend(roles),
            None => out.push((party.clone(), roles.to_vec())),
        }
    }
    out.into_iter()
        .map(|(party, roles)| {
            let mut entry = Map::new();
            entry.insert("id".into(), json!(party.identifier));
            entry.insert("name".into(), json!(party.name));
            let identifier = match split_identifier(&party.identifier) {
                Some((scheme, id)) => json!({"scheme": scheme, "id": id, "legalName": party.name}),
                None => json!({"id": party.identifier, "legalName": party.name}),
            };
            entry.insert("identifier".into(), identifier);
            if let Some(region) = Region::from_code(&party.region) {
                entry.insert(
                    "address".into(),
                    json!({"region": region.label(), "countryName": "United Kingdom"}),
                );
            }
            entry.insert("roles".into(), json!(roles));
            Value::Object(entry)
        })
        .collect()
}

/// An OCDS `OrganizationReference` to a party.
fn reference(party: &Party) -> Value {
    json!({"id": party.identifier, "name": party.name})
}

/// A delivery milestone as of `at`: met once its acceptance had happened by then.
fn milestone(m: &MilestoneRow, at: NaiveDateTime) -> Value {
    let met = match (m.status(), m.decided_at) {
        (MilestoneStatus::Accepted, Some(decided)) if decided <= at => Some(decided),
        _ => None,
    };
    let mut out = json!({
        "id": m.id,
        "title": m.title,
        "description": m.description,
        "type": "delivery",
        "status": if met.is_some() { "met" } else { "scheduled" },
    });
    if let Ok(due) = NaiveDate::parse_from_str(&m.due_date, "%Y-%m-%d") {
        out["dueDate"] = json!(timestamp(due.and_time(chrono::NaiveTime::MIN)));
    }
    if let Some(decided) = met {
        out["dateMet"] = json!(timestamp(decided));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pounds;

    #[test]
    fn pounds_print_exactly_to_two_decimals() {
        for pence in [
            0_i64,
            1,
            5,
            10,
            99,
            100,
            101,
            12_345,
            15_000_000,
            499_999_999_999,
            -5,
        ] {
            let text = pounds(pence).to_string();
            let whole = pence.abs() / 100;
            let frac = pence.abs() % 100;
            let sign = if pence < 0 { "-" } else { "" };
            let expected = match frac {
                0 => format!("{sign}{whole}.0"),
                f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
                f => format!("{sign}{whole}.{f:02}"),
            };
            assert_eq!(text, expected, "{pence}");
        }
    }
}
