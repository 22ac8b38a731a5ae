//! When an idea is published: score every verified organisation, store the audience above
//! the threshold, and tell its members — in the publishing transaction.

use diesel::prelude::*;

use super::profiles;
use crate::db::schema::idea_audience;
use crate::db::{now, AnyConnection};
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use crate::notifications::repo::{members, notify, Message};
use cc2i_shared::radar::{fit, AUDIENCE_THRESHOLD};

/// Computes, stores and notifies the audience of a just-published idea; returns its size.
pub fn announce(conn: &mut AnyConnection, idea: &IdeaRow) -> Result<usize, ApiError> {
    let Some((_, profile)) = profiles::ideas(conn, Some(&idea.id))?.pop() else {
        return Ok(0);
    };
    let mut audience: Vec<(String, u32, Vec<String>)> = profiles::organisations(conn, None)?
        .iter()
        .filter_map(|org| fit(&profile, org).map(|f| (org.id.clone(), f.score, f.reasons)))
        .filter(|(_, score, _)| *score >= AUDIENCE_THRESHOLD)
        .collect();
    audience.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
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
