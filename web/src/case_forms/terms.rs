//! The terms and SLA page's form.

use yew::prelude::*;

use super::{action, field, list_error, setter, SectionFormProps};
use crate::case_draft::paths::field_id;
use crate::case_draft::{CreditDraft, TermsDraft};
use crate::components::add_another::{AddAnother, ListGroup, RepeatedItem};
use crate::components::case_view::terms::PRIORITIES;
use crate::components::text_input::{text_input, TextInputProps};
use crate::components::textarea::{textarea, TextareaProps};

/// The contract summary, the SLA's targets and times, and the service credits.
pub fn terms_form(props: &SectionFormProps<TermsDraft>) -> Html {
    let (draft, errors, onchange) = (&props.draft, &props.errors, &props.onchange);
    let times = |kind: &'static str, legend: &'static str, hint: &'static str| {
        let input = |i: usize| {
            let (id, error) = field(errors, &format!("terms.sla.{kind}_minutes.p{}", i + 1));
            let value = if kind == "response" {
                &draft.response[i]
            } else {
                &draft.resolution[i]
            };
            html! {
                { text_input(&yew::props!(TextInputProps {
                    id: id,
                    label: PRIORITIES[i],
                    suffix: "minutes",
                    inputmode: "numeric",
                    classes: "govuk-input--width-5",
                    value: AttrValue::from(value.clone()),
                    oninput: setter(draft, onchange, move |d: &mut TermsDraft, v| {
                        if kind == "response" {
                            d.response[i] = v;
                        } else {
                            d.resolution[i] = v;
                        }
                    }),
                    error: error,
                })) }
            }
        };
        html! {
            <div class="govuk-form-group">
                <fieldset class="govuk-fieldset" aria-describedby={format!("{kind}-times-hint")}>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                        <h2 class="govuk-fieldset__heading">{ legend }</h2>
                    </legend>
                    <div id={format!("{kind}-times-hint")} class="govuk-hint">{ hint }</div>
                    { for (0..4).map(input) }
                </fieldset>
            </div>
        }
    };
    let credit = |(i, c): (usize, &CreditDraft)| {
        let path = |name: &str| format!("terms.sla.service_credits[{i}].{name}");
        let (below_id, below_error) = field(errors, &path("below_availability_bp"));
        let (credit_id, credit_error) = field(errors, &path("credit_bp"));
        html! {
            <RepeatedItem
                key={i}
                legend={format!("Service credit {}", i + 1)}
                onremove={action(draft, onchange, move |d: &mut TermsDraft| {
                    if i < d.service_credits.len() {
                        d.service_credits.remove(i);
                    }
                })}
            >
                { text_input(&yew::props!(TextInputProps {
                    id: below_id,
                    label: "If availability in a month falls below",
                    suffix: "%",
                    inputmode: "decimal",
                    classes: "govuk-input--width-5",
                    value: AttrValue::from(c.below.clone()),
                    oninput: setter(draft, onchange, move |d: &mut TermsDraft, v| d.service_credits[i].below = v),
                    error: below_error,
                })) }
                { text_input(&yew::props!(TextInputProps {
                    id: credit_id,
                    label: "Credit, as a share of the monthly charge",
                    suffix: "%",
                    inputmode: "decimal",
                    classes: "govuk-input--width-5",
                    value: AttrValue::from(c.credit.clone()),
                    oninput: setter(draft, onchange, move |d: &mut TermsDraft, v| d.service_credits[i].credit = v),
                    error: credit_error,
                })) }
            </RepeatedItem>
        }
    };
    let (contract_id, contract_error) = field(errors, "terms.contract_summary");
    let (availability_id, availability_error) = field(errors, "terms.sla.availability_bp");
    let (hours_id, hours_error) = field(errors, "terms.sla.support_hours");
    let credits = field_id("terms.sla.service_credits");
    html! {
        <>
            { textarea(&yew::props!(TextareaProps {
                id: contract_id,
                label: "Contract summary",
                hint: "The contract in plain words: what is bought, for how long, and how others can join",
                value: AttrValue::from(draft.contract_summary.clone()),
                oninput: setter(draft, onchange, |d: &mut TermsDraft, v| d.contract_summary = v),
                error: contract_error,
            })) }
            { text_input(&yew::props!(TextInputProps {
                id: availability_id,
                label: "Availability target each month",
                hint: "Like 99.9 or 99.95",
                suffix: "%",
                inputmode: "decimal",
                classes: "govuk-input--width-5",
                value: AttrValue::from(draft.availability.clone()),
                oninput: setter(draft, onchange, |d: &mut TermsDraft, v| d.availability = v),
                error: availability_error,
            })) }
            { text_input(&yew::props!(TextInputProps {
                id: hours_id,
                label: "Support hours",
                hint: "Like “Monday to Friday, 8am to 6pm, except bank holidays”",
                value: AttrValue::from(draft.support_hours.clone()),
                oninput: setter(draft, onchange, |d: &mut TermsDraft, v| d.support_hours = v),
                error: hours_error,
            })) }
            { times("response", "Response times", "How soon the supplier responds to an incident, by priority. 240 minutes is 4 hours.") }
            { times("resolution", "Resolution times", "How soon the supplier resolves an incident, by priority. 1440 minutes is 24 hours.") }
            <ListGroup
                id={credits.clone()}
                legend="Service credits (optional)"
                hint="What funders are credited when availability falls short"
                error={list_error(errors, "terms.sla.service_credits")}
            >
                { for draft.service_credits.iter().enumerate().map(credit) }
                <AddAnother
                    list={credits}
                    text="Add another service credit"
                    onadd={action(draft, onchange, |d: &mut TermsDraft| d.service_credits.push(CreditDraft::default()))}
                />
            </ListGroup>
        </>
    }
}
