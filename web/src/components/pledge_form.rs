//! The form for a new pledge: organisation, share, an optional condition and acceptance of
//! the business case, with a live preview of the amount and the price curve.

use cc2i_shared::idea::Idea;
use cc2i_shared::money::{format_bp, format_pence};
use cc2i_shared::pledge::{CreatePledge, PledgeCondition};
use cc2i_shared::Membership;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::{group_classes, hint_and_error};
use super::price_curve::share_after_joiners;
use super::radios::{radios, RadiosProps};
use super::route_link::RouteLink;
use super::text_input::{text_input, TextInputProps};
use crate::app::Route;
use crate::form_errors::FormErrors;
use crate::units::{parse_percent, parse_whole};

/// How many joiners the preview sentence imagines.
const PREVIEW_JOINERS: i64 = 3;

/// Props for [`PledgeForm`].
#[derive(Properties, PartialEq)]
pub struct PledgeFormProps {
    /// The open idea.
    pub idea: Idea,
    /// Verified organisations of the viewer that have no live pledge on it.
    pub organisations: Vec<Membership>,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with a valid pledge.
    pub onsubmit: Callback<CreatePledge>,
    /// Called with what is wrong when the answers are not valid.
    pub onerror: Callback<FormErrors>,
}

/// The amount and the price-curve sentence for a share being typed.
fn preview(idea: &Idea, share_bp: i64) -> Html {
    let target = idea.funding.target_cost_pence;
    let amount = |bp: i64| format_pence((i128::from(target) * i128::from(bp) / 10_000) as i64);
    let later = share_after_joiners(idea, share_bp, PREVIEW_JOINERS);
    let sentence = if later < share_bp {
        format!(
            "If {PREVIEW_JOINERS} more organisations join at the average share, your share falls to {} ({}).",
            amount(later),
            format_bp(later)
        )
    } else {
        format!(
            "If {PREVIEW_JOINERS} more organisations join at the average share, you still pay {}: shares are only scaled down once pledges pass 100%.",
            amount(share_bp)
        )
    };
    html! {
        <div class="govuk-inset-text" id="pledge-preview" aria-live="polite">
            <p class="govuk-body govuk-!-font-weight-bold">
                { format!("{} of {} is {}.", format_bp(share_bp), format_pence(target), amount(share_bp)) }
            </p>
            <p class="govuk-body">{ sentence }</p>
        </div>
    }
}

/// Checks the answers, or says what is wrong with each.
fn validate(
    idea: &Idea,
    organisation: &str,
    share: &str,
    condition: &str,
    accepted: bool,
) -> Result<CreatePledge, FormErrors> {
    let mut errors = FormErrors::default();
    if organisation.is_empty() {
        errors.push(
            Some("organisation_id"),
            "Select the organisation you are pledging for",
        );
    }
    let min = i64::from(idea.min_pledge_bp);
    let share_bp = parse_percent(share).filter(|bp| (min..=10_000).contains(bp));
    if share.trim().is_empty() {
        errors.push(Some("share_bp"), "Enter your share as a percentage");
    } else if share_bp.is_none() {
        errors.push(
            Some("share_bp"),
            format!(
                "Your share must be a percentage between {} and 100%, with up to 2 decimal places",
                format_bp(min)
            ),
        );
    }
    let condition = if condition.trim().is_empty() {
        None
    } else {
        match parse_whole(condition).filter(|n| (1..=50).contains(n)) {
            Some(n) => Some(PledgeCondition {
                min_other_organisations: n as i32,
            }),
            None => {
                errors.push(
                    Some("min_other_organisations"),
                    "The number of other organisations must be a whole number from 1 to 50",
                );
                None
            }
        }
    };
    let version = idea.business_case_version.unwrap_or(0);
    if !accepted {
        errors.push(
            Some("accept"),
            format!("Confirm you accept version {version} of the business case and its SLA"),
        );
    }
    match (errors.is_empty(), share_bp) {
        (true, Some(share_bp)) => Ok(CreatePledge {
            organisation_id: organisation.to_owned(),
            share_bp,
            business_case_version: version,
            condition,
        }),
        _ => Err(errors),
    }
}

