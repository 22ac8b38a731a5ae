//! Dates written the GOV.UK way: "26 November 2025".

use chrono::{DateTime, Datelike, Utc};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The UK long date of a moment, like "26 November 2025".
pub fn long_date(at: &DateTime<Utc>) -> String {
    format!(
        "{} {} {}",
        at.day(),
        MONTHS[at.month0() as usize],
        at.year()
    )
}
