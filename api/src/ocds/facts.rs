//! What an idea's OCDS releases are made of, read from the database.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::organisations;
use crate::db::AnyConnection;
use crate::delivery::funders::{self, Funder};
use crate::delivery::repo::{self as delivery, MilestoneRow};
use crate::error::ApiError;
use crate::ideas::rows::IdeaRow;
use cc2i_shared::lifecycle::IdeaStatus;

/// The statuses that have OCDS releases: funded and everything after it.
pub const PUBLISHED: [IdeaStatus; 3] = [
    IdeaStatus::Funded,
    IdeaStatus::InDelivery,
    IdeaStatus::Delivered,
];

/// An organisation as a party.
#[derive(Debug, Clone)]
pub struct Party {
    /// Its name.
    pub name: String,
    /// Its org-id identifier, like `GB-LAE-KIR`.
    pub identifier: String,
    /// Its region code.
    pub region: String,
}

/// Everything the releases of one funded idea say.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The idea.
    pub idea: IdeaRow,
    /// When its campaign closed funded (its deadline if that was not recorded).
    pub funded_at: NaiveDateTime,
    /// The proposing organisation.
    pub proposer: Party,
    /// Each funder's commitment and organisation, earliest pledge first.
    pub funders: Vec<(Funder, Party)>,
    /// When delivery started and, if it has, when it was delivered.
    pub delivery: Option<(NaiveDateTime, Option<NaiveDateTime>)>,
    /// The delivery milestones, soonest due first.
    pub milestones: Vec<MilestoneRow>,
}

/// The facts of a funded-or-later idea.
pub fn load(conn: &mut AnyConnection, idea: IdeaRow) -> Result<Facts, ApiError> {
    let commitments = funders::of_idea(conn, &idea.id)?;
    let mut ids: Vec<&str> = commitments
        .iter()
        .map(|f| f.organisation_id.as_str())
        .collect();
    ids.push(&idea.organisation_id);
    let parties: HashMap<String, Party> = organisations::table
        .filter(organisations::id.eq_any(&ids))
        .select((
            organisations::id,
            organisations::name,
            organisations::identifier,
            organisations::region,
        ))
        .load::<(String, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, identifier, region)| {
            (
                id,
                Party {
                    name,
                    identifier,
                    region,
                },
            )
        })
        .collect();
    let proposer = parties
        .get(&idea.organisation_id)
        .cloned()
        .ok_or_else(|| ApiError::Internal(format!("idea {} has no organisation", idea.id)))?;
    let funders = commitments
        .into_iter()
        .map(|f| {
            let party = parties
                .get(&f.organisation_id)
                .cloned()
                .unwrap_or_else(|| Party {
                    name: f.name.clone(),
                    identifier: String::new(),
                    region: String::new(),
                });
            (f, party)
        })
        .collect();
    let delivery = delivery::delivery_of(conn, &idea.id)?;
    let milestones = if delivery.is_some() {
        delivery::of_idea(conn, &idea.id)?
    } else {
        Vec::new()
    };
    Ok(Facts {
        funded_at: idea.closed_at.unwrap_or(idea.deadline),
        idea,
        proposer,
        funders,
        delivery,
        milestones,
    })
}
