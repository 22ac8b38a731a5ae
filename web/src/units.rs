//! Numbers as people type and read them: pounds, percentages, whole numbers and durations.
//! Parsing is exact (decimal strings to integers, never through floats).

/// A non-negative decimal with at most `places` decimal places, scaled to an integer:
/// `parse_decimal("1,250.5", 2)` is `Some(125050)`. Commas between digits are ignored.
fn parse_decimal(text: &str, places: u32) -> Option<i64> {
    let text = text.trim();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    let whole: String = whole.chars().filter(|c| *c != ',').collect();
    let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty())
        || !digits_only(&whole)
        || !digits_only(fraction)
        || fraction.len() > places as usize
        || (text.contains('.') && fraction.is_empty())
    {
        return None;
    }
    let scale = 10_i64.checked_pow(places)?;
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut fraction_value: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    for _ in fraction.len()..places as usize {
        fraction_value *= 10;
    }
    whole.checked_mul(scale)?.checked_add(fraction_value)
}

/// Pounds as typed ("1250", "1,250.50", "£1250.5") to pence; `None` if it is not an amount.
pub fn parse_pounds(text: &str) -> Option<i64> {
    let text = text.trim();
    parse_decimal(text.strip_prefix('£').unwrap_or(text), 2)
}

/// A percentage as typed ("99.9", "99.95%", "5") to basis points; `None` if it is not one.
pub fn parse_percent(text: &str) -> Option<i64> {
    let text = text.trim();
    parse_decimal(text.strip_suffix('%').unwrap_or(text), 2)
}

/// A whole number as typed ("24", "1,440"); `None` if it is not one.
pub fn parse_whole(text: &str) -> Option<u32> {
    u32::try_from(parse_decimal(text, 0)?).ok()
}

/// A duration in words: "30 minutes", "1 hour", "1 hour 30 minutes", "48 hours".
pub fn minutes_in_words(minutes: u32) -> String {
    let unit = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (hours, rest) = (minutes / 60, minutes % 60);
    match (hours, rest) {
        (0, m) => unit(m, "minute", "minutes"),
        (h, 0) => unit(h, "hour", "hours"),
        (h, m) => format!(
            "{} {}",
            unit(h, "hour", "hours"),
            unit(m, "minute", "minutes")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_become_exact_pence() {
        assert_eq!(parse_pounds("1250"), Some(125_000));
        assert_eq!(parse_pounds("1,250.50"), Some(125_050));
        assert_eq!(parse_pounds("£1250.5"), Some(125_050));
        assert_eq!(parse_pounds(" 0.07 "), Some(7));
        assert_eq!(parse_pounds(".5"), Some(50));
        assert_eq!(parse_pounds("0.1"), Some(10));
        // 0.1 + 0.2 in floats is 0.30000000000000004; here it is exact.
        assert_eq!(parse_pounds("1234567.89"), Some(123_456_789));
    }

    #[test]
    fn anything_else_is_not_an_amount() {
        for bad in [
            "",
            " ",
            "-5",
            "1.234",
            "1.",
            "12a",
            "£",
            "1e5",
            "1.2.3",
            "99999999999999999999",
        ] {
            assert_eq!(parse_pounds(bad), None, "{bad}");
        }
    }

    #[test]
    fn percentages_become_basis_points() {
        assert_eq!(parse_percent("99.9"), Some(9990));
        assert_eq!(parse_percent("99.95%"), Some(9995));
        assert_eq!(parse_percent("5"), Some(500));
        assert_eq!(parse_percent("150"), Some(15_000));
        assert_eq!(parse_percent("0.01"), Some(1));
        assert_eq!(parse_percent("99.999"), None);
        assert_eq!(parse_percent("ninety"), None);
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(parse_whole("24"), Some(24));
        assert_eq!(parse_whole("1,440"), Some(1440));
        assert_eq!(parse_whole("2.5"), None);
        assert_eq!(parse_whole("-1"), None);
        assert_eq!(parse_whole("99999999999"), None);
    }

    #[test]
    fn durations_read_as_words() {
        assert_eq!(minutes_in_words(1), "1 minute");
        assert_eq!(minutes_in_words(30), "30 minutes");
        assert_eq!(minutes_in_words(60), "1 hour");
        assert_eq!(minutes_in_words(90), "1 hour 30 minutes");
        assert_eq!(minutes_in_words(2880), "48 hours");
    }
}
