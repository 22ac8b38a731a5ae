//! The funders' backlog: requirements that funders add and vote on, and the pure tally that
//! ranks them. The API and the browser both use [`tally`], [`rank`] and [`score_shares`].

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

use crate::fair_share::largest_remainder;
use crate::idea::VotingModel;
use crate::lifecycle::IdeaStatus;
use crate::pledge::PledgeStatus;

/// Longest status note.
pub const MAX_NOTE_CHARS: u64 = 2000;

/// Where a requirement stands, as its proposer decides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequirementStatus {
    /// Added, not yet considered.
    #[default]
    Proposed,
    /// The proposer agrees it should be built.
    Accepted,
    /// Scheduled for a release or milestone.
    Planned,
    /// Being built.
    InProgress,
    /// Built.
    Done,
    /// Will not be built (the note says why).
    Declined,
}

impl RequirementStatus {
    /// Every status, in the order of a requirement's life.
    pub const ALL: &'static [RequirementStatus] = &[
        RequirementStatus::Proposed,
        RequirementStatus::Accepted,
        RequirementStatus::Planned,
        RequirementStatus::InProgress,
        RequirementStatus::Done,
        RequirementStatus::Declined,
    ];

    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            RequirementStatus::Proposed => "proposed",
            RequirementStatus::Accepted => "accepted",
            RequirementStatus::Planned => "planned",
            RequirementStatus::InProgress => "in_progress",
            RequirementStatus::Done => "done",
            RequirementStatus::Declined => "declined",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        RequirementStatus::ALL
            .iter()
            .copied()
            .find(|s| s.code() == code)
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            RequirementStatus::Proposed => "Proposed",
            RequirementStatus::Accepted => "Accepted",
            RequirementStatus::Planned => "Planned",
            RequirementStatus::InProgress => "In progress",
            RequirementStatus::Done => "Done",
            RequirementStatus::Declined => "Declined",
        }
    }

    /// Done and declined requirements take no more votes and keep the ones they have.
    pub fn is_closed(self) -> bool {
        matches!(self, RequirementStatus::Done | RequirementStatus::Declined)
    }
}

/// Whether an idea in this status takes new requirements and votes: once published and
/// until it is withdrawn or not funded.
pub fn accepts_requirements(status: IdeaStatus) -> bool {
    matches!(
        status,
        IdeaStatus::Open | IdeaStatus::Funded | IdeaStatus::InDelivery | IdeaStatus::Delivered
    )
}

/// What an organisation's pledge gives it in the backlog: its weight in basis points while
/// the pledge counts (active with its condition met: the pledged share; committed: the final
/// share), or `None` when the pledge does not make it a funder.
pub fn funder_share(
    status: PledgeStatus,
    condition_met: bool,
    share_bp: i64,
    final_share_bp: Option<i64>,
) -> Option<i64> {
    match status {
        PledgeStatus::Active if condition_met => Some(share_bp),
        PledgeStatus::Committed => Some(final_share_bp.unwrap_or(share_bp)),
        _ => None,
    }
}

/// One organisation's vote, as the tally needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct VoteInput {
    /// The voting organisation.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// Its share now (see [`funder_share`]); `None` once it no longer funds the idea.
    pub share_bp: Option<i64>,
    /// When it voted.
    pub voted_at: DateTime<Utc>,
}

/// One organisation that voted for a requirement, and what its vote weighs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Voter {
    /// The organisation.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// What its vote adds to the score: 1 under `one_org_one_vote`, its share in basis
    /// points under `share_weighted`, 0 when it no longer funds the idea.
    pub weight: i64,
    /// Whether the vote counts: only funders' votes do (a vote stays, not counting, while
    /// its organisation's pledge does not count).
    pub counting: bool,
    /// When it voted.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub voted_at: DateTime<Utc>,
}

/// A requirement's votes added up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Tally {
    /// The sum of the counting votes' weights: a number of organisations under
    /// `one_org_one_vote`, basis points of share under `share_weighted`.
    pub score: i64,
    /// How many votes count.
    pub votes: i64,
    /// Every vote, heaviest first (then earliest, then by organisation id).
    pub voters: Vec<Voter>,
}

