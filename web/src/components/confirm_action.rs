//! A button that asks "Are you sure?" before it acts.

use yew::prelude::*;

/// Props for [`ConfirmAction`].
#[derive(Properties, PartialEq)]
pub struct ConfirmActionProps {
    /// The first button's text, like "Withdraw pledge".
    pub label: AttrValue,
    /// What will happen, shown as a warning with the confirm button.
    pub warning: AttrValue,
    /// The confirm button's text, like "Yes, withdraw the pledge".
    pub confirm: AttrValue,
    /// Called when the user confirms.
    pub onconfirm: Callback<()>,
    /// A red button for actions that cannot be undone.
    #[prop_or_default]
    pub warning_button: bool,
}

/// One button; pressed, it becomes a warning with "Yes" and "Cancel".
#[function_component]
pub fn ConfirmAction(props: &ConfirmActionProps) -> Html {
    let asking = use_state(|| false);
    let button_class = classes!(
        "govuk-button",
        if props.warning_button {
            "govuk-button--warning"
        } else {
            "govuk-button--secondary"
        }
    );
    if !*asking {
        let onclick = {
            let asking = asking.clone();
            Callback::from(move |_: MouseEvent| asking.set(true))
        };
        return html! {
            <button type="button" class={button_class} data-module="govuk-button" {onclick}>
                { props.label.clone() }
            </button>
        };
    }
    let onconfirm = {
        let (asking, onconfirm) = (asking.clone(), props.onconfirm.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            onconfirm.emit(());
        })
    };
    let oncancel = Callback::from(move |_: MouseEvent| asking.set(false));
    html! {
        <div class="app-confirm">
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">{ "Warning" }</span>
                    { props.warning.clone() }
                </strong>
            </div>
            <div class="govuk-button-group">
                <button type="button" class={classes!("govuk-button", props.warning_button.then_some("govuk-button--warning"))} data-module="govuk-button" onclick={onconfirm}>
                    { props.confirm.clone() }
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onclick={oncancel}>
                    { "Cancel" }
                </button>
            </div>
        </div>
    }
}
