//! "Report this": a GOV.UK details component holding a small form with the reason.

use cc2i_shared::moderation::{CreateReport, Report as Made, TargetType, MAX_REASON_CHARS};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::errors::{check_text, errors_for};
use super::Outcome;
use crate::api::request;
use crate::components::textarea::{textarea, TextareaProps};
use crate::form_errors::FormErrors;

/// Props for [`ReportLink`].
#[derive(Properties, PartialEq)]
pub struct ReportLinkProps {
    /// What is reported.
    pub target_type: TargetType,
    /// Its id.
    pub target_id: AttrValue,
    /// Whether the viewer reported it already.
    pub reported: bool,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with what happened; `Ok` carries the confirmation.
    pub onresult: Callback<Outcome>,
    /// Called once the report is made (or found made before).
    pub onreported: Callback<AttrValue>,
}

/// The link that opens the form, or a note that the viewer has reported it.
#[function_component]
pub fn ReportLink(props: &ReportLinkProps) -> Html {
    let reason = use_state(String::new);
    let busy = use_state(|| false);
    let noun = props.target_type.label().to_ascii_lowercase();
    if props.reported {
        return html! {
            <p class="govuk-body-s app-reported">
                { format!("You reported this {noun}. Moderators will look at it.") }
            </p>
        };
    }
    let id: AttrValue = format!("report-{}-{}", props.target_type.code(), props.target_id).into();
    let onsubmit = {
        let (reason, busy, id) = (reason.clone(), busy.clone(), id.clone());
        let (onresult, onreported) = (props.onresult.clone(), props.onreported.clone());
        let (target_type, target_id, noun) =
            (props.target_type, props.target_id.clone(), noun.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let mut errors = FormErrors::default();
            check_text(
                &mut errors,
                &id,
                &reason,
                "Enter why moderators should look at this",
                "The reason",
                MAX_REASON_CHARS,
            );
            if !errors.is_empty() {
                onresult.emit(Err(errors));
                return;
            }
            busy.set(true);
            let body = CreateReport {
                target_type,
                target_id: target_id.to_string(),
                reason: (*reason).clone(),
            };
            let (busy, id, onresult, onreported, target_id, noun) = (
                busy.clone(),
                id.clone(),
                onresult.clone(),
                onreported.clone(),
                target_id.clone(),
                noun.clone(),
            );
            spawn_local(async move {
                match request::<Made>(Method::POST, "/reports", Some(&body)).await {
                    Ok(made) => {
                        onreported.emit(target_id);
                        onresult.emit(Ok(if made.target_hidden {
                            format!("Thank you. The {noun} is hidden until a moderator reviews it")
                        } else {
                            format!(
                                "Thank you for reporting the {noun}. Moderators will look at it"
                            )
                        }));
                    }
                    Err(error) => {
                        if error.code() == Some("already_reported") {
                            onreported.emit(target_id);
                        }
                        let fields = [("reason", id.clone(), "The reason")];
                        onresult.emit(Err(errors_for(&error, &fields)));
                    }
                }
                busy.set(false);
            });
        })
    };
    let oninput = {
        let reason = reason.clone();
        Callback::from(move |value: String| reason.set(value))
    };
    html! {
        <details class="govuk-details app-report">
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">{ format!("Report this {noun}") }</span>
            </summary>
            <div class="govuk-details__text">
                <form novalidate=true {onsubmit}>
                    { textarea(&yew::props!(TextareaProps {
                        id: id.clone(),
                        label: "Why should moderators look at this?",
                        hint: "For example, it is offensive, misleading or advertising. CC2i staff see your organisation’s name with the report.",
                        value: (*reason).clone(),
                        oninput: oninput,
                        error: props.errors.field(&id),
                        rows: 3,
                    })) }
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                        { "Send report" }
                    </button>
                </form>
            </div>
        </details>
    }
}
