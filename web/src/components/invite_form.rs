//! The form that invites organisations (ticked from a search) and people (by email) to an
//! idea, with an optional message.

use std::collections::HashSet;

use cc2i_shared::invitation::CreateInvitations;
use yew::prelude::*;

use super::checkboxes::{checkboxes, CheckboxesProps};
use super::field::{group_classes, hint_and_error};
use super::textarea::{textarea, TextareaProps};
use crate::form_errors::FormErrors;
use crate::vocabulary::Choice;

/// Who to invite, and the names to confirm it with.
#[derive(Clone, PartialEq)]
pub struct InviteRequest {
    /// The request body.
    pub body: CreateInvitations,
    /// The organisations' names and the email addresses, in that order.
    pub names: Vec<AttrValue>,
}

/// Props for [`InviteForm`].
#[derive(Properties, PartialEq)]
pub struct InviteFormProps {
    /// The organisations found by the search, as (id, label).
    pub results: Vec<Choice>,
    /// Whether the search found more than are shown.
    #[prop_or_default]
    pub more: bool,
    /// Organisations that cannot be chosen: already invited, or the proposer itself.
    pub excluded: Vec<String>,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with whom to invite.
    pub onsubmit: Callback<InviteRequest>,
}

/// Checkboxes for the organisations found (ticked ones stay when the search changes), a box
/// for email addresses, one a line, and a message. The page gives it a new `key` to clear it.
#[function_component]
pub fn InviteForm(props: &InviteFormProps) -> Html {
    let ticked = use_state(Vec::<Choice>::new);
    let emails = use_state(String::new);
    let message = use_state(String::new);

    let excluded: HashSet<&str> = props.excluded.iter().map(String::as_str).collect();
    let ticked_now: Vec<Choice> = ticked
        .iter()
        .filter(|(id, _)| !excluded.contains(id.as_str()))
        .cloned()
        .collect();
    let options: Vec<Choice> = ticked_now
        .iter()
        .cloned()
        .chain(
            props
                .results
                .iter()
                .filter(|(id, _)| {
                    !excluded.contains(id.as_str()) && !ticked_now.iter().any(|(t, _)| t == id)
                })
                .cloned(),
        )
        .collect();
    let checked: Vec<AttrValue> = ticked_now.iter().map(|(id, _)| id.clone()).collect();

    let ontoggle = {
        let (ticked, options) = (ticked.clone(), options.clone());
        Callback::from(move |(id, on): (AttrValue, bool)| {
            let mut next: Vec<Choice> = ticked.iter().filter(|(t, _)| *t != id).cloned().collect();
            if on {
                next.extend(options.iter().find(|(o, _)| *o == id).cloned());
            }
            ticked.set(next);
        })
    };
    let onsubmit = {
        let (emails, message) = (emails.clone(), message.clone());
        props.onsubmit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            let mut addresses: Vec<String> = Vec::new();
            for line in emails.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if !addresses.iter().any(|a| a.eq_ignore_ascii_case(line)) {
                    addresses.push(line.to_owned());
                }
            }
            let note = message.trim();
            InviteRequest {
                names: ticked_now
                    .iter()
                    .map(|(_, label)| label.clone())
                    .chain(addresses.iter().map(|a| AttrValue::from(a.clone())))
                    .collect(),
                body: CreateInvitations {
                    organisation_ids: ticked_now.iter().map(|(id, _)| id.to_string()).collect(),
                    emails: addresses,
                    message: (!note.is_empty()).then(|| note.to_owned()),
                },
            }
        })
    };
    let hint = if props.more {
        "Showing the first matches only: search by name to find others. Ticked organisations stay ticked when you search again."
    } else {
        "Ticked organisations stay ticked when you search again."
    };
    html! {
        <form novalidate=true class="app-invite-form" {onsubmit}>
            if options.is_empty() {
                { no_choices(!props.results.is_empty(), props.errors.field("organisation_ids")) }
            } else {
                { checkboxes(&yew::props!(CheckboxesProps {
                    id: "organisation_ids",
                    legend: "Organisations",
                    hint: hint,
                    options: options,
                    checked: checked,
                    ontoggle: ontoggle,
                    error: props.errors.field("organisation_ids"),
                })) }
            }
            { textarea(&yew::props!(TextareaProps {
                id: "emails",
                label: "Email addresses",
                hint: "One on each line. People without a CC2i account get an email with a link to sign up and see the idea.",
                value: AttrValue::from((*emails).clone()),
                oninput: Callback::from(move |v| emails.set(v)),
                error: props.errors.field("emails"),
                rows: 3,
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: "message",
                label: "Message (optional)",
                hint: "Included in every invitation",
                value: AttrValue::from((*message).clone()),
                oninput: Callback::from(move |v| message.set(v)),
                error: props.errors.field("message"),
            })) }
            <button type="submit" class="govuk-button" data-module="govuk-button">
                { "Send invitations" }
            </button>
        </form>
    }
}

/// In place of the checkboxes when there is nothing to tick: why, with any error about the
/// organisations (such as one invited meanwhile), so the error summary's link lands here.
fn no_choices(all_invited: bool, error: Option<AttrValue>) -> Html {
    let why = if all_invited {
        "Every organisation that matches the search has been invited already."
    } else {
        "No organisations match the search."
    };
    html! {
        <div class={group_classes(&error)} id="organisation_ids">
            <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{ "Organisations" }</p>
            { hint_and_error("organisation_ids", &None, &error) }
            <p class="govuk-body">{ why }{ " Change the search, or invite people by email." }</p>
        </div>
    }
}
