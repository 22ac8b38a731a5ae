//! Dates written the GOV.UK way ("26 November 2025"), in UK time, and dates as people type them.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc};

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

/// Hours UK time is ahead of UTC on a date: 1 in British Summer Time (from the last Sunday of
/// March to the last Sunday of October), otherwise 0. The change happens at 01:00 UTC; a date
/// is close enough for closing dates.
fn uk_offset_hours(date: NaiveDate) -> i64 {
    let last_sunday = |month: u32| {
        NaiveDate::from_ymd_opt(date.year(), month, 31).map(|last| {
            let back = last.weekday().num_days_from_sunday();
            last - TimeDelta::days(i64::from(back))
        })
    };
    match (last_sunday(3), last_sunday(10)) {
        (Some(start), Some(end)) if date >= start && date < end => 1,
        _ => 0,
    }
}

/// The calendar date in the UK at a moment.
pub fn uk_date(at: &DateTime<Utc>) -> NaiveDate {
    let utc = at.naive_utc();
    (utc + TimeDelta::hours(uk_offset_hours(utc.date()))).date()
}

/// The UK long date of a moment, like "26 November 2025".
pub fn long_date(at: &DateTime<Utc>) -> String {
    long_day(uk_date(at))
}

/// The UK date and time of a moment, like "26 November 2025 at 14:05".
pub fn long_date_time(at: &DateTime<Utc>) -> String {
    let utc = at.naive_utc();
    let local = utc + TimeDelta::hours(uk_offset_hours(utc.date()));
    // Written out rather than with chrono's `format`, whose formatting machinery is a lot of wasm.
    format!(
        "{} at {:02}:{:02}",
        long_day(local.date()),
        local.hour(),
        local.minute()
    )
}

/// A date written out, like "26 November 2025".
pub fn long_day(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// A date from the three boxes of a GOV.UK date input; `None` if it is not a real date.
pub fn parse_date(day: &str, month: &str, year: &str) -> Option<NaiveDate> {
    let number = |s: &str| s.trim().parse::<u32>().ok();
    let year = i32::try_from(number(year)?).ok().filter(|y| *y >= 1000)?;
    NaiveDate::from_ymd_opt(year, number(month)?, number(day)?)
}

/// When a campaign closing on `date` closes: 11:59pm UK time that day.
pub fn closing_moment(date: NaiveDate) -> Option<DateTime<Utc>> {
    let local: NaiveDateTime = date.and_hms_opt(23, 59, 0)?;
    Some((local - TimeDelta::hours(uk_offset_hours(date))).and_utc())
}

/// The browser's clock.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// How long until a deadline, for people: "45 days left", "Closes today", "Closed".
pub fn time_left(deadline: &DateTime<Utc>) -> String {
    let now = now();
    if *deadline <= now {
        return "Closed".to_owned();
    }
    match (uk_date(deadline) - uk_date(&now)).num_days() {
        0 => "Closes today".to_owned(),
        1 => "1 day left".to_owned(),
        days => format!("{days} days left"),
    }
}
