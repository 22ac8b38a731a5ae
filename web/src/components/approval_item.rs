//! One pledge waiting for approval, with Approve and Reject (with a reason).

use cc2i_shared::money::{format_bp, format_pence};
use cc2i_shared::pledge::Pledge;
use yew::prelude::*;

use super::route_link::RouteLink;
use super::summary_list::summary_list;
use super::textarea::{textarea, TextareaProps};
use crate::app::Route;
use crate::form_errors::FormErrors;

/// Props for [`ApprovalItem`].
#[derive(Properties, PartialEq)]
pub struct ApprovalItemProps {
    /// The pending pledge, or the live pledge with a pending increase.
    pub pledge: Pledge,
    /// The idea's title.
    pub idea_title: AttrValue,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called to approve it.
    pub onapprove: Callback<()>,
    /// Called with the reason to reject it.
    pub onreject: Callback<String>,
}

/// The idea, what is asked and the two decisions.
#[function_component]
pub fn ApprovalItem(props: &ApprovalItemProps) -> Html {
    let reason = use_state(String::new);
    let pledge = &props.pledge;
    let field = format!("reason-{}", pledge.id);
    let (asked, what) = match pledge.pending_share_bp {
        Some(pending) => (
            pending,
            format!(
                "Increase from {} to {}",
                format_bp(pledge.share_bp),
                format_bp(pending)
            ),
        ),
        None => (pledge.share_bp, "New pledge".to_owned()),
    };
    let amount = if pledge.share_bp > 0 {
        pledge.amount_pence * asked / pledge.share_bp
    } else {
        0
    };
    let rows: Vec<(AttrValue, Html)> = vec![
        (
            "Idea".into(),
            html! {
                <RouteLink to={Route::Idea { id: pledge.idea_id.clone() }}>{ props.idea_title.clone() }</RouteLink>
            },
        ),
        ("Request".into(), html! { what }),
        ("Share".into(), html! { format_bp(asked) }),
        (
            "Amount".into(),
            html! { format!("About {}", format_pence(amount)) },
        ),
    ];
    let onapprove = props.onapprove.reform(|_: MouseEvent| ());
    let onreject = {
        let (reason, onreject) = (reason.clone(), props.onreject.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            onreject.emit(reason.trim().to_owned());
        })
    };
    html! {
        <div class="govuk-summary-card">
            <div class="govuk-summary-card__title-wrapper">
                <h3 class="govuk-summary-card__title">{ &props.idea_title }</h3>
            </div>
            <div class="govuk-summary-card__content">
                { summary_list(&rows) }
                <button type="button" class="govuk-button" data-module="govuk-button" onclick={onapprove}>
                    { "Approve" }
                </button>
                <form novalidate=true onsubmit={onreject}>
                    { textarea(&yew::props!(TextareaProps {
                        id: field.clone(),
                        label: "Reason for rejecting",
                        hint: "Shown to the person who made the pledge",
                        rows: 3,
                        value: AttrValue::from((*reason).clone()),
                        oninput: Callback::from(move |v| reason.set(v)),
                        error: props.errors.field(&field),
                    })) }
                    <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
                        { "Reject" }
                    </button>
                </form>
            </div>
        </div>
    }
}
