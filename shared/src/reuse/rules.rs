//! The pure rules of re-use: what an adopter pays and how the original funders share the
//! re-use dividend.

use crate::fair_share::largest_remainder;

/// The rebate share of adoption fees for new ideas, in basis points of the fee.
pub const DEFAULT_REBATE_BP: i32 = 5000;

/// The fee for the next adopter: the build cost divided by everyone who then has the
/// service (the original funders, the adopters approved before, and this one), rounded
/// down to whole pence.
pub fn adoption_fee(build_cost_pence: i64, funders: i64, adopters_before: i64) -> i64 {
    let holders = funders.max(0) + adopters_before.max(0) + 1;
    build_cost_pence.max(0) / holders
}

/// Where one adoption fee goes; every part is whole pence and they sum to the fee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeSplit {
    /// What the adopter pays.
    pub fee_pence: i64,
    /// The re-use dividend of each original funder, in the order given.
    pub rebates: Vec<i64>,
    /// The sum of `rebates`: `rebate_bp` of the fee, rounded down.
    pub rebate_pence: i64,
    /// The rest of the fee, kept by the proposing organisation that maintains the service.
    pub proposer_pence: i64,
}

/// Splits `fee_pence`: `rebate_bp` of it (rounded down) is shared among the original
/// funders pro rata to their final shares (pledge-time order breaks ties), the rest goes
/// to the proposer.
pub fn fee_split(fee_pence: i64, rebate_bp: i64, final_shares_bp: &[i64]) -> FeeSplit {
    let fee = fee_pence.max(0);
    let mut rebate = (i128::from(fee) * i128::from(rebate_bp.clamp(0, 10_000)) / 10_000) as i64;
    if final_shares_bp.iter().sum::<i64>() <= 0 {
        rebate = 0;
    }
    let rebates = largest_remainder(final_shares_bp, rebate);
    FeeSplit {
        fee_pence: fee,
        rebate_pence: rebates.iter().sum(),
        proposer_pence: fee - rebates.iter().sum::<i64>(),
        rebates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::Random;

    #[test]
    fn each_adopter_pays_the_cost_shared_by_everyone_who_then_has_it() {
        // Two funders built it for £150,000: the first adopter pays a third, the next a quarter.
        assert_eq!(adoption_fee(15_000_000, 2, 0), 5_000_000);
        assert_eq!(adoption_fee(15_000_000, 2, 1), 3_750_000);
        assert_eq!(adoption_fee(15_000_000, 2, 2), 3_000_000);
        assert_eq!(adoption_fee(10, 2, 0), 3, "rounded down to whole pence");
    }

    #[test]
    fn fees_fall_as_adopters_join() {
        let mut rng = Random::new(3);
        for _ in 0..2000 {
            let cost = rng.below(1_000_000_000_000);
            let funders = 1 + rng.below(20);
            let fees: Vec<i64> = (0..10).map(|n| adoption_fee(cost, funders, n)).collect();
            assert!(fees.windows(2).all(|w| w[1] <= w[0]));
            assert!(fees.iter().all(|f| *f * (funders + 1) <= cost));
        }
    }

    #[test]
    fn half_of_a_fee_is_shared_pro_rata_and_the_rest_goes_to_the_proposer() {
        let split = fee_split(5_000_001, 5000, &[6000, 4000]);
        assert_eq!(split.rebates, [1_500_000, 1_000_000]);
        assert_eq!(split.rebate_pence, 2_500_000);
        assert_eq!(split.proposer_pence, 2_500_001);
        let tie = fee_split(3, 10_000, &[5000, 5000]);
        assert_eq!(tie.rebates, [2, 1], "the earliest funder takes the tie");
    }

    #[test]
    fn every_split_sums_exactly_for_random_fees_and_shares() {
        let mut rng = Random::new(5);
        for _ in 0..5000 {
            let n = 1 + rng.below(15) as usize;
            let shares = rng.shares(n);
            let fee = rng.below(100_000_000_000);
            let rebate_bp = rng.below(10_001);
            let split = fee_split(fee, rebate_bp, &shares);
            assert_eq!(split.fee_pence, fee);
            assert_eq!(split.rebates.len(), shares.len());
            assert!(split.rebates.iter().all(|r| *r >= 0));
            assert_eq!(split.rebates.iter().sum::<i64>(), split.rebate_pence);
            assert_eq!(split.rebate_pence + split.proposer_pence, fee);
            assert_eq!(
                split.rebate_pence,
                (i128::from(fee) * i128::from(rebate_bp) / 10_000) as i64
            );
            assert!(split.proposer_pence >= 0);
        }
    }

    #[test]
    fn with_no_funders_nothing_is_rebated() {
        let split = fee_split(1000, 5000, &[]);
        assert_eq!((split.rebate_pence, split.proposer_pence), (0, 1000));
    }
}
