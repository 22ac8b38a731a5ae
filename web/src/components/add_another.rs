//! The parts of a GOV.UK "add another" list: the list's fieldset, one fieldset per item with
//! a Remove button, and the "Add another" button.

use yew::prelude::*;

use super::field::{described_by, hint_and_error};

/// Props for [`ListGroup`].
#[derive(Properties, PartialEq)]
pub struct ListGroupProps {
    /// The list's id: its hint and error message hang off it. Errors about the list as a whole
    /// link to its Add button, `{id}-add`.
    pub id: AttrValue,
    /// What the list is, as the legend.
    pub legend: AttrValue,
    /// Help shown under the legend.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// A message about the list as a whole.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The items and the Add button.
    pub children: Html,
}

/// A fieldset around a list with a medium legend, its hint and its error message.
#[function_component]
pub fn ListGroup(props: &ListGroupProps) -> Html {
    html! {
        // Not a govuk-form-group: its items hold form groups, which must not nest.
        <div class={classes!(
            "app-add-another",
            props.error.is_some().then_some("govuk-form-group--error")
        )}>
            <fieldset
                class="govuk-fieldset"
                aria-describedby={described_by(&props.id, &props.hint, &props.error)}
            >
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                    <h2 class="govuk-fieldset__heading">{ props.legend.clone() }</h2>
                </legend>
                { hint_and_error(&props.id, &props.hint, &props.error) }
                { props.children.clone() }
            </fieldset>
        </div>
    }
}

/// Props for [`RepeatedItem`].
#[derive(Properties, PartialEq)]
pub struct RepeatedItemProps {
    /// Like "Cost line 2".
    pub legend: AttrValue,
    /// Called when Remove is pressed.
    pub onremove: Callback<()>,
    /// The item's fields.
    pub children: Html,
}

/// One item of a list: a fieldset with a small legend, its fields and a Remove button.
#[function_component]
pub fn RepeatedItem(props: &RepeatedItemProps) -> Html {
    let onclick = props.onremove.reform(|_: MouseEvent| ());
    html! {
        <fieldset class="govuk-fieldset app-add-another__item">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{ props.legend.clone() }</legend>
            { props.children.clone() }
            <button
                type="button"
                class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                data-module="govuk-button"
                {onclick}
            >
                { "Remove" }<span class="govuk-visually-hidden">{ format!(" {}", props.legend.to_ascii_lowercase()) }</span>
            </button>
        </fieldset>
    }
}

/// Props for [`AddAnother`].
#[derive(Properties, PartialEq)]
pub struct AddAnotherProps {
    /// The list's id; the button's is `{list}-add`.
    pub list: AttrValue,
    /// Like "Add another cost line".
    pub text: AttrValue,
    /// Called when pressed.
    pub onadd: Callback<()>,
}

/// The secondary button that adds an empty item.
#[function_component]
pub fn AddAnother(props: &AddAnotherProps) -> Html {
    let onclick = props.onadd.reform(|_: MouseEvent| ());
    html! {
        <button
            type="button"
            id={format!("{}-add", props.list)}
            class="govuk-button govuk-button--secondary"
            data-module="govuk-button"
            {onclick}
        >
            { props.text.clone() }
        </button>
    }
}
