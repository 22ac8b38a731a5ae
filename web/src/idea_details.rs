//! An idea's details as typed (title, summary, description, service areas, closing date and
//! the campaign's rules), how they are checked, and the requests they become.

use cc2i_shared::idea::{CreateIdea, Idea, UpdateIdea};
use cc2i_shared::ServiceArea;
use chrono::{DateTime, Utc};
use yew::AttrValue;

use crate::case_draft::percent_answer;
use crate::components::date_input::DateParts;
use crate::dates::{closing_moment, uk_date};
use crate::form_errors::{FormErrors, FormSpec};
use crate::units::{parse_percent, parse_whole};

/// How the API's field names read, for its messages.
pub const DETAILS_SPEC: FormSpec = FormSpec {
    fields: &[
        ("organisation_id", "Organisation"),
        ("title", "Title"),
        ("summary", "Summary"),
        ("description", "Description"),
        ("service_areas", "Service areas"),
        ("deadline", "Closing date"),
        ("min_pledgers", "Fewest funders"),
        ("min_pledge_bp", "Smallest pledge"),
        ("max_total_bp", "Most that pledges may add up to"),
    ],
    codes: &[(
        "idea_not_editable",
        None,
        "This idea has been submitted, so its details can no longer be changed",
    )],
};

/// The details as typed.
#[derive(Clone, PartialEq)]
pub struct IdeaDetails {
    /// 5 to 120 characters.
    pub title: String,
    /// Up to 300 characters.
    pub summary: String,
    /// Markdown.
    pub description: String,
    /// Service area codes.
    pub service_areas: Vec<AttrValue>,
    /// When the campaign closes.
    pub deadline: DateParts,
    /// Fewest funding organisations.
    pub min_pledgers: String,
    /// Smallest pledge, a percentage.
    pub min_pledge: String,
    /// Cap on pledges, a percentage.
    pub max_total: String,
}

/// The details once checked.
pub struct CheckedDetails {
    title: String,
    summary: String,
    description: String,
    service_areas: Vec<ServiceArea>,
    deadline: DateTime<Utc>,
    min_pledgers: Option<i32>,
    min_pledge_bp: Option<i32>,
    max_total_bp: Option<i32>,
}

impl IdeaDetails {
    /// A new idea's details, with the API's defaults for the campaign's rules.
    pub fn new() -> Self {
        IdeaDetails {
            title: String::new(),
            summary: String::new(),
            description: String::new(),
            service_areas: Vec::new(),
            deadline: DateParts::default(),
            min_pledgers: "2".into(),
            min_pledge: "5".into(),
            max_total: "150".into(),
        }
    }

    /// An idea's details as they are.
    pub fn from_idea(idea: &Idea) -> Self {
        let percent = |bp: i32| percent_answer(u32::try_from(bp).unwrap_or_default());
        IdeaDetails {
            title: idea.title.clone(),
            summary: idea.summary.clone(),
            description: idea.description.clone(),
            service_areas: idea
                .service_areas
                .iter()
                .map(|a| AttrValue::Static(a.code()))
                .collect(),
            deadline: DateParts::from_date(uk_date(&idea.deadline)),
            min_pledgers: idea.min_pledgers.to_string(),
            min_pledge: percent(idea.min_pledge_bp),
            max_total: percent(idea.max_total_bp),
        }
    }

    /// The checked details, or messages for answers that are missing or not numbers and dates.
    /// Lengths and ranges are the API's to check.
    pub fn check(&self) -> Result<CheckedDetails, FormErrors> {
        let mut errors = FormErrors::default();
        if self.title.trim().is_empty() {
            errors.push(Some("title"), "Enter a title for the idea");
        }
        if self.summary.trim().is_empty() {
            errors.push(Some("summary"), "Enter a summary of the idea");
        }
        let service_areas: Vec<ServiceArea> = ServiceArea::ALL
            .iter()
            .copied()
            .filter(|a| self.service_areas.iter().any(|c| c == a.code()))
            .collect();
        if service_areas.is_empty() {
            errors.push(Some("service_areas"), "Select at least one service area");
        }
        let deadline = if self.deadline.is_blank() {
            errors.push(Some("deadline"), "Enter the date the campaign closes");
            None
        } else {
            let moment = self.deadline.date().and_then(closing_moment);
            if moment.is_none() {
                errors.push(Some("deadline"), "Closing date must be a real date");
            }
            moment
        };
        let optional = |value: &str, parse: fn(&str) -> Option<i64>| -> Result<Option<i32>, ()> {
            if value.trim().is_empty() {
                return Ok(None);
            }
            parse(value)
                .and_then(|n| i32::try_from(n).ok())
                .map(Some)
                .ok_or(())
        };
        let whole = |s: &str| parse_whole(s).map(i64::from);
        let min_pledgers = optional(&self.min_pledgers, whole).unwrap_or_else(|()| {
            errors.push(
                Some("min_pledgers"),
                "Fewest funders must be a whole number, like 2",
            );
            None
        });
        let min_pledge_bp = optional(&self.min_pledge, parse_percent).unwrap_or_else(|()| {
            errors.push(
                Some("min_pledge_bp"),
                "Smallest pledge must be a percentage, like 5",
            );
            None
        });
        let max_total_bp = optional(&self.max_total, parse_percent).unwrap_or_else(|()| {
            errors.push(
                Some("max_total_bp"),
                "Most that pledges may add up to must be a percentage, like 150",
            );
            None
        });
        match deadline {
            Some(deadline) if errors.is_empty() => Ok(CheckedDetails {
                title: self.title.trim().to_owned(),
                summary: self.summary.trim().to_owned(),
                description: self.description.trim().to_owned(),
                service_areas,
                deadline,
                min_pledgers,
                min_pledge_bp,
                max_total_bp,
            }),
            _ => Err(errors),
        }
    }
}

impl CheckedDetails {
    /// The request to draft the idea for an organisation.
    pub fn create(self, organisation_id: String) -> CreateIdea {
        CreateIdea {
            organisation_id,
            title: self.title,
            summary: self.summary,
            description: self.description,
            service_areas: self.service_areas,
            deadline: self.deadline,
            min_pledgers: self.min_pledgers,
            min_pledge_bp: self.min_pledge_bp,
            max_total_bp: self.max_total_bp,
        }
    }

    /// The request to change a draft's details.
    pub fn update(self) -> UpdateIdea {
        UpdateIdea {
            title: Some(self.title),
            summary: Some(self.summary),
            description: Some(self.description),
            service_areas: Some(self.service_areas),
            deadline: Some(self.deadline),
            min_pledgers: self.min_pledgers,
            min_pledge_bp: self.min_pledge_bp,
            max_total_bp: self.max_total_bp,
            voting_model: None,
            rebate_bp: None,
        }
    }
}