/// The pledge form.
#[function_component]
pub fn PledgeForm(props: &PledgeFormProps) -> Html {
    let organisation = use_state(|| match props.organisations.as_slice() {
        [only] => only.organisation_id.clone(),
        _ => String::new(),
    });
    let share = use_state(String::new);
    let condition = use_state(String::new);
    let accepted = use_state(|| false);
    let idea = &props.idea;
    let version = idea.business_case_version.unwrap_or(0);

    let onsubmit = {
        let (organisation, share, condition, accepted) = (
            organisation.clone(),
            share.clone(),
            condition.clone(),
            accepted.clone(),
        );
        let (idea, onsubmit, onerror) =
            (idea.clone(), props.onsubmit.clone(), props.onerror.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match validate(&idea, &organisation, &share, &condition, *accepted) {
                Ok(pledge) => onsubmit.emit(pledge),
                Err(errors) => onerror.emit(errors),
            }
        })
    };
    let onaccept = {
        let accepted = accepted.clone();
        Callback::from(move |e: Event| {
            accepted.set(e.target_unchecked_into::<HtmlInputElement>().checked());
        })
    };
    let share_bp = parse_percent(&share).filter(|bp| (1..=10_000).contains(bp));
    let accept_error = props.errors.field("accept");
    let choices: Vec<_> = props
        .organisations
        .iter()
        .map(|m| {
            (
                AttrValue::from(m.organisation_id.clone()),
                AttrValue::from(m.organisation_name.clone()),
            )
        })
        .collect();
    html! {
        <form novalidate=true {onsubmit} class="app-pledge-form">
            <h2 class="govuk-heading-m">{ "Make a pledge" }</h2>
            if choices.len() > 1 {
                { radios(&yew::props!(RadiosProps {
                    id: "organisation_id",
                    legend: "Which organisation are you pledging for?",
                    options: choices,
                    value: AttrValue::from((*organisation).clone()),
                    onchange: Callback::from({ let organisation = organisation.clone(); move |v| organisation.set(v) }),
                    error: props.errors.field("organisation_id"),
                })) }
            } else if let Some(only) = props.organisations.first() {
                <p class="govuk-body">{ format!("You are pledging for {}.", only.organisation_name) }</p>
            }
            { text_input(&yew::props!(TextInputProps {
                id: "share_bp",
                label: "Your share of the cost",
                hint: format!("A percentage from {} to 100%, like 25 or 12.5", format_bp(i64::from(idea.min_pledge_bp))),
                suffix: "%",
                inputmode: "decimal",
                classes: "govuk-input--width-5",
                value: AttrValue::from((*share).clone()),
                oninput: Callback::from({ let share = share.clone(); move |v| share.set(v) }),
                error: props.errors.field("share_bp"),
            })) }
            if let Some(bp) = share_bp {
                { preview(idea, bp) }
            }
            { text_input(&yew::props!(TextInputProps {
                id: "min_other_organisations",
                label: "Only if at least this many other organisations pledge (optional)",
                hint: "Leave empty for your pledge to count whoever else joins",
                inputmode: "numeric",
                classes: "govuk-input--width-3",
                value: AttrValue::from((*condition).clone()),
                oninput: Callback::from({ let condition = condition.clone(); move |v| condition.set(v) }),
                error: props.errors.field("min_other_organisations"),
            })) }
            <p class="govuk-body">
                <RouteLink to={Route::BusinessCase { id: idea.id.clone() }}>
                    { format!("Read version {version} of the business case") }
                </RouteLink>
                { " before you accept it." }
            </p>
            <div class={group_classes(&accept_error)}>
                { hint_and_error("accept", &None, &accept_error) }
                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                    <div class="govuk-checkboxes__item">
                        <input
                            class="govuk-checkboxes__input"
                            id="accept"
                            name="accept"
                            type="checkbox"
                            checked={*accepted}
                            aria-describedby={accept_error.as_ref().map(|_| "accept-error")}
                            onchange={onaccept}
                        />
                        <label class="govuk-label govuk-checkboxes__label" for="accept">
                            { format!("I accept version {version} of the business case and its SLA") }
                        </label>
                    </div>
                </div>
            </div>
            <button type="submit" class="govuk-button" data-module="govuk-button">{ "Pledge" }</button>
        </form>
    }
}
