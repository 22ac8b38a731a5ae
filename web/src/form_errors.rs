//! Turns a failed request into GOV.UK error messages: at most one per field, in the order the
//! fields appear, plus messages that belong to no field.

use cc2i_shared::money::{format_bp, format_pence};
use cc2i_shared::Problem;
use yew::AttrValue;

use crate::api::ClientError;
use crate::app::Route;

/// One line of the error summary; `field` is the id of the input it links to.
#[derive(Clone, PartialEq)]
pub struct FormError {
    /// The input the message is about, if any.
    pub field: Option<AttrValue>,
    /// The message, a sentence.
    pub message: AttrValue,
    /// The page the input is on, when it is not the page showing the summary.
    pub page: Option<Route>,
}

/// Every message a form shows after a failed submission.
#[derive(Clone, Default, PartialEq)]
pub struct FormErrors(Vec<FormError>);

/// How a form names its fields and words the problem codes it expects.
pub struct FormSpec {
    /// Field names (the API's keys and the inputs' ids) in page order, with the label that
    /// starts the API's messages about them ("must be ..." becomes "Password must be ...").
    pub fields: &'static [(&'static str, &'static str)],
    /// Problem codes this form expects: the field each belongs to, if any, and its message.
    pub codes: &'static [(&'static str, Option<&'static str>, &'static str)],
}

const SERVICE_PROBLEM: &str = "Sorry, there is a problem with the service. Try again later.";

impl FormErrors {
    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every message, in page order.
    pub fn items(&self) -> &[FormError] {
        &self.0
    }

    /// The message for one field, if it has one.
    pub fn field(&self, name: &str) -> Option<AttrValue> {
        self.0
            .iter()
            .find(|e| e.field.as_deref() == Some(name))
            .map(|e| e.message.clone())
    }

    /// Adds a message, keeping only the first for each field.
    pub fn push(&mut self, field: Option<&'static str>, message: impl Into<AttrValue>) {
        if field.is_some_and(|f| self.field(f).is_some()) {
            return;
        }
        self.0.push(FormError {
            field: field.map(AttrValue::Static),
            message: message.into(),
            page: None,
        });
    }

    /// Adds a message about the input with id `field`, keeping only the first for each field.
    pub fn push_at(&mut self, field: impl Into<AttrValue>, message: impl Into<AttrValue>) {
        self.push_on(None, field.into(), message.into());
    }

    /// Adds a message about an input on another page (or this one when `page` is `None`).
    pub fn push_on(&mut self, page: Option<Route>, field: AttrValue, message: AttrValue) {
        if self.field(&field).is_some() {
            return;
        }
        self.0.push(FormError {
            field: Some(field),
            message,
            page,
        });
    }

    /// Adds every message of `other` after these.
    pub fn extend(&mut self, other: FormErrors) {
        self.0.extend(other.0);
    }

    /// Words the error on `field` GOV.UK's way ("Enter your full name") when it was left blank.
    pub fn when_blank(mut self, field: &str, value: &str, message: &'static str) -> Self {
        if value.trim().is_empty() {
            for error in &mut self.0 {
                if error.field.as_deref() == Some(field) {
                    error.message = AttrValue::Static(message);
                }
            }
        }
        self
    }

    /// The messages for a failed request.
    pub fn from_error(error: &ClientError, spec: &FormSpec) -> Self {
        let mut out = FormErrors::default();
        match error {
            ClientError::Problem(problem) => out.add_problem(problem, spec),
            ClientError::SignedOut => out.push(None, "Your session has ended. Sign in again."),
            ClientError::Failed(_) => out.push(None, SERVICE_PROBLEM),
        }
        out
    }

    fn add_problem(&mut self, problem: &Problem, spec: &FormSpec) {
        // A second factor is needed first: the summary links to the page that takes it.
        let second_factor = match (problem.code.as_str(), problem.hint.as_deref()) {
            ("mfa_required", Some("step_up")) => Some((
                Route::StepUp,
                "Confirm it is you with your passkey or authenticator app, then try again",
            )),
            ("mfa_enrolment_required", _) => Some((
                Route::AuthenticatorApp,
                "Set up an authenticator app or a passkey for your account before you do this",
            )),
            _ => None,
        };
        if let Some((page, message)) = second_factor {
            self.push_on(Some(page), "code".into(), message.into());
            return;
        }
        if let Some((_, field, message)) = spec.codes.iter().find(|(c, ..)| *c == problem.code) {
            self.push(*field, *message);
            return;
        }
        for (name, label) in spec.fields {
            if let Some(message) = problem.field(name).first() {
                self.push(Some(name), sentence(label, message));
            }
        }
        let unexpected = problem
            .errors
            .iter()
            .flatten()
            .filter(|(name, _)| !spec.fields.iter().any(|(known, _)| known == name));
        for (name, messages) in unexpected {
            if let Some(message) = messages.first() {
                self.push(None, sentence(name, message));
            }
        }
        if self.is_empty() {
            self.push(None, general_message(problem));
        }
    }
}

/// "must be ..." about a field becomes "Label must be ..."; "enter ..." becomes "Enter ...".
/// Ranges in pence or basis points are given in pounds or percentages.
pub fn sentence(label: &str, message: &str) -> String {
    const PREDICATES: [&str; 6] = ["must ", "is ", "has ", "are ", "repeats ", "cannot "];
    let message = &in_people_units(message);
    if PREDICATES.iter().any(|p| message.starts_with(p)) {
        return format!("{label} {message}");
    }
    let mut chars = message.chars();
    match chars.next() {
        // ASCII only (the API's messages are English): `char::to_uppercase` would bring
        // Unicode's case tables, about 25 KB, into every bundle.
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => format!("{label} is not valid"),
    }
}

/// "must be between 1 and 10000 basis points" becomes "must be between 0.01% and 100%", and
/// a range in pence becomes one in pounds.
fn in_people_units(message: &str) -> String {
    type Format = fn(i64) -> String;
    let units: [(&str, Format); 2] = [(" pence", format_pence), (" basis points", format_bp)];
    for (unit, format) in units {
        let Some((before, range)) = message
            .strip_suffix(unit)
            .and_then(|rest| rest.split_once("between "))
        else {
            continue;
        };
        if let Some((Ok(low), Ok(high))) = range
            .split_once(" and ")
            .map(|(low, high)| (low.parse::<i64>(), high.parse::<i64>()))
        {
            return format!("{before}between {} and {}", format(low), format(high));
        }
    }
    message.to_owned()
}

fn general_message(problem: &Problem) -> String {
    match problem.code.as_str() {
        "too_many_attempts" => "Too many attempts. Wait a few minutes, then try again.".into(),
        "forbidden" => "You do not have permission to do that.".into(),
        _ if problem.status >= 500 => SERVICE_PROBLEM.into(),
        _ if !problem.detail.is_empty() => problem.detail.clone(),
        _ => problem.title.clone(),
    }
}
