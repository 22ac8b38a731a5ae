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

/// Splits a milestone's payment of `amount_pence` between the funders, given in pledge-time
/// order with their commitments (final amounts, which are their final shares of the build
/// cost in pence) and what each has been paid by earlier milestones. The parts always sum to
/// exactly `amount_pence` and are never negative:
///
/// - when this payment completes the build cost (it is exactly what the commitments still
///   owe), each funder gets exactly the rest of its commitment, so over a whole plan every
///   funder pays exactly what it committed;
/// - otherwise the amount is split pro rata to the commitments by the largest-remainder
///   method, ties going to the earliest pledge.
pub fn payment_split(
    commitments_pence: &[i64],
    paid_before: &[i64],
    amount_pence: i64,
) -> Vec<i64> {
    let owed: Vec<i64> = commitments_pence
        .iter()
        .enumerate()
        .map(|(i, c)| c - paid_before.get(i).copied().unwrap_or(0))
        .collect();
    if owed.iter().all(|o| *o >= 0) && owed.iter().sum::<i64>() == amount_pence {
        return owed;
    }
    largest_remainder(commitments_pence, amount_pence)
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

    /// Random commitments summing to `target`, from random final shares.
    fn commitments(rng: &mut Random, target: i64) -> Vec<i64> {
        let n = 1 + rng.below(12) as usize;
        let shares = rng.shares(n);
        crate::fair_share::largest_remainder(&shares, target)
    }

    #[test]
    fn each_payment_splits_exactly_and_a_whole_plan_pays_every_funder_its_commitment() {
        let mut rng = Random::new(23);
        let mut settled_exactly = 0;
        let trials = 3000;
        for _ in 0..trials {
            let target = 1_000_000 + rng.below(1_000_000_000);
            let owed = commitments(&mut rng, target);
            let m = 1 + rng.below(8) as usize;
            let plan = rng.shares(m);
            let mut order: Vec<usize> = (0..plan.len()).collect();
            rng.shuffle(&mut order);
            let mut paid = vec![0_i64; owed.len()];
            let mut released_bp = 0;
            for i in order {
                let amount = milestone_amount(target, released_bp, plan[i]);
                let parts = payment_split(&owed, &paid, amount);
                assert_eq!(parts.len(), owed.len());
                assert_eq!(parts.iter().sum::<i64>(), amount, "exact split");
                assert!(parts.iter().all(|p| *p >= 0));
                for (j, part) in parts.iter().enumerate() {
                    let exact = i128::from(amount) * i128::from(owed[j]) / i128::from(target);
                    assert!(
                        (i128::from(*part) - exact).abs() <= 1 + m as i128,
                        "{part} vs {exact}"
                    );
                    paid[j] += part;
                }
                released_bp += plan[i];
            }
            assert_eq!(paid.iter().sum::<i64>(), target);
            if paid == owed {
                settled_exactly += 1;
            }
        }
        assert_eq!(
            settled_exactly, trials,
            "every funder paid exactly its commitment"
        );
    }

    #[test]
    fn a_payment_that_is_not_the_last_is_split_by_largest_remainder() {
        let mut rng = Random::new(29);
        for _ in 0..3000 {
            let target = rng.below(10_000_000_000) + 1;
            let owed = commitments(&mut rng, target);
            let amount = rng.below(target);
            let parts = payment_split(&owed, &vec![0; owed.len()], amount);
            assert_eq!(parts, largest_remainder(&owed, amount));
            assert_eq!(parts.iter().sum::<i64>(), amount);
        }
    }

    #[test]
    fn a_six_four_split_pays_six_tenths_and_ties_go_to_the_earliest_funder() {
        assert_eq!(
            payment_split(&[6_000_000, 4_000_000], &[0, 0], 1_000_001),
            [600_001, 400_000]
        );
        assert_eq!(payment_split(&[50, 50], &[0, 0], 3), [2, 1]);
        assert_eq!(
            payment_split(&[50, 50], &[49, 48], 3),
            [1, 2],
            "the last payment settles each commitment exactly"
        );
        assert_eq!(milestone_amount(15_000_000, 0, 3333), 4_999_500);
        assert_eq!(milestone_amount(100, 3333, 3333), 33);
        assert_eq!(milestone_amount(100, 6666, 3334), 34);
    }
}