/// What one vote weighs under `model` for an organisation with this share (`None`: not a
/// funder, so nothing).
pub fn weight(model: VotingModel, share_bp: Option<i64>) -> i64 {
    match (model, share_bp) {
        (_, None) => 0,
        (VotingModel::OneOrgOneVote, Some(_)) => 1,
        (VotingModel::ShareWeighted, Some(share)) => share.max(0),
    }
}

/// Adds up one requirement's votes under `model`.
pub fn tally(model: VotingModel, votes: &[VoteInput]) -> Tally {
    let mut voters: Vec<Voter> = votes
        .iter()
        .map(|v| Voter {
            organisation_id: v.organisation_id.clone(),
            organisation_name: v.organisation_name.clone(),
            weight: weight(model, v.share_bp),
            counting: v.share_bp.is_some(),
            voted_at: v.voted_at,
        })
        .collect();
    voters.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then(a.voted_at.cmp(&b.voted_at))
            .then_with(|| a.organisation_id.cmp(&b.organisation_id))
    });
    Tally {
        score: voters.iter().map(|v| v.weight).sum(),
        votes: voters.iter().filter(|v| v.counting).count() as i64,
        voters,
    }
}

/// The backlog order: highest score first; equal scores oldest first, then by id, so the
/// order never depends on how the rows were read.
pub fn rank_order(a: (i64, DateTime<Utc>, &str), b: (i64, DateTime<Utc>, &str)) -> Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then_with(|| a.2.cmp(b.2))
}

/// Sorts requirements into the backlog order (see [`rank_order`]).
pub fn rank(list: &mut [Requirement]) {
    list.sort_by(|a, b| {
        rank_order(
            (a.tally.score, a.created_at, &a.id),
            (b.tally.score, b.created_at, &b.id),
        )
    });
}

/// Each score's share of all the scores in basis points, summing to exactly 10000 when any
/// score is above zero (largest remainder, ties to the earlier position); all zero otherwise.
pub fn score_shares(scores: &[i64]) -> Vec<i64> {
    let clean: Vec<i64> = scores.iter().map(|s| (*s).max(0)).collect();
    largest_remainder(&clean, 10_000)
}

/// An organisation, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrganisationRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// One change of a requirement's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StatusChange {
    /// The status it took.
    pub status: RequirementStatus,
    /// The proposer's note, if any.
    pub note: Option<String>,
    /// When.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub changed_at: DateTime<Utc>,
}

/// A requirement with its tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Requirement {
    /// Opaque id.
    pub id: String,
    /// The idea it is for.
    pub idea_id: String,
    /// A short name.
    pub title: String,
    /// What is needed and why.
    pub description: String,
    /// Where it stands.
    pub status: RequirementStatus,
    /// The proposer's note on the current status.
    pub status_note: Option<String>,
    /// The organisation that added it (never the person).
    pub organisation: OrganisationRef,
    /// The votes added up under the idea's voting model.
    pub tally: Tally,
    /// Its score's share of the whole backlog's score, in basis points (the shares of a
    /// backlog sum to exactly 10000 once anything has a score).
    pub score_share_bp: i64,
    /// Which of the caller's organisations have voted for it.
    pub voted_by_you: Vec<String>,
    /// Every status it has had, oldest first (it starts `proposed`).
    pub history: Vec<StatusChange>,
    /// When it was added.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub created_at: DateTime<Utc>,
    /// When its status last changed.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub updated_at: DateTime<Utc>,
}

/// What the caller may do with a backlog.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BacklogViewer {
    /// Whether they may add requirements (a member of a funder or of the proposer).
    pub can_add: bool,
    /// Whether they set statuses and the voting model (owner or admin of the proposer).
    pub can_manage: bool,
    /// The funding organisations they may vote for, by pledge time.
    pub voting_organisations: Vec<OrganisationRef>,
    /// The organisations they may add requirements for: the proposer first (if they belong
    /// to it), then their funders; the first is the default.
    pub authoring_organisations: Vec<OrganisationRef>,
}

