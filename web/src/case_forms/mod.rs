//! One form per business case page. Each takes its section's answers and errors and emits the
//! changed answers; the page keeps them and checks them on "Save and continue".

pub mod commercial;
pub mod economic;
pub mod financial;
pub mod management;
pub mod strategic;
pub mod terms;

use yew::prelude::*;

use crate::case_draft::paths::field_id;
use crate::form_errors::FormErrors;

/// What every section form (a function, not a component: smaller wasm) is given.
#[derive(Properties, PartialEq)]
pub struct SectionFormProps<D: PartialEq> {
    /// The answers.
    pub draft: D,
    /// What was wrong with them, by input id.
    pub errors: FormErrors,
    /// Called with the changed answers.
    pub onchange: Callback<D>,
}

/// A callback that sets one answer in a copy of `draft` and emits the copy.
pub fn setter<D: Clone + 'static, V: 'static>(
    draft: &D,
    onchange: &Callback<D>,
    set: impl Fn(&mut D, V) + 'static,
) -> Callback<V> {
    let draft = draft.clone();
    onchange.reform(move |value: V| {
        let mut next = draft.clone();
        set(&mut next, value);
        next
    })
}

/// A callback that changes a copy of `draft` and emits it, for buttons.
pub fn action<D: Clone + 'static>(
    draft: &D,
    onchange: &Callback<D>,
    change: impl Fn(&mut D) + 'static,
) -> Callback<()> {
    setter(draft, onchange, move |d: &mut D, ()| change(d))
}

/// The input id and error message for an API path.
pub fn field(errors: &FormErrors, path: &str) -> (AttrValue, Option<AttrValue>) {
    let id = field_id(path);
    let error = errors.field(&id);
    (AttrValue::from(id), error)
}

/// The error message about a whole list, shown on its fieldset.
pub fn list_error(errors: &FormErrors, path: &str) -> Option<AttrValue> {
    errors.field(&format!("{}-add", field_id(path)))
}
