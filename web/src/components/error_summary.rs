//! The GOV.UK error summary: every problem with a form, each linking to its field.

use crate::router::*;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::app::FocusField;
use crate::form_errors::{FormError, FormErrors};

/// Props for [`ErrorSummary`].
#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// What went wrong; nothing is shown when empty.
    pub errors: FormErrors,
}

/// "There is a problem", then one line per error; takes focus whenever the errors change so
/// screen reader users hear them. An error about a field on another page links to that page,
/// which then moves focus to the field.
#[function_component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let node = use_node_ref();
    let navigator = use_navigator();
    use_effect_with(props.errors.clone(), {
        let node = node.clone();
        move |errors| {
            if let (false, Some(summary)) = (errors.is_empty(), node.cast::<HtmlElement>()) {
                // tabindex -1 makes the summary focusable by script only, as GOV.UK Frontend does.
                if summary.set_attribute("tabindex", "-1").is_ok() {
                    let _focused = summary.focus();
                }
            }
        }
    });
    if props.errors.is_empty() {
        return html! {};
    }
    html! {
        <div
            class="govuk-error-summary"
            data-module="govuk-error-summary"
            data-disable-auto-focus="true"
            ref={node}
        >
            <div role="alert">
                <h2 class="govuk-error-summary__title">{ "There is a problem" }</h2>
                <div class="govuk-error-summary__body">
                    <ul class="govuk-list govuk-error-summary__list">
                        { for props.errors.items().iter().map(|error| html! {
                            <li>{ link(error, navigator.clone()) }</li>
                        }) }
                    </ul>
                </div>
            </div>
        </div>
    }
}

fn link(error: &FormError, navigator: Option<Navigator>) -> Html {
    let message = error.message.clone();
    match (&error.field, &error.page) {
        (Some(field), None) => html! { <a href={format!("#{field}")}>{ message }</a> },
        (Some(field), Some(page)) => {
            let (page, field) = (page.clone(), field.clone());
            let href = format!("{}#{field}", page.to_path());
            let onclick = Callback::from(move |e: MouseEvent| {
                let modified = e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key();
                if let (false, Some(navigator)) = (modified, &navigator) {
                    e.prevent_default();
                    navigator.push_with_state(&page, FocusField(field.clone()));
                }
            });
            html! { <a {href} {onclick}>{ message }</a> }
        }
        (None, _) => html! { { message } },
    }
}
