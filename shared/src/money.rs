//! Money is integer pence and shares are basis points; these format them for people.

/// `123456` pence -> `£1,234.56`; whole pounds drop the pence: `£1,234`.
pub fn format_pence(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let abs = pence.unsigned_abs();
    let pounds = abs / 100;
    let rest = abs % 100;
    let digits = pounds.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if rest == 0 {
        format!("{sign}£{grouped}")
    } else {
        format!("{sign}£{grouped}.{rest:02}")
    }
}

/// `6425` basis points -> `64.25%`; whole percentages drop the decimals: `50%`.
pub fn format_bp(bp: i64) -> String {
    let whole = bp / 100;
    let rest = (bp % 100).unsigned_abs();
    if rest == 0 {
        format!("{whole}%")
    } else if rest.is_multiple_of(10) {
        format!("{whole}.{}%", rest / 10)
    } else {
        format!("{whole}.{rest:02}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pence_are_grouped_in_thousands() {
        assert_eq!(format_pence(0), "£0");
        assert_eq!(format_pence(5), "£0.05");
        assert_eq!(format_pence(123_456), "£1,234.56");
        assert_eq!(format_pence(100_000_000), "£1,000,000");
        assert_eq!(format_pence(-250), "-£2.50");
    }

    #[test]
    fn basis_points_read_as_percentages() {
        assert_eq!(format_bp(10_000), "100%");
        assert_eq!(format_bp(6_425), "64.25%");
        assert_eq!(format_bp(9_990), "99.9%");
        assert_eq!(format_bp(5), "0.05%");
    }
}
