//! What every GOV.UK form field shares: the form group, the hint, the error message with its
//! visually hidden "Error:" prefix, and the `aria-describedby` that ties them to the input.

use yew::prelude::*;

/// `govuk-form-group`, marked as in error when there is a message.
pub fn group_classes(error: &Option<AttrValue>) -> Classes {
    classes!(
        "govuk-form-group",
        error.is_some().then_some("govuk-form-group--error")
    )
}

/// The ids of the hint and error message of field `id`, for `aria-describedby`.
pub fn described_by(
    id: &str,
    hint: &Option<AttrValue>,
    error: &Option<AttrValue>,
) -> Option<AttrValue> {
    let ids: Vec<String> = [
        hint.as_ref().map(|_| format!("{id}-hint")),
        error.as_ref().map(|_| format!("{id}-error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!ids.is_empty()).then(|| ids.join(" ").into())
}

/// The hint and the error message of field `id`, each only if present.
pub fn hint_and_error(id: &str, hint: &Option<AttrValue>, error: &Option<AttrValue>) -> Html {
    html! {
        <>
            if let Some(hint) = hint {
                <div id={format!("{id}-hint")} class="govuk-hint">{ hint.clone() }</div>
            }
            if let Some(error) = error {
                <p id={format!("{id}-error")} class="govuk-error-message">
                    <span class="govuk-visually-hidden">{ "Error: " }</span>{ error.clone() }
                </p>
            }
        </>
    }
}