/// An idea's backlog, in backlog order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Backlog {
    /// The idea.
    pub idea_id: String,
    /// How votes are weighed.
    pub voting_model: VotingModel,
    /// Whether requirements may be added and voted on now (open, funded, in delivery or
    /// delivered).
    pub accepting: bool,
    /// The sum of every requirement's score.
    pub total_score: i64,
    /// Highest score first; equal scores oldest first.
    pub requirements: Vec<Requirement>,
    /// What the caller may do; absent when not signed in.
    pub viewer: Option<BacklogViewer>,
}

impl Backlog {
    /// Puts a changed requirement (such as the answer to a vote) in place of its old self,
    /// or adds it, then restores the backlog order, the score shares and the total.
    pub fn replace(&mut self, requirement: Requirement) {
        match self
            .requirements
            .iter_mut()
            .find(|r| r.id == requirement.id)
        {
            Some(old) => *old = requirement,
            None => self.requirements.push(requirement),
        }
        self.settle();
    }

    /// Puts the requirements in backlog order and sets their score shares and the total.
    pub fn settle(&mut self) {
        rank(&mut self.requirements);
        let scores: Vec<i64> = self.requirements.iter().map(|r| r.tally.score).collect();
        for (r, share) in self.requirements.iter_mut().zip(score_shares(&scores)) {
            r.score_share_bp = share;
        }
        self.total_score = scores.iter().sum();
    }
}

fn not_blank(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        let mut e = ValidationError::new("blank");
        e.message = Some("must not be blank".into());
        Err(e)
    } else {
        Ok(())
    }
}

/// A new requirement for an idea's backlog.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRequirement {
    /// 5 to 120 characters.
    #[validate(
        length(min = 5, max = 120, message = "must be between 5 and 120 characters"),
        custom(function = "not_blank")
    )]
    #[schema(
        min_length = 5,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]",
        max_length = 120,
        example = "Let tenants attach a video"
    )]
    pub title: String,
    /// What is needed and why, 1 to 5000 characters.
    #[validate(
        length(min = 1, max = 5000, message = "must be between 1 and 5000 characters"),
        custom(function = "not_blank")
    )]
    #[schema(
        min_length = 1,
        max_length = 5000,
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub description: String,
    /// On whose behalf: one of your funding organisations or the proposing organisation.
    /// Absent: the proposing organisation if you belong to it, else your earliest funder.
    #[validate(length(min = 1, max = 64, message = "must be an organisation id"))]
    #[schema(min_length = 1, max_length = 64)]
    pub organisation_id: Option<String>,
}

/// A vote for a requirement on behalf of a funding organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CastVote {
    /// The funding organisation you vote for (you must belong to it).
    #[validate(length(min = 1, max = 64, message = "must be an organisation id"))]
    #[schema(min_length = 1, max_length = 64)]
    pub organisation_id: String,
}

fn note_when_declined(change: &UpdateRequirement) -> Result<(), ValidationError> {
    let blank = change.note.as_deref().is_none_or(|n| n.trim().is_empty());
    if change.status == RequirementStatus::Declined && blank {
        let mut e = ValidationError::new("note");
        e.message = Some("must say why when declining".into());
        Err(e)
    } else {
        Ok(())
    }
}

