//! Turns a failed request into GOV.UK error messages: at most one per field, in the order the
//! fields appear, plus messages that belong to no field.

use cc2i_shared::Problem;
use yew::AttrValue;

use crate::api::ClientError;

/// One line of the error summary; `field` is the id of the input it links to.
#[derive(Clone, PartialEq)]
pub struct FormError {
    /// The input the message is about, if any.
    pub field: Option<AttrValue>,
    /// The message, a sentence.
    pub message: AttrValue,
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
        });
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
fn sentence(label: &str, message: &str) -> String {
    const PREDICATES: [&str; 6] = ["must ", "is ", "has ", "are ", "repeats ", "cannot "];
    if PREDICATES.iter().any(|p| message.starts_with(p)) {
        return format!("{label} {message}");
    }
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => format!("{label} is not valid"),
    }
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
