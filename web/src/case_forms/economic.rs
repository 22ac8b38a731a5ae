//! The economic case page's form: the options considered and the preferred one.

use yew::prelude::*;

use super::{action, field, list_error, setter, SectionFormProps};
use crate::case_draft::paths::field_id;
use crate::case_draft::{EconomicDraft, OptionDraft};
use crate::components::add_another::{AddAnother, ListGroup, RepeatedItem};
use crate::components::radios::{radios, RadiosProps};
use crate::components::text_input::{text_input, TextInputProps};
use crate::components::textarea::{textarea, TextareaProps};

/// The options, each with name, description, cost and benefits, then the preferred one.
pub fn economic_form(props: &SectionFormProps<EconomicDraft>) -> Html {
    let (draft, errors, onchange) = (&props.draft, &props.errors, &props.onchange);
    let option = |(i, o): (usize, &OptionDraft)| {
        let path = |name: &str| format!("economic.options[{i}].{name}");
        let (name_id, name_error) = field(errors, &path("name"));
        let (description_id, description_error) = field(errors, &path("description"));
        let (cost_id, cost_error) = field(errors, &path("cost_pence"));
        let (benefits_id, benefits_error) = field(errors, &path("benefits"));
        html! {
            <RepeatedItem
                key={i}
                legend={format!("Option {}", i + 1)}
                onremove={action(draft, onchange, move |d: &mut EconomicDraft| d.remove(i))}
            >
                { text_input(&yew::props!(TextInputProps {
                    id: name_id,
                    label: "Name",
                    hint: "Like “Do minimum” or “Build once and share”",
                    value: AttrValue::from(o.name.clone()),
                    oninput: setter(draft, onchange, move |d: &mut EconomicDraft, v| d.options[i].name = v),
                    error: name_error,
                })) }
                { textarea(&yew::props!(TextareaProps {
                    id: description_id,
                    label: "What it involves (optional)",
                    value: AttrValue::from(o.description.clone()),
                    oninput: setter(draft, onchange, move |d: &mut EconomicDraft, v| d.options[i].description = v),
                    error: description_error,
                    rows: 3,
                })) }
                { text_input(&yew::props!(TextInputProps {
                    id: cost_id,
                    label: "Whole-life cost",
                    prefix: "£",
                    inputmode: "decimal",
                    classes: "govuk-input--width-10",
                    value: AttrValue::from(o.cost.clone()),
                    oninput: setter(draft, onchange, move |d: &mut EconomicDraft, v| d.options[i].cost = v),
                    error: cost_error,
                })) }
                { textarea(&yew::props!(TextareaProps {
                    id: benefits_id,
                    label: "Benefits (optional)",
                    value: AttrValue::from(o.benefits.clone()),
                    oninput: setter(draft, onchange, move |d: &mut EconomicDraft, v| d.options[i].benefits = v),
                    error: benefits_error,
                    rows: 3,
                })) }
            </RepeatedItem>
        }
    };
    let choices = draft
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let name = o.name.trim();
            let label = if name.is_empty() {
                format!("Option {}", i + 1)
            } else {
                name.to_owned()
            };
            (AttrValue::from(i.to_string()), AttrValue::from(label))
        })
        .collect::<Vec<_>>();
    let (preferred_id, preferred_error) = field(errors, "economic.preferred_option");
    let list = field_id("economic.options");
    html! {
        <>
            <ListGroup
                id={list.clone()}
                legend="Options considered"
                hint="Include doing the minimum as well as your preferred option"
                error={list_error(errors, "economic.options")}
            >
                { for draft.options.iter().enumerate().map(option) }
                <AddAnother
                    {list}
                    text="Add another option"
                    onadd={action(draft, onchange, |d: &mut EconomicDraft| d.options.push(OptionDraft::default()))}
                />
            </ListGroup>
            { radios(&yew::props!(RadiosProps {
                id: preferred_id,
                legend: "Which option is preferred?",
                options: choices,
                value: AttrValue::from(draft.preferred.clone()),
                onchange: setter(draft, onchange, |d: &mut EconomicDraft, v| d.preferred = v),
                error: preferred_error,
                legend_classes: "govuk-fieldset__legend--m",
            })) }
        </>
    }
}
