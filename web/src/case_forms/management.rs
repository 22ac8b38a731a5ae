//! The management case page's form: governance, milestones, risks and benefits.

use yew::prelude::*;

use super::{action, field, list_error, setter, SectionFormProps};
use crate::case_draft::paths::field_id;
use crate::case_draft::{ManagementDraft, MilestoneDraft, RiskDraft};
use crate::components::add_another::{AddAnother, ListGroup, RepeatedItem};
use crate::components::date_input::{date_input, DateInputProps};
use crate::components::radios::{radios, RadiosProps};
use crate::components::text_input::{text_input, TextInputProps};
use crate::components::textarea::{textarea, TextareaProps};
use crate::vocabulary::{choices, LEVELS};

/// Governance, then the milestones and risks as lists, then benefits realisation.
pub fn management_form(props: &SectionFormProps<ManagementDraft>) -> Html {
    let (draft, errors, onchange) = (&props.draft, &props.errors, &props.onchange);
    let milestone = |(i, m): (usize, &MilestoneDraft)| {
        let path = |name: &str| format!("management.milestones[{i}].{name}");
        let (title_id, title_error) = field(errors, &path("title"));
        let (due_id, due_error) = field(errors, &path("due_date"));
        html! {
            <RepeatedItem
                key={i}
                legend={format!("Milestone {}", i + 1)}
                onremove={action(draft, onchange, move |d: &mut ManagementDraft| {
                    if i < d.milestones.len() {
                        d.milestones.remove(i);
                    }
                })}
            >
                { text_input(&yew::props!(TextInputProps {
                    id: title_id,
                    label: "What is delivered",
                    value: AttrValue::from(m.title.clone()),
                    oninput: setter(draft, onchange, move |d: &mut ManagementDraft, v| d.milestones[i].title = v),
                    error: title_error,
                })) }
                { date_input(&yew::props!(DateInputProps {
                    id: due_id,
                    legend: "Due by",
                    hint: "For example, 31 3 2027",
                    value: m.due.clone(),
                    onchange: setter(draft, onchange, move |d: &mut ManagementDraft, v| d.milestones[i].due = v),
                    error: due_error,
                })) }
            </RepeatedItem>
        }
    };
    let risk = |(i, r): (usize, &RiskDraft)| {
        let path = |name: &str| format!("management.risks[{i}].{name}");
        let (description_id, description_error) = field(errors, &path("description"));
        let (likelihood_id, likelihood_error) = field(errors, &path("likelihood"));
        let (impact_id, impact_error) = field(errors, &path("impact"));
        let (mitigation_id, mitigation_error) = field(errors, &path("mitigation"));
        html! {
            <RepeatedItem
                key={i}
                legend={format!("Risk {}", i + 1)}
                onremove={action(draft, onchange, move |d: &mut ManagementDraft| {
                    if i < d.risks.len() {
                        d.risks.remove(i);
                    }
                })}
            >
                { textarea(&yew::props!(TextareaProps {
                    id: description_id,
                    label: "The risk",
                    value: AttrValue::from(r.description.clone()),
                    oninput: setter(draft, onchange, move |d: &mut ManagementDraft, v| d.risks[i].description = v),
                    error: description_error,
                    rows: 2,
                })) }
                { radios(&yew::props!(RadiosProps {
                    id: likelihood_id,
                    legend: "How likely is it?",
                    options: choices(&LEVELS),
                    value: AttrValue::from(r.likelihood.clone()),
                    onchange: setter(draft, onchange, move |d: &mut ManagementDraft, v| d.risks[i].likelihood = v),
                    error: likelihood_error,
                    inline: true,
                })) }
                { radios(&yew::props!(RadiosProps {
                    id: impact_id,
                    legend: "How bad would it be?",
                    options: choices(&LEVELS),
                    value: AttrValue::from(r.impact.clone()),
                    onchange: setter(draft, onchange, move |d: &mut ManagementDraft, v| d.risks[i].impact = v),
                    error: impact_error,
                    inline: true,
                })) }
                { textarea(&yew::props!(TextareaProps {
                    id: mitigation_id,
                    label: "What is done about it (optional)",
                    value: AttrValue::from(r.mitigation.clone()),
                    oninput: setter(draft, onchange, move |d: &mut ManagementDraft, v| d.risks[i].mitigation = v),
                    error: mitigation_error,
                    rows: 2,
                })) }
            </RepeatedItem>
        }
    };
    let (governance_id, governance_error) = field(errors, "management.governance");
    let (benefits_id, benefits_error) = field(errors, "management.benefits_realisation");
    let (milestones, risks) = (
        field_id("management.milestones"),
        field_id("management.risks"),
    );
    html! {
        <>
            { textarea(&yew::props!(TextareaProps {
                id: governance_id,
                label: "Governance",
                hint: "Who decides what, and how funders take part",
                value: AttrValue::from(draft.governance.clone()),
                oninput: setter(draft, onchange, |d: &mut ManagementDraft, v| d.governance = v),
                error: governance_error,
            })) }
            <ListGroup
                id={milestones.clone()}
                legend="Milestones (optional)"
                error={list_error(errors, "management.milestones")}
            >
                { for draft.milestones.iter().enumerate().map(milestone) }
                <AddAnother
                    list={milestones}
                    text="Add another milestone"
                    onadd={action(draft, onchange, |d: &mut ManagementDraft| d.milestones.push(MilestoneDraft::default()))}
                />
            </ListGroup>
            <ListGroup
                id={risks.clone()}
                legend="Risks (optional)"
                error={list_error(errors, "management.risks")}
            >
                { for draft.risks.iter().enumerate().map(risk) }
                <AddAnother
                    list={risks}
                    text="Add another risk"
                    onadd={action(draft, onchange, |d: &mut ManagementDraft| d.risks.push(RiskDraft::default()))}
                />
            </ListGroup>
            { textarea(&yew::props!(TextareaProps {
                id: benefits_id,
                label: "Benefits realisation (optional)",
                hint: "How benefits will be measured and reported to funders",
                value: AttrValue::from(draft.benefits_realisation.clone()),
                oninput: setter(draft, onchange, |d: &mut ManagementDraft, v| d.benefits_realisation = v),
                error: benefits_error,
                rows: 3,
            })) }
        </>
    }
}
