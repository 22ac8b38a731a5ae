//! When an idea is published: score every verified organisation, store the audience above
//! the threshold, and tell its members — in the publishing transaction.

use std::collections::HashMap;

use diesel::prelude::*;

use super::profiles::{self, Ideas, Orgs};
use crate::db::schema::{idea_audience, memberships};
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::notifications::repo::{notify_many, Message};
use cc2i_shared::radar::{fit, score, AUDIENCE_THRESHOLD};

/// Scores every verified organisation against the idea: those at or above the threshold,
/// best first, as `(organisation id, score, reasons)`. Scores first, words only for the
/// audience.
pub fn compute(
    conn: &mut AnyConnection,
    idea_id: &str,
) -> Result<Vec<(String, u32, Vec<String>)>, ApiError> {
    let Some((_, profile)) = profiles::ideas(conn, Ideas::One(idea_id))?.pop() else {
        return Ok(Vec::new());
    };
    let mut audience: Vec<(String, u32, Vec<String>)> =
        profiles::organisations(conn, Orgs::For(&profile))?
            .iter()
            .filter(|org| score(&profile, org).is_some_and(|s| s >= AUDIENCE_THRESHOLD))
            .filter_map(|org| fit(&profile, org).map(|f| (org.id.clone(), f.score, f.reasons)))
            .collect();
    audience.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(audience)
}

/// A row of `idea_audience` as written.
#[derive(Insertable)]
#[diesel(table_name = idea_audience)]
struct NewAudience<'a> {
    idea_id: &'a str,
    organisation_id: &'a str,
    score: i32,
    reasons: String,
    notified_at: chrono::NaiveDateTime,
}

/// Computes, stores and notifies the audience of a just-published idea; returns its size.
/// However large the audience, this is a few multi-row statements.
pub fn announce(conn: &mut AnyConnection, idea: &IdeaRow) -> Result<usize, ApiError> {
    let audience = compute(conn, &idea.id)?;
    let at = now();
    let rows: Vec<NewAudience> = audience
        .iter()
        .map(|(org, score, reasons)| NewAudience {
            idea_id: &idea.id,
            organisation_id: org,
            score: *score as i32,
            reasons: serde_json::to_string(reasons).unwrap_or_default(),
            notified_at: at,
        })
        .collect();
    crate::insert_batch!(conn, idea_audience::table, &rows)?;
    let orgs: Vec<&String> = audience.iter().map(|(org, _, _)| org).collect();
    let mut people: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in orgs.chunks(crate::db::batch::CHUNK) {
        for (org, user) in memberships::table
            .filter(memberships::organisation_id.eq_any(chunk))
            .select((memberships::organisation_id, memberships::user_id))
            .load::<(String, String)>(conn)?
        {
            people.entry(org).or_default().push(user);
        }
    }
    let messages: Vec<(&[String], Message)> = audience
        .iter()
        .filter_map(|(org, _, reasons)| {
            let to = people.get(org).filter(|p| !p.is_empty())?;
            Some((
                to.as_slice(),
                Message {
                    kind: "idea_matches_you",
                    title: format!("New idea for your organisation: “{}”", idea.title),
                    body: format!("Why you: {}.", reasons.join("; ")),
                    link: format!("/ideas/{}", idea.id),
                },
            ))
        })
        .collect();
    let batches: Vec<(&[String], &Message)> = messages.iter().map(|(to, m)| (*to, m)).collect();
    notify_many(conn, &batches)?;
    Ok(audience.len())
}
