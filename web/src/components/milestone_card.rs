//! One delivery milestone: its status, payment, evidence, each funder's decision, what was
//! paid and its timeline, with room for the forms the viewer may use.

use cc2i_shared::delivery::{AcceptanceDecision, DeliveryMilestone, MilestoneStatus};
use cc2i_shared::money::{format_bp, format_pence};
use yew::prelude::*;

use super::scroll_region::scroll_region;
use super::summary_list::summary_list;
use super::tag::tag;
use super::timeline::{timeline, TimelineProps};
use crate::dates::long_day;

/// A milestone's status as a coloured tag.
pub fn milestone_tag(status: MilestoneStatus) -> Html {
    let colour = match status {
        MilestoneStatus::Planned => "grey",
        MilestoneStatus::Submitted => "yellow",
        MilestoneStatus::Accepted => "green",
        MilestoneStatus::Rejected => "red",
    };
    tag(status.label(), Some(colour))
}

fn decision_text(decision: Option<AcceptanceDecision>, submitted: bool) -> &'static str {
    match (decision, submitted) {
        (Some(AcceptanceDecision::Accept), _) => "Accepted",
        (Some(AcceptanceDecision::Reject), _) => "Rejected",
        (None, true) => "Not decided yet",
        (None, false) => "Nothing to decide",
    }
}

/// Props for [`MilestoneCard`].
#[derive(Properties, PartialEq)]
pub struct MilestoneCardProps {
    /// The milestone.
    pub milestone: DeliveryMilestone,
    /// Forms the viewer may use on it.
    #[prop_or_default]
    pub children: Html,
}

/// A GOV.UK summary card for one milestone.
#[function_component]
pub fn MilestoneCard(props: &MilestoneCardProps) -> Html {
    let m = &props.milestone;
    let id = format!("milestone-{}", m.id);
    let mut rows: Vec<(AttrValue, Html)> = vec![
        ("Status".into(), milestone_tag(m.status)),
        ("Due".into(), html! { long_day(m.due_date) }),
        (
            "Payment".into(),
            html! { format!("{} of the build cost ({})", format_bp(m.payment_bp), format_pence(m.payment_pence)) },
        ),
    ];
    if !m.description.is_empty() {
        rows.push(("What will be delivered".into(), html! { &m.description }));
    }
    if let Some(evidence) = &m.evidence {
        rows.push(("Evidence".into(), html! { evidence }));
    }
    if m.status == MilestoneStatus::Accepted {
        rows.push(("Released".into(), html! { format_pence(m.paid_pence) }));
    }
    let submitted = m.submission > 0;
    let decisions = html! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">
                { if submitted { format!("Funders’ decisions on submission {}", m.submission) } else { "Funders".to_owned() } }
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Funder" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Final share" }</th>
                    <th scope="col" class="govuk-table__header">{ "Decision" }</th>
                    <th scope="col" class="govuk-table__header">{ "Note" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for m.funders.iter().map(|f| html! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{ &f.organisation_name }</th>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ format_bp(f.final_share_bp) }</td>
                        <td class="govuk-table__cell">{ decision_text(f.decision, submitted) }</td>
                        <td class="govuk-table__cell">{ f.note.clone().unwrap_or_default() }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    };
    let tally = if m.status == MilestoneStatus::Submitted {
        html! {
            <p class="govuk-body">
                { format!(
                    "Accepted by funders holding {}, rejected by {}, still to decide {}. It is accepted once more than 50% accept.",
                    format_bp(m.tally.accepted_bp), format_bp(m.tally.rejected_bp), format_bp(m.tally.pending_bp)
                ) }
            </p>
        }
    } else {
        html! {}
    };
    let payments = if m.payments.is_empty() {
        html! {}
    } else {
        scroll_region(
            &format!("Payments for {}", m.title),
            html! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">{ "Payment released by final share" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "Funder" }</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Amount" }</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for m.payments.iter().map(|p| html! {
                            <tr class="govuk-table__row">
                                <th scope="row" class="govuk-table__header">{ &p.organisation_name }</th>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(p.amount_pence) }</td>
                            </tr>
                        }) }
                        <tr class="govuk-table__row app-table__row--total">
                            <th scope="row" class="govuk-table__header">{ "Total" }</th>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{ format_pence(m.paid_pence) }</td>
                        </tr>
                    </tbody>
                </table>
            },
        )
    };
    html! {
        <section class="govuk-summary-card" id={id.clone()} aria-labelledby={format!("{id}-title")}>
            <div class="govuk-summary-card__title-wrapper">
                <h3 class="govuk-summary-card__title" id={format!("{id}-title")}>{ &m.title }</h3>
            </div>
            <div class="govuk-summary-card__content">
                { summary_list(&rows) }
                { tally }
                { scroll_region(&format!("Funders’ decisions on {}", m.title), decisions) }
                { payments }
                { props.children.clone() }
                <h4 class="govuk-heading-s">{ "Timeline" }</h4>
                { timeline(&yew::props!(TimelineProps {
                    events: m.history.clone(),
                    level: 5,
                })) }
            </div>
        </section>
    }
}
