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

/// One or two ASCII digits at the start of `s` (as chrono reads a month, day or time field),
/// and the rest.
fn field(s: &[u8]) -> Option<(u32, &[u8])> {
    let len = s.iter().take(2).take_while(|b| b.is_ascii_digit()).count();
    if len == 0 {
        return None;
    }
    digits(s, len)
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
    let (month, s) = field(expect(s, b'-')?)?;
    let (day, s) = field(expect(s, b'-')?)?;
    Some((
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?,
        s,
    ))
}

/// An offset east of UTC in seconds: `Z`, `UTC`, `+HH:MM` or `+HHMM` (or `-`).
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
    let (hour, s) = field(s)?;
    let (minute, s) = field(expect(s, b':')?)?;
    let (second, mut s) = field(expect(s, b':')?)?;
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

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Moments {
        #[serde(deserialize_with = "super::moment")]
        at: DateTime<Utc>,
        #[serde(default, deserialize_with = "super::option_moment")]
        maybe: Option<DateTime<Utc>>,
    }

    #[derive(Deserialize)]
    struct Dates {
        #[serde(deserialize_with = "super::date")]
        on: NaiveDate,
        #[serde(default, deserialize_with = "super::option_date")]
        maybe: Option<NaiveDate>,
    }

    fn json(text: &str) -> String {
        serde_json::to_string(text).unwrap()
    }

    /// Reads as chrono does for what chrono accepts, and refuses what chrono refuses.
    #[test]
    fn moments_read_as_chrono_reads_them() {
        let now = Utc::now();
        let written = [
            serde_json::to_value(now)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned(),
            serde_json::to_value(now.with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap()))
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned(),
        ];
        let cases = [
            "2025-11-26T14:05:00Z",
            "2025-11-26T14:05:00.5Z",
            "2025-11-26T14:05:00.123456Z",
            "2025-11-26T14:05:00.123456789Z",
            "2025-11-26T14:05:00.1234567891Z",
            "2025-11-26t14:05:00z",
            "2025-11-26 14:05:00Z",
            "2025-11-26T14:05:00+01:00",
            "2025-11-26T00:05:00+01:00",
            "2025-03-30T00:30:00-05:30",
            "2025-11-26T14:05:00+0100",
            "2025-11-26T14:05:00UTC",
            "2024-02-29T23:59:59Z",
            "2025-02-29T00:00:00Z",
            "2025-11-26T24:00:00Z",
            "2025-11-26T14:05Z",
            "2025-1-6T4:05:00Z",
            "2025-11-26T14:5:0Z",
            "2016-12-31T23:59:60Z",
            "2025-11-26T14:05:00+01",
            "2025-11-26T14:05:00-00:00",
            " 2025-11-26T14:05:00Z ",
            "2025-11-26",
            "2025-11-26T14:05:00",
            "2025-11-26T14:05:00.Z",
            "not a date",
            "",
        ];
        for text in written.iter().map(String::as_str).chain(cases) {
            let chrono = serde_json::from_str::<DateTime<Utc>>(&json(text)).ok();
            let ours = serde_json::from_str::<Moments>(&format!(r#"{{"at":{}}}"#, json(text)))
                .ok()
                .map(|m| m.at);
            assert_eq!(ours, chrono, "{text}");
        }
        let both: Moments =
            serde_json::from_str(r#"{"at":"2025-11-26T14:05:00Z","maybe":null}"#).unwrap();
        assert_eq!(both.maybe, None);
        let missing: Moments = serde_json::from_str(r#"{"at":"2025-11-26T14:05:00Z"}"#).unwrap();
        assert_eq!(missing.maybe, None);
        let some: Moments =
            serde_json::from_str(r#"{"at":"2025-11-26T14:05:00Z","maybe":"2025-11-27T00:00:00Z"}"#)
                .unwrap();
        assert_eq!(
            some.maybe.map(|m| m.to_rfc3339()),
            Some("2025-11-27T00:00:00+00:00".into())
        );
    }

    #[test]
    fn dates_read_as_chrono_reads_them() {
        for text in [
            "2025-11-26",
            "2024-02-29",
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "20251126",
            "2025-11-26T00:00:00Z",
            "",
        ] {
            let chrono = serde_json::from_str::<NaiveDate>(&json(text)).ok();
            let ours = serde_json::from_str::<Dates>(&format!(r#"{{"on":{}}}"#, json(text)))
                .ok()
                .map(|d| d.on);
            assert_eq!(ours, chrono, "{text}");
        }
        let missing: Dates = serde_json::from_str(r#"{"on":"2025-11-26"}"#).unwrap();
        assert_eq!(missing.maybe, None);
    }
}
