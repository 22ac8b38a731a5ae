//! Reading the API's dates in the browser without chrono's general parser, whose code is a
//! large part of every wasm bundle. The API writes moments as RFC 3339 (`2025-11-26T14:05:00Z`,
//! with a fraction when there is one) and dates as `2025-11-26`; these read exactly those
//! forms (and the usual variants: `t` or a space for `T`, `z` or `UTC`, an offset such as
//! `+01:00`) into the same chrono types. Only compiled for wasm32: the server keeps chrono's.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::de::{Deserializer, Error};
use serde::Deserialize;

/// `n` ASCII digits at the start of `s`, and the rest.
fn digits(s: &[u8], n: usize) -> Option<(u32, &[u8])> {
    let (head, rest) = s.split_at_checked(n)?;
    let mut value = 0_u32;
    for &b in head {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    Some((value, rest))
}

fn expect(s: &[u8], byte: u8) -> Option<&[u8]> {
    s.strip_prefix(&[byte])
}

/// `YYYY-MM-DD` (four or more year digits) and what follows.
fn date_prefix(s: &[u8]) -> Option<(NaiveDate, &[u8])> {
    let year_len = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(4..=6).contains(&year_len) {
        return None;
    }
    let (year, s) = digits(s, year_len)?;
    let (month, s) = digits(expect(s, b'-')?, 2)?;
    let (day, s) = digits(expect(s, b'-')?, 2)?;
    Some((
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?,
        s,
    ))
}

/// An offset east of UTC in seconds: `Z`, `UTC`, `+HH:MM`, `+HHMM` or `+HH` (or `-`).
fn offset(s: &[u8]) -> Option<i64> {
    match s {
        b"Z" | b"z" => return Some(0),
        _ if s.eq_ignore_ascii_case(b"UTC") => return Some(0),
        _ => {}
    }
    let (sign, s) = match s.split_first()? {
        (b'+', rest) => (1, rest),
        (b'-', rest) => (-1, rest),
        _ => return None,
    };
    let (hours, s) = digits(s, 2)?;
    let minutes = match s {
        [] => 0,
        [b':', rest @ ..] | rest => match digits(rest, 2)? {
            (minutes, []) => minutes,
            _ => return None,
        },
    };
    Some(sign * i64::from(hours * 3600 + minutes * 60))
}

/// An RFC 3339 moment.
fn parse_moment(text: &str) -> Option<DateTime<Utc>> {
    let (date, s) = date_prefix(text.trim().as_bytes())?;
    let s = match s.split_first()? {
        (b'T' | b't' | b' ', rest) => rest,
        _ => return None,
    };
    let (hour, s) = digits(s, 2)?;
    let (minute, s) = digits(expect(s, b':')?, 2)?;
    let (second, mut s) = digits(expect(s, b':')?, 2)?;
    let mut nanos = 0_u32;
    if let Some(rest) = expect(s, b'.') {
        let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        for (i, &b) in rest[..len].iter().take(9).enumerate() {
            nanos += u32::from(b - b'0') * 10_u32.pow(8 - i as u32);
        }
        s = &rest[len..];
    }
    let offset = offset(s)?;
    // A leap second, as chrono reads it.
    let (second, nanos) = if second == 60 {
        (59, nanos + 1_000_000_000)
    } else {
        (second, nanos)
    };
    let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    Some(
        local
            .checked_sub_signed(TimeDelta::seconds(offset))?
            .and_utc(),
    )
}

fn invalid<E: Error>() -> E {
    E::custom("invalid date")
}

/// Reads a moment.
pub fn moment<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    parse_moment(&text).ok_or_else(invalid)
}

/// Reads a moment or `null`.
pub fn option_moment<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    match <Option<String>>::deserialize(d)? {
        Some(text) => parse_moment(&text).map(Some).ok_or_else(invalid),
        None => Ok(None),
    }
}

/// Reads a calendar date.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    match date_prefix(text.as_bytes()) {
        Some((date, rest)) if rest.iter().all(u8::is_ascii_whitespace) => Ok(date),
        _ => Err(invalid()),
    }
}

/// Reads a calendar date or `null`.
pub fn option_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match <Option<String>>::deserialize(d)? {
        Some(text) => match date_prefix(text.as_bytes()) {
            Some((date, rest)) if rest.iter().all(u8::is_ascii_whitespace) => Ok(Some(date)),
            _ => Err(invalid()),
        },
        None => Ok(None),
    }
}
