//! The wire view of a milestone: its tally, each funder's decision, payments and timeline.

use chrono::NaiveDate;

use super::funders::{self, Funder};
use super::repo::{self, MilestoneRow};
use crate::db::{utc, AnyConnection};
use crate::error::ApiError;
use crate::pledges::rows::amount_of;
use cc2i_shared::delivery::{
    AcceptanceDecision, DeliveryMilestone, FunderAcceptance, MilestoneEvent, MilestoneEventKind,
    MilestonePayment, MilestoneTally,
};

/// What the view needs to know about the idea.
pub struct IdeaContext {
    /// The proposing organisation's name.
    pub proposer_name: String,
    /// The funders, in pledge order.
    pub funders: Vec<Funder>,
}

impl IdeaContext {
    /// Loads it for an idea.
    pub fn load(
        conn: &mut AnyConnection,
        idea_id: &str,
        proposer_id: &str,
    ) -> Result<Self, ApiError> {
        Ok(IdeaContext {
            proposer_name: funders::name_of(conn, proposer_id)?,
            funders: funders::of_idea(conn, idea_id)?,
        })
    }

    fn funder_name(&self, org_id: &str) -> String {
        self.funders
            .iter()
            .find(|f| f.organisation_id == org_id)
            .map(|f| f.name.clone())
            .unwrap_or_default()
    }
}

/// Parses a stored due date.
pub fn parse_due(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

/// The full view of one milestone.
pub fn milestone(
    conn: &mut AnyConnection,
    row: MilestoneRow,
    ctx: &IdeaContext,
) -> Result<DeliveryMilestone, ApiError> {
    let submissions = repo::submissions_of(conn, &row.id)?;
    let decisions = repo::decisions_of(conn, &row.id)?;
    let paid = repo::payments_of(conn, &row.id)?;
    let current: Vec<_> = decisions
        .iter()
        .filter(|d| row.submission > 0 && d.submission == row.submission)
        .collect();
    let mut tally = MilestoneTally::default();
    let funders: Vec<FunderAcceptance> = ctx
        .funders
        .iter()
        .map(|f| {
            let mine = current
                .iter()
                .find(|d| d.organisation_id == f.organisation_id);
            let decision = mine.and_then(|d| AcceptanceDecision::from_code(&d.decision));
            match decision {
                Some(AcceptanceDecision::Accept) => tally.accepted_bp += f.final_share_bp,
                Some(AcceptanceDecision::Reject) => tally.rejected_bp += f.final_share_bp,
                None => tally.pending_bp += f.final_share_bp,
            }
            FunderAcceptance {
                organisation_id: f.organisation_id.clone(),
                organisation_name: f.name.clone(),
                final_share_bp: f.final_share_bp,
                decision,
                note: mine.and_then(|d| d.note.clone()),
                decided_at: mine.map(|d| utc(d.created_at)),
            }
        })
        .collect();
    let payments = ctx
        .funders
        .iter()
        .filter_map(|f| {
            paid.iter()
                .find(|(org, _)| *org == f.organisation_id)
                .map(|(_, amount)| MilestonePayment {
                    organisation_id: f.organisation_id.clone(),
                    organisation_name: f.name.clone(),
                    amount_pence: *amount,
                })
        })
        .collect();
    let mut history = vec![MilestoneEvent {
        kind: MilestoneEventKind::Planned,
        at: utc(row.created_at),
        submission: 0,
        organisation_name: ctx.proposer_name.clone(),
        text: None,
    }];
    for s in &submissions {
        history.push(MilestoneEvent {
            kind: MilestoneEventKind::Submitted,
            at: utc(s.submitted_at),
            submission: s.submission,
            organisation_name: ctx.proposer_name.clone(),
            text: Some(s.evidence.clone()),
        });
        for d in decisions.iter().filter(|d| d.submission == s.submission) {
            history.push(MilestoneEvent {
                kind: if d.decision == AcceptanceDecision::Accept.code() {
                    MilestoneEventKind::FunderAccepted
                } else {
                    MilestoneEventKind::FunderRejected
                },
                at: utc(d.created_at),
                submission: s.submission,
                organisation_name: ctx.funder_name(&d.organisation_id),
                text: d.note.clone(),
            });
        }
        if let (Some(outcome), Some(at)) = (&s.outcome, s.decided_at) {
            history.push(MilestoneEvent {
                kind: if outcome == "accepted" {
                    MilestoneEventKind::Accepted
                } else {
                    MilestoneEventKind::Rejected
                },
                at: utc(at),
                submission: s.submission,
                organisation_name: String::new(),
                text: None,
            });
        }
    }
    history.sort_by_key(|e| e.at);
    Ok(DeliveryMilestone {
        status: row.status(),
        payment_pence: amount_of(funders::build_cost(&ctx.funders), row.payment_bp),
        due_date: parse_due(&row.due_date),
        id: row.id,
        idea_id: row.idea_id,
        title: row.title,
        description: row.description,
        payment_bp: row.payment_bp,
        submission: row.submission,
        evidence: row.evidence,
        submitted_at: row.submitted_at.map(utc),
        decided_at: row.decided_at.map(utc),
        tally,
        funders,
        payments,
        paid_pence: row.paid_pence,
        history,
        created_at: utc(row.created_at),
    })
}
