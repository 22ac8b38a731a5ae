//! Fair shares: splitting a whole exactly by the largest-remainder method, and the price
//! curve that tells funders how their share falls as more organisations join.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Splits `total` pro rata to `weights` so the parts sum exactly to `total`.
///
/// Each part gets the floor of its exact share; the units left over go one each to the
/// largest remainders, ties broken by position (callers order by pledge time).
pub fn largest_remainder(weights: &[i64], total: i64) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    if weights.is_empty() || sum <= 0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<(i64, i128)> = weights
        .iter()
        .map(|w| {
            let numerator = i128::from(*w) * i128::from(total);
            ((numerator / sum) as i64, numerator % sum)
        })
        .collect();
    let mut parts: Vec<i64> = exact.iter().map(|(floor, _)| *floor).collect();
    let left = total - parts.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| exact[*b].1.cmp(&exact[*a].1).then(a.cmp(b)));
    for i in order.into_iter().take(left.max(0) as usize) {
        parts[i] += 1;
    }
    parts
}

/// What each funder finally pays: shares summing to exactly 10000 bp and amounts summing
/// to exactly `target_pence`, pro rata to the pledged shares (given in pledge-time order).
pub fn commitments(pledged_bp: &[i64], target_pence: i64) -> Vec<(i64, i64)> {
    let shares = largest_remainder(pledged_bp, 10_000);
    let amounts = largest_remainder(pledged_bp, target_pence);
    shares.into_iter().zip(amounts).collect()
}

/// One point of the price curve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PricePoint {
    /// How many organisations would then be funding it.
    pub funders: i64,
    /// What a funder at the average share would pay, in basis points of the target.
    pub share_bp: i64,
    /// The same in pence.
    pub amount_pence: i64,
}

/// "If N more organisations join at the average share, each pays X", for the next `joiners`.
///
/// With no pledges yet the average share is an equal split between `min_pledgers`.
/// Shares are scaled down pro rata once the total passes 100%.
pub fn price_curve(
    target_pence: i64,
    pledged_bp: i64,
    pledger_count: i64,
    min_pledgers: i64,
    joiners: i64,
) -> Vec<PricePoint> {
    let average = if pledger_count > 0 {
        (pledged_bp / pledger_count).max(1)
    } else {
        10_000 / min_pledgers.max(1)
    };
    (1..=joiners)
        .map(|n| {
            let total = pledged_bp + n * average;
            let share_bp = if total > 10_000 {
                (i128::from(average) * 10_000 / i128::from(total)) as i64
            } else {
                average
            };
            PricePoint {
                funders: pledger_count + n,
                share_bp,
                amount_pence: (i128::from(target_pence) * i128::from(share_bp) / 10_000) as i64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_always_sum_to_the_whole() {
        for weights in [
            vec![3333, 3333, 3334],
            vec![5000, 5000, 5000],
            vec![1, 1, 1],
            vec![7000, 4000, 2500, 1500],
        ] {
            for total in [10_000, 15_000_000, 1, 7, 123_456_789] {
                let parts = largest_remainder(&weights, total);
                assert_eq!(parts.iter().sum::<i64>(), total, "{weights:?} of {total}");
                assert!(parts.iter().all(|p| *p >= 0));
            }
        }
    }

    #[test]
    fn ties_go_to_the_earliest_pledge() {
        assert_eq!(
            largest_remainder(&[1, 1, 1], 10_000),
            vec![3334, 3333, 3333]
        );
        assert_eq!(
            largest_remainder(&[5000, 5000, 5000], 100),
            vec![34, 33, 33]
        );
    }

    #[test]
    fn over_subscription_scales_everyone_down_pro_rata() {
        let c = commitments(&[6000, 6000, 3000], 15_000_000);
        assert_eq!(
            c,
            vec![(4000, 6_000_000), (4000, 6_000_000), (2000, 3_000_000)]
        );
    }

    #[test]
    fn exactly_full_keeps_the_pledged_shares() {
        assert_eq!(
            commitments(&[2500, 7500], 1_000_001),
            vec![(2500, 250_000), (7500, 750_001)]
        );
    }

    #[test]
    fn the_price_curve_falls_as_organisations_join_beyond_100_percent() {
        let curve = price_curve(10_000_000, 10_000, 4, 2, 3);
        assert_eq!(
            curve.iter().map(|p| p.funders).collect::<Vec<_>>(),
            [5, 6, 7]
        );
        assert_eq!(curve[0].share_bp, 2000);
        assert_eq!(curve[0].amount_pence, 2_000_000);
        assert!(curve.windows(2).all(|w| w[1].share_bp < w[0].share_bp));
    }

    #[test]
    fn below_100_percent_joiners_pay_the_average_and_with_none_it_is_an_equal_split() {
        let curve = price_curve(10_000_000, 3000, 1, 2, 2);
        assert_eq!(curve[0].share_bp, 3000);
        let empty = price_curve(9_000_000, 0, 0, 3, 4);
        assert_eq!(empty[0].share_bp, 3333);
        assert_eq!(
            empty[3].share_bp, 2500,
            "four joiners at a third each are scaled to a quarter"
        );
    }
}
