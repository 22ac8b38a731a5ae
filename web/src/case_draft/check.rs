//! Checks answers as typed, GOV.UK style: one message per input, keyed by the input's id (the
//! API's field path as an id, see [`super::paths::field_id`]).

use chrono::NaiveDate;

use super::paths::field_id;
use crate::components::date_input::DateParts;
use crate::form_errors::FormErrors;
use crate::units::{parse_percent, parse_pounds, parse_whole};

/// What is wrong so far. The methods return a stand-in value when the answer is wrong, so a
/// section can build its wire type in one go and [`Check::finish`] throws it away.
#[derive(Default)]
pub struct Check {
    errors: FormErrors,
}

impl Check {
    /// Adds a message about the input for `path`.
    pub fn fail(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push_at(field_id(path), message.into());
    }

    /// A required answer, trimmed; `blank` when it is empty.
    pub fn text(&mut self, path: &str, value: &str, blank: impl Into<String>) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.fail(path, blank);
        }
        value.to_owned()
    }

    /// An amount in pounds as pence.
    pub fn pounds(&mut self, path: &str, value: &str, what: &str) -> i64 {
        if value.trim().is_empty() {
            self.fail(path, format!("Enter {what} in pounds"));
            return 0;
        }
        parse_pounds(value).unwrap_or_else(|| {
            self.fail(
                path,
                format!(
                    "{} must be an amount in pounds, like 1500 or 1250.50",
                    capital(what)
                ),
            );
            0
        })
    }

    /// A whole number.
    pub fn whole(&mut self, path: &str, value: &str, what: &str, example: &str) -> u32 {
        if value.trim().is_empty() {
            self.fail(path, format!("Enter {what}"));
            return 0;
        }
        parse_whole(value).unwrap_or_else(|| {
            self.fail(
                path,
                format!("{} must be a whole number, like {example}", capital(what)),
            );
            0
        })
    }

    /// A percentage as basis points.
    pub fn percent(&mut self, path: &str, value: &str, what: &str, example: &str) -> u32 {
        if value.trim().is_empty() {
            self.fail(path, format!("Enter {what} as a percentage"));
            return 0;
        }
        match parse_percent(value).and_then(|bp| u32::try_from(bp).ok()) {
            Some(bp) => bp,
            None => {
                self.fail(
                    path,
                    format!(
                        "{} must be a percentage with up to 2 decimal places, like {example}",
                        capital(what)
                    ),
                );
                0
            }
        }
    }

    /// One of a table's codes; `message` when none is chosen.
    pub fn choice<T: Copy>(
        &mut self,
        path: &str,
        code: &str,
        table: &'static [(T, &'static str, &'static str)],
        message: impl Into<String>,
    ) -> Option<T> {
        let value = crate::vocabulary::from_code(table, code);
        if value.is_none() {
            self.fail(path, message);
        }
        value
    }

    /// A real date from a date input.
    pub fn date(&mut self, path: &str, parts: &DateParts, what: &str) -> NaiveDate {
        if parts.is_blank() {
            self.fail(path, format!("Enter {what}"));
            return NaiveDate::default();
        }
        parts.date().unwrap_or_else(|| {
            self.fail(path, format!("{} must be a real date", capital(what)));
            NaiveDate::default()
        })
    }

    /// The value when every answer was right, otherwise the messages.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, FormErrors> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ => Err(self.errors),
        }
    }
}

/// "the cost of option 1" -> "The cost of option 1".
fn capital(what: &str) -> String {
    let mut chars = what.chars();
    match chars.next() {
        // ASCII only (the API's messages are English): `char::to_uppercase` would bring
        // Unicode's case tables, about 25 KB, into every bundle.
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

/// Whether every string is blank.
pub fn all_blank(values: &[&str]) -> bool {
    values.iter().all(|v| v.trim().is_empty())
}
