//! A list of one-line answers, like spending objectives, with Add another and Remove.

use yew::prelude::*;

use super::add_another::{AddAnother, ListGroup};
use super::text_input::{text_input, TextInputProps};
use crate::form_errors::FormErrors;

/// Props for [`string_list`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct StringListProps {
    /// The list's id; the inputs are `{id}-0`, `{id}-1`...
    pub id: AttrValue,
    /// What the list is, as the legend.
    pub legend: AttrValue,
    /// What one entry is, like "Objective".
    pub item: &'static str,
    /// Help shown under the legend.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The entries.
    pub values: Vec<String>,
    /// Messages about the list (at its Add button, `{id}-add`) and its entries (`{id}-n`).
    pub errors: FormErrors,
    /// Called with the new entries.
    pub onchange: Callback<Vec<String>>,
}

/// A fieldset of numbered text inputs, each with a Remove button, and an Add another button.
pub fn string_list(props: &StringListProps) -> Html {
    let entry = |(index, value): (usize, &String)| {
        let oninput = {
            let values = props.values.clone();
            props.onchange.reform(move |text: String| {
                let mut next = values.clone();
                next[index] = text;
                next
            })
        };
        let onclick = {
            let values = props.values.clone();
            props.onchange.reform(move |_: MouseEvent| {
                let mut next = values.clone();
                next.remove(index);
                next
            })
        };
        let id = format!("{}-{index}", props.id);
        let label = format!("{} {}", props.item, index + 1);
        html! {
            <div class="app-add-another__row">
                { text_input(&yew::props!(TextInputProps {
                    id: id.clone(),
                    label: label.clone(),
                    value: AttrValue::from(value.clone()),
                    oninput: oninput,
                    error: props.errors.field(&id),
                })) }
                <button
                    type="button"
                    class="govuk-button govuk-button--secondary app-add-another__remove"
                    data-module="govuk-button"
                    {onclick}
                >
                    { "Remove" }<span class="govuk-visually-hidden">{ format!(" {}", label.to_ascii_lowercase()) }</span>
                </button>
            </div>
        }
    };
    let onadd = {
        let values = props.values.clone();
        props.onchange.reform(move |()| {
            let mut next = values.clone();
            next.push(String::new());
            next
        })
    };
    let text = if props.values.is_empty() {
        let item = props.item.to_ascii_lowercase();
        let article = if item.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("Add {article} {item}")
    } else {
        format!("Add another {}", props.item.to_ascii_lowercase())
    };
    html! {
        <ListGroup
            id={props.id.clone()}
            legend={props.legend.clone()}
            hint={props.hint.clone()}
            error={props.errors.field(&format!("{}-add", props.id))}
        >
            { for props.values.iter().enumerate().map(entry) }
            <AddAnother list={props.id.clone()} {text} {onadd} />
        </ListGroup>
    }
}