/// The proposer's decision on a requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[validate(schema(function = "note_when_declined", skip_on_field_errors = false))]
pub struct UpdateRequirement {
    /// The new status.
    pub status: RequirementStatus,
    /// Why, up to 2000 characters; required when declining.
    #[validate(length(max = 2000, message = "must be 2000 characters or fewer"))]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// How the idea's backlog votes are weighed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetVotingModel {
    /// `one_org_one_vote` or `share_weighted`.
    pub voting_model: VotingModel,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 1, 1, 9, minute, 0).unwrap()
    }

    fn vote(org: &str, share: Option<i64>, minute: u32) -> VoteInput {
        VoteInput {
            organisation_id: org.into(),
            organisation_name: format!("{org} Council"),
            share_bp: share,
            voted_at: at(minute),
        }
    }

    #[test]
    fn one_org_one_vote_counts_funders_once_each() {
        let t = tally(
            VotingModel::OneOrgOneVote,
            &[vote("a", Some(6000), 1), vote("b", Some(500), 2)],
        );
        assert_eq!((t.score, t.votes), (2, 2));
        assert!(t.voters.iter().all(|v| v.weight == 1 && v.counting));
        assert_eq!(
            t.voters[0].organisation_id, "a",
            "equal weights: earliest first"
        );
    }

    #[test]
    fn share_weighted_adds_the_shares() {
        let t = tally(
            VotingModel::ShareWeighted,
            &[vote("small", Some(4000), 1), vote("big", Some(6000), 2)],
        );
        assert_eq!((t.score, t.votes), (10_000, 2));
        let order: Vec<(&str, i64)> = t
            .voters
            .iter()
            .map(|v| (v.organisation_id.as_str(), v.weight))
            .collect();
        assert_eq!(order, [("big", 6000), ("small", 4000)], "heaviest first");
    }

    #[test]
    fn votes_of_organisations_that_no_longer_fund_stay_but_do_not_count() {
        for model in [VotingModel::OneOrgOneVote, VotingModel::ShareWeighted] {
            let t = tally(model, &[vote("gone", None, 1), vote("here", Some(2500), 2)]);
            assert_eq!(t.votes, 1);
            assert_eq!(t.score, weight(model, Some(2500)));
            let gone = t
                .voters
                .iter()
                .find(|v| v.organisation_id == "gone")
                .unwrap();
            assert_eq!((gone.weight, gone.counting), (0, false));
            assert_eq!(t.voters.last().unwrap().organisation_id, "gone");
        }
    }

    #[test]
    fn an_empty_tally_is_zero() {
        assert_eq!(tally(VotingModel::ShareWeighted, &[]), Tally::default());
    }

    #[test]
    fn the_order_of_voters_does_not_depend_on_input_order() {
        let votes = [
            vote("c", Some(3000), 5),
            vote("a", Some(3000), 5),
            vote("b", Some(3000), 4),
            vote("d", Some(7000), 9),
        ];
        let forward = tally(VotingModel::ShareWeighted, &votes);
        let mut reversed = votes.to_vec();
        reversed.reverse();
        assert_eq!(forward, tally(VotingModel::ShareWeighted, &reversed));
        let ids: Vec<&str> = forward
            .voters
            .iter()
            .map(|v| v.organisation_id.as_str())
            .collect();
        assert_eq!(ids, ["d", "b", "a", "c"]);
    }

    #[test]
    fn funder_share_follows_the_counting_rules() {
        use PledgeStatus as P;
        assert_eq!(funder_share(P::Active, true, 6000, None), Some(6000));
        assert_eq!(
            funder_share(P::Active, false, 6000, None),
            None,
            "condition unmet"
        );
        assert_eq!(
            funder_share(P::Committed, false, 6000, Some(5455)),
            Some(5455)
        );
        for status in [
            P::PendingApproval,
            P::NeedsReconsent,
            P::Withdrawn,
            P::Released,
            P::Rejected,
            P::Lapsed,
        ] {
            assert_eq!(
                funder_share(status, true, 6000, Some(6000)),
                None,
                "{status:?}"
            );
        }
    }

    fn requirement(id: &str, score: i64, minute: u32) -> Requirement {
        Requirement {
            id: id.into(),
            idea_id: "idea".into(),
            title: id.into(),
            description: String::new(),
            status: RequirementStatus::Proposed,
            status_note: None,
            organisation: OrganisationRef {
                id: "o".into(),
                name: "O".into(),
            },
            tally: Tally {
                score,
                ..Tally::default()
            },
            score_share_bp: 0,
            voted_by_you: Vec::new(),
            history: Vec::new(),
            created_at: at(minute),
            updated_at: at(minute),
        }
    }

    #[test]
    fn ranking_is_by_score_then_age_then_id() {
        let mut list = vec![
            requirement("late-tie", 2, 9),
            requirement("low", 1, 0),
            requirement("z-same-time", 2, 3),
            requirement("top", 6000, 7),
            requirement("a-same-time", 2, 3),
        ];
        rank(&mut list);
        let ids: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            ["top", "a-same-time", "z-same-time", "late-tie", "low"]
        );
    }

    #[test]
    fn replacing_a_requirement_reranks_and_reshares() {
        let mut backlog = Backlog {
            idea_id: "idea".into(),
            voting_model: VotingModel::OneOrgOneVote,
            accepting: true,
            total_score: 3,
            requirements: vec![requirement("a", 2, 0), requirement("b", 1, 1)],
            viewer: None,
        };
        backlog.replace(requirement("b", 3, 1));
        let ids: Vec<(&str, i64)> = backlog
            .requirements
            .iter()
            .map(|r| (r.id.as_str(), r.score_share_bp))
            .collect();
        assert_eq!(ids, [("b", 6000), ("a", 4000)]);
        assert_eq!(backlog.total_score, 5);
        backlog.replace(requirement("c", 0, 2));
        assert_eq!(backlog.requirements.len(), 3);
        assert_eq!(backlog.requirements[2].score_share_bp, 0);
    }

    #[test]
    fn score_shares_sum_exactly() {
        assert_eq!(score_shares(&[1, 1, 1]), [3334, 3333, 3333]);
        assert_eq!(score_shares(&[6000, 4000, 0]), [6000, 4000, 0]);
        assert_eq!(score_shares(&[0, 0]), [0, 0]);
        assert_eq!(score_shares(&[]), Vec::<i64>::new());
        // A deterministic pseudo-random sweep: every non-empty mix sums to exactly 10000.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2000 {
            let n = (seed % 12) as usize + 1;
            let scores: Vec<i64> = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 15_001) as i64
                })
                .collect();
            let shares = score_shares(&scores);
            let total: i64 = scores.iter().sum();
            let expected = if total > 0 { 10_000 } else { 0 };
            assert_eq!(shares.iter().sum::<i64>(), expected, "{scores:?}");
            for (share, score) in shares.iter().zip(&scores) {
                if total > 0 {
                    let exact = i128::from(*score) * 10_000 / i128::from(total);
                    assert!((i128::from(*share) - exact).abs() <= 1, "{scores:?}");
                }
            }
        }
    }

    #[test]
    fn declining_needs_a_note() {
        let decline = |note: Option<&str>| UpdateRequirement {
            status: RequirementStatus::Declined,
            note: note.map(str::to_owned),
        };
        let errors = decline(None).validate().unwrap_err();
        let fields = crate::problem::field_errors(&errors);
        assert_eq!(fields["note"], ["must say why when declining"]);
        assert!(decline(Some("  ")).validate().is_err());
        assert!(decline(Some("Out of scope for this contract"))
            .validate()
            .is_ok());
        let plan = UpdateRequirement {
            status: RequirementStatus::Planned,
            note: None,
        };
        assert!(plan.validate().is_ok());
    }

    #[test]
    fn the_backlog_takes_requirements_from_publication_until_a_dead_end() {
        let open: Vec<IdeaStatus> = IdeaStatus::ALL
            .iter()
            .copied()
            .filter(|s| accepts_requirements(*s))
            .collect();
        assert_eq!(
            open,
            [
                IdeaStatus::Open,
                IdeaStatus::Funded,
                IdeaStatus::InDelivery,
                IdeaStatus::Delivered
            ]
        );
    }

    #[test]
    fn statuses_round_trip_and_close() {
        for s in RequirementStatus::ALL {
            assert_eq!(RequirementStatus::from_code(s.code()), Some(*s));
        }
        assert!(RequirementStatus::Done.is_closed() && RequirementStatus::Declined.is_closed());
        assert!(!RequirementStatus::InProgress.is_closed());
    }
}
