//! One adoption waiting for approval, with Approve and Reject (with a reason).

use cc2i_shared::money::format_pence;
use cc2i_shared::reuse::Adoption;
use yew::prelude::*;

use super::route_link::RouteLink;
use super::summary_list::summary_list;
use super::textarea::{textarea, TextareaProps};
use crate::app::Route;
use crate::dates::long_date;
use crate::form_errors::FormErrors;

/// The id of an adoption's reason field.
pub fn reason_id(adoption_id: &str) -> String {
    format!("reason-{adoption_id}")
}

/// Props for [`AdoptionItem`].
#[derive(Properties, PartialEq)]
pub struct AdoptionItemProps {
    /// The adoption awaiting approval.
    pub adoption: Adoption,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called to approve it.
    pub onapprove: Callback<()>,
    /// Called with the reason to reject it.
    pub onreject: Callback<String>,
}

/// The service, the fee if approved now and the two decisions.
#[function_component]
pub fn AdoptionItem(props: &AdoptionItemProps) -> Html {
    let reason = use_state(String::new);
    let a = &props.adoption;
    let field = reason_id(&a.id);
    let rows: Vec<(AttrValue, Html)> = vec![
        (
            "Service".into(),
            html! { <RouteLink to={Route::Idea { id: a.idea_id.clone() }}>{ a.idea_title.clone() }</RouteLink> },
        ),
        ("Asked on".into(), html! { long_date(&a.created_at) }),
        (
            "Fee if approved now".into(),
            html! { format_pence(a.fee_pence) },
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
                <h3 class="govuk-summary-card__title">{ format!("Adopt {}", a.idea_title) }</h3>
            </div>
            <div class="govuk-summary-card__content">
                { summary_list(&rows) }
                <button type="button" class="govuk-button" data-module="govuk-button" onclick={onapprove}>
                    { "Approve adoption" }
                </button>
                <form novalidate=true onsubmit={onreject}>
                    { textarea(&yew::props!(TextareaProps {
                        id: field.clone(),
                        label: "Reason for rejecting",
                        hint: "Shown to the person who asked to adopt it",
                        rows: 3,
                        value: AttrValue::from((*reason).clone()),
                        oninput: Callback::from(move |v| reason.set(v)),
                        error: props.errors.field(&field),
                    })) }
                    <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
                        { "Reject adoption" }
                    </button>
                </form>
            </div>
        </div>
    }
}
