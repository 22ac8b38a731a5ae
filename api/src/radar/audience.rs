//! When an idea is published: score every verified organisation, store the audience above
//! the threshold, and tell its members — in the publishing transaction.

use diesel::prelude::*;

use super::profiles::{self, Ideas, Orgs};
use crate::db::schema::idea_audience;
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::notifications::repo::{members, notify, Message};
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

/// Computes, stores and notifies the audience of a just-published idea; returns its size.
pub fn announce(conn: &mut AnyConnection, idea: &IdeaRow) -> Result<usize, ApiError> {
    let audience = compute(conn, &idea.id)?;
    let at = now();
    for (org, score, reasons) in &audience {
        diesel::insert_into(idea_audience::table)
            .values((
                idea_audience::idea_id.eq(&idea.id),
                idea_audience::organisation_id.eq(org),
                idea_audience::score.eq(*score as i32),
                idea_audience::reasons.eq(serde_json::to_string(reasons).unwrap_or_default()),
                idea_audience::notified_at.eq(at),
            ))
            .execute(conn)?;
        let to = members(conn, org, false, None)?;
        notify(
            conn,
            &to,
            &Message {
                kind: "idea_matches_you",
                title: format!("New idea for your organisation: “{}”", idea.title),
                body: format!("Why you: {}.", reasons.join("; ")),
                link: format!("/ideas/{}", idea.id),
            },
        )?;
    }
    Ok(audience.len())
}
