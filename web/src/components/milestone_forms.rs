//! The delivery forms: plan a milestone, submit one with evidence, and a funder's decision.

use cc2i_shared::delivery::{
    AcceptanceDecision, CreateAcceptance, CreateMilestone, SubmitMilestone,
};
use yew::prelude::*;

use super::date_input::{date_input, DateInputProps, DateParts};
use super::radios::{radios, RadiosProps};
use super::text_input::{text_input, TextInputProps};
use super::textarea::{textarea, TextareaProps};
use crate::form_errors::{FormErrors, FormSpec};

/// How the delivery forms name their fields and word the API's refusals.
pub const DELIVERY_SPEC: FormSpec = FormSpec {
    fields: &[
        ("title", "Title"),
        ("description", "Description"),
        ("due_date", "Due date"),
        ("payment_bp", "Payment share"),
        ("evidence", "Evidence"),
        ("decision", "Decision"),
        ("note", "Note"),
    ],
    codes: &[
        (
            "payment_exceeds_total",
            Some("payment_bp"),
            "The payment shares of all milestones must add up to 100% or less",
        ),
        (
            "idea_not_funded",
            None,
            "Delivery starts once the idea is funded",
        ),
        (
            "already_delivered",
            None,
            "The idea is delivered: its milestones are final",
        ),
        (
            "idea_not_in_delivery",
            None,
            "Start delivery before you submit milestones",
        ),
        (
            "invalid_milestone_status",
            None,
            "This milestone has already been submitted. Reload the page to see where it stands",
        ),
        (
            "milestone_not_submitted",
            None,
            "This milestone is not waiting for a decision. Reload the page to see where it stands",
        ),
        (
            "already_decided",
            None,
            "Your organisation has already decided on this submission",
        ),
        (
            "not_a_funder",
            None,
            "Only organisations that funded this idea accept its milestones",
        ),
    ],
};

/// A percentage with up to two decimal places ("25", "12.5%") in basis points.
pub fn parse_percent(text: &str) -> Option<i64> {
    let text = text.trim().trim_end_matches('%').trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty()
        || fraction.len() > 2
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(fraction)
}

/// Props for [`AddMilestoneForm`].
#[derive(Properties, PartialEq)]
pub struct AddMilestoneFormProps {
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// How much of the build cost is still unplanned, in basis points.
    pub remaining_bp: i64,
    /// Called with a milestone to plan, or with errors found before sending.
    pub onsubmit: Callback<Result<CreateMilestone, FormErrors>>,
}

