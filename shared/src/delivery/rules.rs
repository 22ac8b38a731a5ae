//! The pure rules of delivery: when funders' decisions accept or reject a milestone, and
//! how much of the build cost its acceptance releases to each funder.

use crate::fair_share::largest_remainder;

/// What funders holding the final shares have decided on one submission of a milestone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Votes {
    /// Final shares of the funders who accepted, in basis points.
    pub accepted_bp: i64,
    /// Final shares of the funders who rejected.
    pub rejected_bp: i64,
    /// Final shares of every funder (10000 after funding).
    pub total_bp: i64,
}

/// Where a submission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Neither side can be sure yet.
    Open,
    /// Funders holding more than half of the final shares accepted.
    Accepted,
    /// Acceptance is no longer possible: even if every funder still to decide accepted,
    /// they would not hold more than half (so a 50/50 split is a rejection).
    Rejected,
}

/// The outcome of a submission given the decisions so far.
pub fn outcome(votes: Votes) -> Outcome {
    let pending = (votes.total_bp - votes.accepted_bp - votes.rejected_bp).max(0);
    if votes.total_bp <= 0 {
        Outcome::Open
    } else if 2 * votes.accepted_bp > votes.total_bp {
        Outcome::Accepted
    } else if 2 * (votes.accepted_bp + pending) <= votes.total_bp {
        Outcome::Rejected
    } else {
        Outcome::Open
    }
}

/// The cumulative share of `target_pence` released once `released_bp` is paid, in whole
/// pence (rounded down).
fn released(target_pence: i64, released_bp: i64) -> i64 {
    (i128::from(target_pence) * i128::from(released_bp.clamp(0, 10_000)) / 10_000) as i64
}

/// What accepting a milestone worth `payment_bp` releases when `released_bp_before` of the
/// target was already released by earlier acceptances: the difference of the cumulative
/// amounts, so the releases of milestones whose shares sum to 10000 bp sum to exactly
/// `target_pence`, in whatever order they are accepted.
pub fn milestone_amount(target_pence: i64, released_bp_before: i64, payment_bp: i64) -> i64 {
    released(target_pence, released_bp_before + payment_bp)
        - released(target_pence, released_bp_before)
}

/// Splits a milestone's payment between the funders pro rata to their final shares (given
/// in pledge-time order, which breaks ties): the parts sum to exactly `amount_pence`.
pub fn payment_split(final_shares_bp: &[i64], amount_pence: i64) -> Vec<i64> {
    largest_remainder(final_shares_bp, amount_pence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::Random;

    fn votes(accepted_bp: i64, rejected_bp: i64) -> Votes {
        Votes {
            accepted_bp,
            rejected_bp,
            total_bp: 10_000,
        }
    }

    #[test]
    fn more_than_half_of_the_shares_accepts() {
        assert_eq!(outcome(votes(6000, 0)), Outcome::Accepted);
        assert_eq!(outcome(votes(5001, 4999)), Outcome::Accepted);
        assert_eq!(outcome(votes(4000, 0)), Outcome::Open);
        assert_eq!(outcome(votes(5000, 0)), Outcome::Open);
    }

    #[test]
    fn once_acceptance_is_impossible_it_is_rejected() {
        assert_eq!(outcome(votes(0, 6000)), Outcome::Rejected);
        assert_eq!(outcome(votes(5000, 5000)), Outcome::Rejected);
        assert_eq!(outcome(votes(0, 5000)), Outcome::Rejected);
        assert_eq!(outcome(votes(0, 4999)), Outcome::Open);
        assert_eq!(outcome(votes(4000, 4000)), Outcome::Open);
    }

    #[test]
    fn nobody_holding_shares_decides_nothing() {
        assert_eq!(
            outcome(Votes {
                accepted_bp: 0,
                rejected_bp: 0,
                total_bp: 0
            }),
            Outcome::Open
        );
    }

    #[test]
    fn the_outcome_matches_its_definition_for_random_decisions() {
        let mut rng = Random::new(7);
        for _ in 0..5000 {
            let n = 1 + rng.below(8) as usize;
            let shares = rng.shares(n);
            let total: i64 = shares.iter().sum();
            let (mut accepted, mut rejected) = (0, 0);
            for s in &shares {
                match rng.below(3) {
                    0 => accepted += s,
                    1 => rejected += s,
                    _ => {}
                }
            }
            let pending = total - accepted - rejected;
            let expected = if accepted * 2 > total {
                Outcome::Accepted
            } else if (accepted + pending) * 2 <= total {
                Outcome::Rejected
            } else {
                Outcome::Open
            };
            assert_eq!(
                outcome(Votes {
                    accepted_bp: accepted,
                    rejected_bp: rejected,
                    total_bp: total
                }),
                expected
            );
            assert!(!(accepted * 2 > total && rejected * 2 >= total));
        }
    }

    #[test]
    fn a_whole_plan_releases_exactly_the_target_in_any_order() {
        let mut rng = Random::new(11);
        for _ in 0..2000 {
            let target = rng.below(1_000_000_000_000);
            let n = 1 + rng.below(10) as usize;
            let plan = rng.shares(n);
            assert_eq!(plan.iter().sum::<i64>(), 10_000);
            let mut order: Vec<usize> = (0..plan.len()).collect();
            rng.shuffle(&mut order);
            let mut before = 0;
            let mut paid = 0;
            for i in order {
                let amount = milestone_amount(target, before, plan[i]);
                assert!(amount >= 0);
                assert!((amount - released(target, plan[i])).abs() <= 1);
                paid += amount;
                before += plan[i];
            }
            assert_eq!(paid, target, "{plan:?} of {target}");
        }
    }

    #[test]
    fn each_payment_splits_exactly_between_the_funders() {
        let mut rng = Random::new(23);
        for _ in 0..5000 {
            let n = 1 + rng.below(12) as usize;
            let shares = rng.shares(n);
            let amount = rng.below(10_000_000_000);
            let parts = payment_split(&shares, amount);
            assert_eq!(parts.len(), shares.len());
            assert_eq!(parts.iter().sum::<i64>(), amount);
            for (part, share) in parts.iter().zip(&shares) {
                let exact = i128::from(amount) * i128::from(*share) / 10_000;
                assert!((i128::from(*part) - exact).abs() <= 1, "{part} vs {exact}");
            }
        }
    }

    #[test]
    fn a_six_four_split_pays_six_tenths_and_ties_go_to_the_earliest_funder() {
        assert_eq!(payment_split(&[6000, 4000], 1_000_001), [600_001, 400_000]);
        assert_eq!(payment_split(&[5000, 5000], 3), [2, 1]);
        assert_eq!(milestone_amount(15_000_000, 0, 3333), 4_999_500);
        assert_eq!(milestone_amount(100, 3333, 3333), 33);
        assert_eq!(milestone_amount(100, 6666, 3334), 34);
    }
}
