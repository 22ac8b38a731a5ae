//! The financial case page's form: the costs, funding sources and affordability.

use cc2i_shared::money::format_pence;
use yew::prelude::*;

use super::{action, field, list_error, setter, SectionFormProps};
use crate::case_draft::paths::field_id;
use crate::case_draft::{CostLineDraft, FinancialDraft};
use crate::components::add_another::{AddAnother, ListGroup, RepeatedItem};
use crate::components::radios::{radios, RadiosProps};
use crate::components::text_input::{text_input, TextInputProps};
use crate::components::textarea::{textarea, TextareaProps};
use crate::units::parse_pounds;
use crate::vocabulary::{choices, COST_CATEGORIES};

/// One fieldset per cost, a running total, then funding sources and affordability.
pub fn financial_form(props: &SectionFormProps<FinancialDraft>) -> Html {
    let (draft, errors, onchange) = (&props.draft, &props.errors, &props.onchange);
    let line = |(i, l): (usize, &CostLineDraft)| {
        let path = |name: &str| format!("financial.cost_lines[{i}].{name}");
        let (description_id, description_error) = field(errors, &path("description"));
        let (amount_id, amount_error) = field(errors, &path("amount_pence"));
        let (category_id, category_error) = field(errors, &path("category"));
        let (year_id, year_error) = field(errors, &path("year"));
        html! {
            <RepeatedItem
                key={i}
                legend={format!("Cost {}", i + 1)}
                onremove={action(draft, onchange, move |d: &mut FinancialDraft| {
                    if i < d.cost_lines.len() {
                        d.cost_lines.remove(i);
                    }
                })}
            >
                { text_input(&yew::props!(TextInputProps {
                    id: description_id,
                    label: "What it is for",
                    hint: "Like “Discovery and alpha” or “Hosting, year one”",
                    value: AttrValue::from(l.description.clone()),
                    oninput: setter(draft, onchange, move |d: &mut FinancialDraft, v| d.cost_lines[i].description = v),
                    error: description_error,
                })) }
                { text_input(&yew::props!(TextInputProps {
                    id: amount_id,
                    label: "Amount",
                    prefix: "£",
                    inputmode: "decimal",
                    classes: "govuk-input--width-10",
                    value: AttrValue::from(l.amount.clone()),
                    oninput: setter(draft, onchange, move |d: &mut FinancialDraft, v| d.cost_lines[i].amount = v),
                    error: amount_error,
                })) }
                { radios(&yew::props!(RadiosProps {
                    id: category_id,
                    legend: "Capital or revenue?",
                    hint: "Capital buys or builds an asset; revenue pays running costs",
                    options: choices(&COST_CATEGORIES),
                    value: AttrValue::from(l.category.clone()),
                    onchange: setter(draft, onchange, move |d: &mut FinancialDraft, v| d.cost_lines[i].category = v),
                    error: category_error,
                    inline: true,
                })) }
                { text_input(&yew::props!(TextInputProps {
                    id: year_id,
                    label: "Financial year it falls in",
                    hint: "The year it starts: 2027 for 2027/28",
                    inputmode: "numeric",
                    classes: "govuk-input--width-4",
                    value: AttrValue::from(l.year.clone()),
                    oninput: setter(draft, onchange, move |d: &mut FinancialDraft, v| d.cost_lines[i].year = v),
                    error: year_error,
                })) }
            </RepeatedItem>
        }
    };
    let total: i64 = draft
        .cost_lines
        .iter()
        .filter_map(|l| parse_pounds(&l.amount))
        .sum();
    let (sources_id, sources_error) = field(errors, "financial.funding_sources");
    let (afford_id, afford_error) = field(errors, "financial.affordability");
    let list = field_id("financial.cost_lines");
    html! {
        <>
            <ListGroup
                id={list.clone()}
                legend="Costs"
                hint="The idea’s target cost is the total of these. Funders pay their share of it."
                error={list_error(errors, "financial.cost_lines")}
            >
                { for draft.cost_lines.iter().enumerate().map(line) }
                <p class="govuk-body">
                    { "Total of the amounts above: " }<strong>{ format_pence(total) }</strong>
                </p>
                <AddAnother
                    {list}
                    text="Add another cost"
                    onadd={action(draft, onchange, |d: &mut FinancialDraft| d.cost_lines.push(CostLineDraft::default()))}
                />
            </ListGroup>
            { textarea(&yew::props!(TextareaProps {
                id: sources_id,
                label: "Funding sources (optional)",
                hint: "Where the money comes from besides pledges through CC2i",
                value: AttrValue::from(draft.funding_sources.clone()),
                oninput: setter(draft, onchange, |d: &mut FinancialDraft, v| d.funding_sources = v),
                error: sources_error,
                rows: 3,
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: afford_id,
                label: "Affordability (optional)",
                hint: "Why funders can afford their share",
                value: AttrValue::from(draft.affordability.clone()),
                oninput: setter(draft, onchange, |d: &mut FinancialDraft, v| d.affordability = v),
                error: afford_error,
                rows: 3,
            })) }
        </>
    }
}