/// Title, description, due date and payment share.
#[function_component]
pub fn AddMilestoneForm(props: &AddMilestoneFormProps) -> Html {
    let title = use_state(String::new);
    let description = use_state(String::new);
    let due = use_state(DateParts::default);
    let share = use_state(String::new);
    let onsubmit = {
        let (title, description, due, share, onsubmit) = (
            title.clone(),
            description.clone(),
            due.clone(),
            share.clone(),
            props.onsubmit.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errors = FormErrors::default();
            if title.trim().is_empty() {
                errors.push(Some("title"), "Enter a title for the milestone");
            }
            let date = due.date();
            if date.is_none() {
                errors.push(Some("due_date"), "Enter a real due date, like 30 6 2027");
            }
            let bp = parse_percent(&share);
            if bp.is_none_or(|bp| bp > 10_000) {
                errors.push(
                    Some("payment_bp"),
                    "Enter a payment share between 0% and 100%, like 25 or 12.5",
                );
            }
            match (errors.is_empty(), date, bp) {
                (true, Some(due_date), Some(payment_bp)) => onsubmit.emit(Ok(CreateMilestone {
                    title: title.trim().to_owned(),
                    description: description.trim().to_owned(),
                    due_date,
                    payment_bp,
                })),
                _ => onsubmit.emit(Err(errors)),
            }
        })
    };
    html! {
        <form novalidate=true {onsubmit} class="app-milestone-form">
            <h2 class="govuk-heading-m">{ "Add a milestone" }</h2>
            { text_input(&yew::props!(TextInputProps {
                id: "title",
                label: "Title",
                value: AttrValue::from((*title).clone()),
                oninput: Callback::from({ let title = title.clone(); move |v| title.set(v) }),
                error: props.errors.field("title"),
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: "description",
                label: "What will be delivered (optional)",
                hint: "How the funders will know it is done",
                rows: 3,
                value: AttrValue::from((*description).clone()),
                oninput: Callback::from({ let description = description.clone(); move |v| description.set(v) }),
                error: props.errors.field("description"),
            })) }
            { date_input(&yew::props!(DateInputProps {
                id: "due_date",
                legend: "Due date",
                hint: "For example, 30 6 2027",
                value: (*due).clone(),
                onchange: Callback::from({ let due = due.clone(); move |v| due.set(v) }),
                error: props.errors.field("due_date"),
            })) }
            { text_input(&yew::props!(TextInputProps {
                id: "payment_bp",
                label: "Payment share",
                hint: format!("The share of the build cost released when funders accept it. {} is not yet planned.", cc2i_shared::money::format_bp(props.remaining_bp)),
                value: AttrValue::from((*share).clone()),
                oninput: Callback::from({ let share = share.clone(); move |v| share.set(v) }),
                error: props.errors.field("payment_bp"),
                classes: classes!("govuk-input--width-5"),
                inputmode: "decimal",
                suffix: "%",
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">{ "Add milestone" }</button>
        </form>
    }
}

/// Props for [`EvidenceForm`].
#[derive(Properties, PartialEq)]
pub struct EvidenceFormProps {
    /// The milestone's id, which makes the field's id unique on the page.
    pub milestone_id: AttrValue,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the evidence, or with errors found before sending.
    pub onsubmit: Callback<Result<SubmitMilestone, FormErrors>>,
}

/// The id of a milestone's evidence field.
pub fn evidence_id(milestone_id: &str) -> String {
    format!("evidence-{milestone_id}")
}

/// "What was delivered", then "Submit for acceptance".
#[function_component]
pub fn EvidenceForm(props: &EvidenceFormProps) -> Html {
    let evidence = use_state(String::new);
    let field = evidence_id(&props.milestone_id);
    let onsubmit = {
        let (evidence, onsubmit, field) = (evidence.clone(), props.onsubmit.clone(), field.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = evidence.trim().to_owned();
            if text.is_empty() {
                let mut errors = FormErrors::default();
                errors.push_at(
                    field.clone(),
                    "Enter the evidence that the milestone is delivered",
                );
                onsubmit.emit(Err(errors));
            } else {
                onsubmit.emit(Ok(SubmitMilestone { evidence: text }));
            }
        })
    };
    html! {
        <form novalidate=true {onsubmit}>
            { textarea(&yew::props!(TextareaProps {
                id: field.clone(),
                label: "Evidence that it is delivered",
                hint: "What was delivered and where the funders can see it. The funders are told.",
                rows: 3,
                value: AttrValue::from((*evidence).clone()),
                oninput: Callback::from(move |v| evidence.set(v)),
                error: props.errors.field(&field),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">{ "Submit for acceptance" }</button>
        </form>
    }
}

/// Props for [`DecisionForm`].
#[derive(Properties, PartialEq)]
pub struct DecisionFormProps {
    /// The milestone's id, which makes the fields' ids unique on the page.
    pub milestone_id: AttrValue,
    /// The funding organisation the viewer decides for: id and name.
    pub organisation: (AttrValue, AttrValue),
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the decision, or with errors found before sending.
    pub onsubmit: Callback<Result<CreateAcceptance, FormErrors>>,
}

/// The ids of a milestone's decision and note fields.
pub fn decision_ids(milestone_id: &str) -> (String, String) {
    (
        format!("decision-{milestone_id}"),
        format!("note-{milestone_id}"),
    )
}

/// Accept or reject, with a note (required to reject).
#[function_component]
pub fn DecisionForm(props: &DecisionFormProps) -> Html {
    let decision = use_state(String::new);
    let note = use_state(String::new);
    let (decision_id, note_id) = decision_ids(&props.milestone_id);
    let onsubmit = {
        let (decision, note, onsubmit, org) = (
            decision.clone(),
            note.clone(),
            props.onsubmit.clone(),
            props.organisation.0.to_string(),
        );
        let (decision_id, note_id) = (decision_id.clone(), note_id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = note.trim().to_owned();
            let mut errors = FormErrors::default();
            let choice = AcceptanceDecision::from_code(&decision);
            match choice {
                None => errors.push_at(
                    decision_id.clone(),
                    "Select whether you accept or reject the milestone",
                ),
                Some(AcceptanceDecision::Reject) if text.is_empty() => {
                    errors.push_at(note_id.clone(), "Enter why you are rejecting the milestone")
                }
                _ => {}
            }
            match choice {
                Some(decision) if errors.is_empty() => onsubmit.emit(Ok(CreateAcceptance {
                    organisation_id: org.clone(),
                    decision,
                    note: (!text.is_empty()).then_some(text),
                })),
                _ => onsubmit.emit(Err(errors)),
            }
        })
    };
    let options = vec![
        (
            AttrValue::Static("accept"),
            AttrValue::Static("Accept: it was delivered as agreed"),
        ),
        (
            AttrValue::Static("reject"),
            AttrValue::Static("Reject: it was not"),
        ),
    ];
    html! {
        <form novalidate=true {onsubmit} class="app-decision-form">
            { radios(&yew::props!(RadiosProps {
                id: decision_id.clone(),
                legend: format!("Your decision for {}", props.organisation.1),
                hint: "Once funders holding more than half of the final shares accept, its payment is released.",
                options: options,
                value: AttrValue::from((*decision).clone()),
                onchange: Callback::from({ let decision = decision.clone(); move |v| decision.set(v) }),
                error: props.errors.field(&decision_id),
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: note_id.clone(),
                label: "Note",
                hint: "Required if you reject it: say what is missing. Shown to everyone.",
                rows: 3,
                value: AttrValue::from((*note).clone()),
                oninput: Callback::from(move |v| note.set(v)),
                error: props.errors.field(&note_id),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">{ "Record decision" }</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_percent;

    #[test]
    fn percentages_become_basis_points() {
        assert_eq!(parse_percent("25"), Some(2500));
        assert_eq!(parse_percent("12.5%"), Some(1250));
        assert_eq!(parse_percent(" 33.33 "), Some(3333));
        assert_eq!(parse_percent("100"), Some(10_000));
        assert_eq!(parse_percent("0"), Some(0));
        assert_eq!(parse_percent("1.234"), None);
        assert_eq!(parse_percent("ten"), None);
        assert_eq!(parse_percent(""), None);
    }
}
