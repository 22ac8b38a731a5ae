//! The viewer's organisation's live pledge on an idea: where it stands, re-consent when the
//! terms changed, changing the share and withdrawing it.

use cc2i_shared::money::{format_bp, format_pence};
use cc2i_shared::pledge::{Pledge, PledgeStatus};
use yew::prelude::*;

use super::confirm_action::ConfirmAction;
use super::funders_table::pledge_colour;
use super::route_link::RouteLink;
use super::summary_list::summary_list;
use super::tag::tag;
use super::text_input::{text_input, TextInputProps};
use crate::app::Route;
use crate::form_errors::FormErrors;
use crate::units::parse_percent;

/// Props for [`OwnPledge`].
#[derive(Properties, PartialEq)]
pub struct OwnPledgeProps {
    /// The pledge.
    pub pledge: Pledge,
    /// The idea's current business-case version.
    pub current_version: i32,
    /// The smallest share a pledge may take.
    pub min_pledge_bp: i64,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with a new share in basis points.
    pub onchange: Callback<i64>,
    /// Called when the new share is not valid.
    pub onerror: Callback<FormErrors>,
    /// Called when the user confirms withdrawing the pledge.
    pub onwithdraw: Callback<()>,
    /// Called with the version the user accepts.
    pub onreconsent: Callback<i32>,
}

/// The pledge's details and the actions on it.
#[function_component]
pub fn OwnPledge(props: &OwnPledgeProps) -> Html {
    let share = use_state(String::new);
    let pledge = &props.pledge;
    let field = format!("share-{}", pledge.id);
    let version = props.current_version;

    let onsubmit = {
        let (share, field, min) = (share.clone(), field.clone(), props.min_pledge_bp);
        let (onchange, onerror) = (props.onchange.clone(), props.onerror.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match parse_percent(&share).filter(|bp| (min..=10_000).contains(bp)) {
                Some(bp) => onchange.emit(bp),
                None => {
                    let mut errors = FormErrors::default();
                    errors.push_at(
                        field.clone(),
                        format!(
                            "Your new share must be a percentage between {} and 100%, with up to 2 decimal places",
                            format_bp(min)
                        ),
                    );
                    onerror.emit(errors);
                }
            }
        })
    };
    let onreconsent = props.onreconsent.reform(move |_: MouseEvent| version);

    let mut rows: Vec<(AttrValue, Html)> = vec![
        (
            "Status".into(),
            tag(pledge.status.label(), pledge_colour(pledge.status)),
        ),
        ("Share".into(), html! { format_bp(pledge.share_bp) }),
        ("Amount".into(), html! { format_pence(pledge.amount_pence) }),
    ];
    if let Some(pending) = pledge.pending_share_bp {
        rows.push((
            "Increase awaiting approval".into(),
            html! { format!("To {}", format_bp(pending)) },
        ));
    }
    if let Some(condition) = &pledge.condition {
        let met = if pledge.condition_met {
            "met"
        } else {
            "not yet met"
        };
        rows.push((
            "Condition".into(),
            html! { format!(
                "Only if at least {} other organisations pledge ({met})",
                condition.min_other_organisations
            ) },
        ));
    }
    rows.push((
        "Business case accepted".into(),
        html! { format!("Version {}", pledge.business_case_version) },
    ));

    html! {
        <div class="app-own-pledge">
            if pledge.status == PledgeStatus::NeedsReconsent {
                <div class="govuk-notification-banner" role="region" aria-labelledby="reconsent-title" data-module="govuk-notification-banner">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="reconsent-title">{ "Important" }</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">
                            { format!("The terms changed: accept version {version} to keep your pledge counting") }
                        </p>
                        <p class="govuk-body">
                            <RouteLink to={Route::BusinessCase { id: pledge.idea_id.clone() }} classes="govuk-notification-banner__link">
                                { "Read the business case" }
                            </RouteLink>
                            { ". Until you accept it, your pledge does not count towards the target." }
                        </p>
                        <button type="button" class="govuk-button" data-module="govuk-button" onclick={onreconsent}>
                            { format!("Accept version {version}") }
                        </button>
                    </div>
                </div>
            }
            <h2 class="govuk-heading-m">{ format!("{}’s pledge", pledge.organisation_name) }</h2>
            { summary_list(&rows) }
            <form novalidate=true {onsubmit}>
                { text_input(&yew::props!(TextInputProps {
                    id: field.clone(),
                    label: "Change your share",
                    hint: "A larger share may need approval by another owner or admin",
                    suffix: "%",
                    inputmode: "decimal",
                    classes: "govuk-input--width-5",
                    value: AttrValue::from((*share).clone()),
                    oninput: Callback::from(move |v| share.set(v)),
                    error: props.errors.field(&field),
                })) }
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                    { "Change share" }
                </button>
            </form>
            <ConfirmAction
                label="Withdraw pledge"
                warning="Withdrawing takes your organisation’s pledge off this idea. You can pledge again while it is open."
                confirm="Yes, withdraw the pledge"
                warning_button=true
                onconfirm={props.onwithdraw.clone()}
            />
        </div>
    }
}
