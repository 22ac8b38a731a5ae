//! The inputs of an idea's details, for the forms that post an idea and change a draft.

use yew::prelude::*;

use super::checkboxes::{checkboxes, CheckboxesProps};
use super::date_input::{date_input, DateInputProps, DateParts};
use super::text_input::{text_input, TextInputProps};
use super::textarea::{textarea, TextareaProps};
use crate::form_errors::FormErrors;
use crate::idea_details::IdeaDetails;
use crate::vocabulary::service_areas;

/// Props for [`idea_details_fields`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct IdeaDetailsFieldsProps {
    /// The answers.
    pub details: IdeaDetails,
    /// What was wrong with them.
    pub errors: FormErrors,
    /// Called with the changed answers.
    pub onchange: Callback<IdeaDetails>,
}

/// The inputs, for a form the page owns.
pub fn idea_details_fields(props: &IdeaDetailsFieldsProps) -> Html {
    let (details, errors) = (&props.details, &props.errors);
    let set = |field: fn(&mut IdeaDetails) -> &mut String| {
        let (details, onchange) = (details.clone(), props.onchange.clone());
        Callback::from(move |value: String| {
            let mut next = details.clone();
            *field(&mut next) = value;
            onchange.emit(next);
        })
    };
    let ontoggle = {
        let (details, onchange) = (details.clone(), props.onchange.clone());
        Callback::from(move |(code, ticked): (AttrValue, bool)| {
            let mut next = details.clone();
            next.service_areas.retain(|c| *c != code);
            if ticked {
                next.service_areas.push(code);
            }
            onchange.emit(next);
        })
    };
    let ondeadline = {
        let (details, onchange) = (details.clone(), props.onchange.clone());
        Callback::from(move |deadline: DateParts| {
            onchange.emit(IdeaDetails {
                deadline,
                ..details.clone()
            });
        })
    };
    html! {
        <>
            { text_input(&yew::props!(TextInputProps {
                id: "title",
                label: "Title",
                hint: "What will be built, in a few words, like “Online housing repairs reporting”",
                value: AttrValue::from(details.title.clone()),
                oninput: set(|d| &mut d.title),
                error: errors.field("title"),
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: "summary",
                label: "Summary",
                hint: "One or two sentences, up to 300 characters. This is shown in lists of ideas.",
                value: AttrValue::from(details.summary.clone()),
                oninput: set(|d| &mut d.summary),
                error: errors.field("summary"),
                rows: 3,
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: "description",
                label: "Description (optional)",
                hint: "Start a line with ## for a heading or - for a bullet point. Leave a blank line between paragraphs.",
                value: AttrValue::from(details.description.clone()),
                oninput: set(|d| &mut d.description),
                error: errors.field("description"),
                rows: 10,
            })) }
            { checkboxes(&yew::props!(CheckboxesProps {
                id: "service_areas",
                legend: "Which services is it for?",
                hint: "Select up to 5",
                options: service_areas(),
                checked: details.service_areas.clone(),
                ontoggle: ontoggle,
                error: errors.field("service_areas"),
            })) }
            { date_input(&yew::props!(DateInputProps {
                id: "deadline",
                legend: "When does the campaign close?",
                hint: "Pledges can be made until 11:59pm UK time that day, within two years. For example, 31 3 2027",
                value: details.deadline.clone(),
                onchange: ondeadline,
                error: errors.field("deadline"),
            })) }
            { text_input(&yew::props!(TextInputProps {
                id: "min_pledgers",
                label: "Fewest funders needed",
                hint: "The idea is funded only if at least this many organisations pledge",
                inputmode: "numeric",
                classes: "govuk-input--width-3",
                value: AttrValue::from(details.min_pledgers.clone()),
                oninput: set(|d| &mut d.min_pledgers),
                error: errors.field("min_pledgers"),
            })) }
            { text_input(&yew::props!(TextInputProps {
                id: "min_pledge_bp",
                label: "Smallest pledge",
                hint: "The smallest share of the cost one organisation can pledge",
                suffix: "%",
                inputmode: "decimal",
                classes: "govuk-input--width-5",
                value: AttrValue::from(details.min_pledge.clone()),
                oninput: set(|d| &mut d.min_pledge),
                error: errors.field("min_pledge_bp"),
            })) }
            { text_input(&yew::props!(TextInputProps {
                id: "max_total_bp",
                label: "Most that pledges may add up to",
                hint: "Pledges above 100% lower every funder’s share. Between 100% and 300%.",
                suffix: "%",
                inputmode: "decimal",
                classes: "govuk-input--width-5",
                value: AttrValue::from(details.max_total.clone()),
                oninput: set(|d| &mut d.max_total),
                error: errors.field("max_total_bp"),
            })) }
        </>
    }
}
