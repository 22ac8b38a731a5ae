//! Money committed and re-use dividends received over time: an SVG chart with a text
//! description and legend that do not rely on colour, and the same data as a table.

use cc2i_shared::money::format_pence;
use cc2i_shared::reuse::FundingPoint;
use yew::prelude::*;

use super::scroll_region::scroll_region;
use crate::dates::long_date;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 96.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

/// The smallest 1, 2 or 5 times a power of ten at or above `value` (at least 1).
pub fn nice_ceiling(value: i64) -> i64 {
    let mut step = 1_i64;
    loop {
        for m in [1, 2, 5] {
            if step.saturating_mul(m) >= value {
                return step.saturating_mul(m);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// `format!("{v:.1}")` for a chart coordinate (finite, well below 2^60 in size) without
/// Rust's float printing, which would add about 10 KB gzipped to the bundle: the exact
/// binary value rounded to tenths, ties to even, as Rust rounds.
fn tenths(v: f64) -> String {
    let bits = v.to_bits();
    let sign = if bits >> 63 == 1 { "-" } else { "" };
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = u128::from(bits & ((1 << 52) - 1));
    let (mantissa, shift) = if exponent == 0 {
        (fraction, 1074)
    } else {
        (fraction | 1 << 52, 1075 - exponent)
    };
    let scaled = mantissa * 10;
    let rounded = if shift <= 0 {
        scaled << shift.unsigned_abs().min(64)
    } else if shift >= 120 {
        0
    } else {
        let shift = shift.unsigned_abs();
        let (whole, rest, half) = (
            scaled >> shift,
            scaled & ((1 << shift) - 1),
            1_u128 << (shift - 1),
        );
        if rest > half || (rest == half && whole % 2 == 1) {
            whole + 1
        } else {
            whole
        }
    };
    format!("{sign}{}.{}", rounded / 10, rounded % 10)
}

/// `v.to_string()` for a chart coordinate: JavaScript writes numbers between 1e-6 and 1e21
/// exactly as Rust does (shortest digits that read back the same, no exponent), without
/// Rust's float printing in the bundle.
fn plain(v: f64) -> String {
    js_sys::Number::from(v)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// A step line through `(x, y)` points: flat until the next point, then up.
fn step_path(points: &[(f64, f64)], right: f64) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            d.push_str(&format!("M{},{}", tenths(*x), tenths(*y)));
        } else {
            d.push_str(&format!(" H{} V{}", tenths(*x), tenths(*y)));
        }
    }
    if let Some((_, _)) = points.last() {
        d.push_str(&format!(" H{}", tenths(right)));
    }
    d
}

/// Props for [`funding_chart`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct FundingChartProps {
    /// Running totals, oldest first.
    pub series: Vec<FundingPoint>,
}

/// The chart, its legend and the table alternative.
pub fn funding_chart(props: &FundingChartProps) -> Html {
    let series = &props.series;
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return html! { <p class="govuk-body">{ "Nothing to chart yet." }</p> };
    };
    let t0 = first.at.timestamp() as f64;
    let span = ((last.at.timestamp() as f64) - t0).max(1.0);
    let top = nice_ceiling(
        series
            .iter()
            .map(|p| p.committed_pence.max(p.rebated_pence))
            .max()
            .unwrap_or(0),
    );
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |p: &FundingPoint| LEFT + (p.at.timestamp() as f64 - t0) / span * plot_w * 0.9;
    let y = |pence: i64| TOP + plot_h - (pence as f64 / top as f64) * plot_h;
    let committed: Vec<(f64, f64)> = series
        .iter()
        .map(|p| (x(p), y(p.committed_pence)))
        .collect();
    let rebated: Vec<(f64, f64)> = series.iter().map(|p| (x(p), y(p.rebated_pence))).collect();
    let right = WIDTH - RIGHT;
    let ticks: Vec<i64> = (0..=4).map(|i| top * i / 4).collect();
    let description = format!(
        "From {} to {}, money committed rose to {} and re-use dividends received reached {}.",
        long_date(&first.at),
        long_date(&last.at),
        format_pence(last.committed_pence),
        format_pence(last.rebated_pence)
    );
    let table = html! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">{ "Running totals by date" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Date" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Committed" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Paid out" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Dividends received" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for series.iter().map(|p| html! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{ long_date(&p.at) }</th>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(p.committed_pence) }</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(p.paid_pence) }</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(p.rebated_pence) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    };
    html! {
        <figure class="app-chart">
            <figcaption class="govuk-heading-s">{ "Money committed and dividends received over time" }</figcaption>
            <svg
                class="app-chart__svg"
                viewBox={format!("0 0 {} {}", plain(WIDTH), plain(HEIGHT))}
                role="img"
                aria-labelledby="funding-chart-title funding-chart-desc"
                focusable="false"
            >
                <title id="funding-chart-title">{ "Money committed and dividends received over time" }</title>
                <desc id="funding-chart-desc">{ description.clone() }</desc>
                { for ticks.iter().map(|t| {
                    let ty = y(*t);
                    html! {
                        <g>
                            <line class="app-chart__grid" x1={plain(LEFT)} x2={plain(right)} y1={plain(ty)} y2={plain(ty)} />
                            <text class="app-chart__label" x={plain(LEFT - 8.0)} y={plain(ty + 5.0)} text-anchor="end">{ format_pence(*t) }</text>
                        </g>
                    }
                }) }
                <text class="app-chart__label" x={plain(LEFT)} y={plain(HEIGHT - 10.0)}>{ long_date(&first.at) }</text>
                if series.len() > 1 {
                    <text class="app-chart__label" x={plain(LEFT + plot_w * 0.9)} y={plain(HEIGHT - 10.0)} text-anchor="middle">{ long_date(&last.at) }</text>
                }
                <path class="app-chart__line app-chart__line--committed" d={step_path(&committed, right)} />
                <path class="app-chart__line app-chart__line--rebated" d={step_path(&rebated, right)} />
                { for committed.iter().map(|(cx, cy)| html! {
                    <circle class="app-chart__point app-chart__point--committed" cx={tenths(*cx)} cy={tenths(*cy)} r="5" />
                }) }
                { for rebated.iter().map(|(cx, cy)| html! {
                    <rect class="app-chart__point app-chart__point--rebated" x={tenths(cx - 4.5)} y={tenths(cy - 4.5)} width="9" height="9" />
                }) }
            </svg>
            <ul class="app-chart__legend govuk-list">
                <li>
                    <svg class="app-chart__key" viewBox="0 0 40 12" aria-hidden="true" focusable="false">
                        <line class="app-chart__line app-chart__line--committed" x1="0" x2="40" y1="6" y2="6" />
                        <circle class="app-chart__point app-chart__point--committed" cx="20" cy="6" r="5" />
                    </svg>
                    { "Committed: pledges that became commitments, and adoption fees (solid line, circles)" }
                </li>
                <li>
                    <svg class="app-chart__key" viewBox="0 0 40 12" aria-hidden="true" focusable="false">
                        <line class="app-chart__line app-chart__line--rebated" x1="0" x2="40" y1="6" y2="6" />
                        <rect class="app-chart__point app-chart__point--rebated" x="15.5" y="1.5" width="9" height="9" />
                    </svg>
                    { "Re-use dividends received (dashed line, squares)" }
                </li>
            </ul>
            <details class="govuk-details">
                <summary class="govuk-details__summary">
                    <span class="govuk-details__summary-text">{ "Show the chart’s data as a table" }</span>
                </summary>
                <div class="govuk-details__text">
                    { scroll_region("Running totals by date", table) }
                </div>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::nice_ceiling;

    #[test]
    fn the_axis_tops_at_a_round_number() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(9_000_000), 10_000_000);
        assert_eq!(nice_ceiling(10_500_000), 20_000_000);
        assert_eq!(nice_ceiling(3), 5);
    }
}
