//! Adopting a delivered service: choose the organisation, check the fee, then see whether
//! it was approved at once or waits for a second owner or admin.

use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::money::{format_bp, format_pence};
use cc2i_shared::reuse::rules::adoption_fee;
use cc2i_shared::reuse::{Adoption, AdoptionStatus, CreateAdoption};
use cc2i_shared::{Me, Organisation};
use gloo_net::http::Method;
use serde::Deserialize;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::panel::{panel, PanelProps};
use crate::components::radios::{radios, RadiosProps};
use crate::components::route_link::RouteLink;
use crate::components::summary_list::summary_list;
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{end_if_signed_out, use_session, SessionHandle};
use crate::title::use_title;
use crate::viewer::load_viewer;

const ADOPT_SPEC: FormSpec = FormSpec {
    fields: &[("organisation_id", "Organisation")],
    codes: &[
        (
            "already_adopted",
            Some("organisation_id"),
            "That organisation has already adopted this service, or asked to",
        ),
        (
            "already_a_funder",
            Some("organisation_id"),
            "That organisation funded this service, so it already has it",
        ),
        (
            "own_idea",
            Some("organisation_id"),
            "That organisation built this service, so it already has it",
        ),
        (
            "organisation_not_verified",
            Some("organisation_id"),
            "Only organisations verified by CC2i can adopt",
        ),
        (
            "idea_not_delivered",
            None,
            "Only delivered services can be adopted",
        ),
    ],
};

/// A funder as `GET /ideas/{id}/commitments` sends it (the fields read here).
#[derive(Clone, Debug, PartialEq, Deserialize)]
struct Funder {
    organisation_id: String,
    final_amount_pence: i64,
}

#[derive(Clone, PartialEq)]
struct Loaded {
    idea: Idea,
    funders: Vec<Funder>,
    adoptions: Vec<Adoption>,
    viewer: Option<Me>,
}

impl Loaded {
    /// The viewer's organisations that may adopt: owned or administered, verified, neither
    /// the proposer nor a funder, and without a live adoption of this idea.
    fn eligible(&self) -> Vec<(String, String)> {
        let Some(me) = &self.viewer else {
            return Vec::new();
        };
        me.memberships
            .iter()
            .filter(|m| m.role.can_manage() && m.organisation_verified)
            .filter(|m| m.organisation_id != self.idea.organisation.id)
            .filter(|m| {
                !self
                    .funders
                    .iter()
                    .any(|f| f.organisation_id == m.organisation_id)
            })
            .filter(|m| {
                !self.adoptions.iter().any(|a| {
                    a.organisation_id == m.organisation_id && a.status != AdoptionStatus::Rejected
                })
            })
            .map(|m| (m.organisation_id.clone(), m.organisation_name.clone()))
            .collect()
    }

    /// What the next approved adopter pays.
    fn fee(&self) -> i64 {
        let approved = self
            .adoptions
            .iter()
            .filter(|a| a.status == AdoptionStatus::Approved)
            .count() as i64;
        adoption_fee(
            self.funders.iter().map(|f| f.final_amount_pence).sum(),
            self.funders.len() as i64,
            approved,
        )
    }
}

async fn load(id: &str, session: &SessionHandle) -> Result<Loaded, ClientError> {
    let path = format!("/ideas/{}", segment(id));
    Ok(Loaded {
        idea: request(Method::GET, &path, NO_BODY).await?,
        funders: request(Method::GET, &format!("{path}/commitments"), NO_BODY).await?,
        adoptions: request(Method::GET, &format!("{path}/adoptions"), NO_BODY).await?,
        viewer: load_viewer(session).await,
    })
}

#[derive(Clone, PartialEq)]
enum Step {
    Choose,
    Confirm(Organisation),
    Done(Adoption),
}

/// Props for [`Adopt`].
#[derive(Properties, PartialEq)]
pub struct AdoptProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The adopt journey.
#[function_component]
pub fn Adopt(props: &AdoptProps) -> Html {
    let session = use_session();
    let step = use_state(|| Step::Choose);
    let chosen = use_state(String::new);
    let errors = use_state(FormErrors::default);
    let loaded = use_loaded(props.id.clone(), {
        let session = session.clone();
        move |id: String| {
            let session = session.clone();
            async move { load(&id, &session).await }
        }
    });
    let page_title = match &*step {
        Step::Choose => "Adopt a service",
        Step::Confirm(_) => "Check the fee",
        Step::Done(a) if a.status == AdoptionStatus::Approved => "Adoption approved",
        Step::Done(_) => "Adoption sent for approval",
    };
    use_title(page_title, !errors.is_empty());
    let l = match loaded_or_page(&loaded, "Adopt a service", "Loading the service…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let idea = &l.idea;
    if idea.status != IdeaStatus::Delivered {
        return html! {
            <>
                <h1 class="govuk-heading-l">{ "Adopt a service" }</h1>
                <p class="govuk-body">{ "Only delivered services can be adopted." }</p>
                <p class="govuk-body"><RouteLink to={Route::Catalogue}>{ "Back to the catalogue" }</RouteLink></p>
            </>
        };
    }
    let fee = l.fee();
    match &*step {
        Step::Choose => {
            let eligible = l.eligible();
            let onchange = {
                let chosen = chosen.clone();
                Callback::from(move |v: String| chosen.set(v))
            };
            let onsubmit = {
                let (chosen, step, errors, session) = (
                    chosen.clone(),
                    step.clone(),
                    errors.clone(),
                    session.clone(),
                );
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    if chosen.is_empty() {
                        let mut found = FormErrors::default();
                        found.push(
                            Some("organisation_id"),
                            "Select the organisation that is adopting it",
                        );
                        errors.set(found);
                        return;
                    }
                    let (id, step, errors, session) = (
                        (*chosen).clone(),
                        step.clone(),
                        errors.clone(),
                        session.clone(),
                    );
                    spawn_local(async move {
                        let path = format!("/organisations/{}", segment(&id));
                        match request::<Organisation>(Method::GET, &path, NO_BODY).await {
                            Ok(org) => {
                                errors.set(FormErrors::default());
                                step.set(Step::Confirm(org));
                            }
                            Err(error) => {
                                end_if_signed_out(&session, &error);
                                errors.set(FormErrors::from_error(&error, &ADOPT_SPEC));
                            }
                        }
                    });
                })
            };
            let options = eligible
                .iter()
                .map(|(id, name)| (AttrValue::from(id.clone()), AttrValue::from(name.clone())))
                .collect::<Vec<_>>();
            html! {
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors={(*errors).clone()} />
                        <span class="govuk-caption-l">{ "Re-use catalogue" }</span>
                        <h1 class="govuk-heading-l">{ format!("Adopt {}", idea.title) }</h1>
                        if eligible.is_empty() {
                            <p class="govuk-body">
                                { "None of your organisations can adopt it. An owner or admin of a verified organisation that neither built nor funded it, and has not already adopted it, can." }
                            </p>
                            <p class="govuk-body"><RouteLink to={Route::Catalogue}>{ "Back to the catalogue" }</RouteLink></p>
                        } else {
                            <form novalidate=true {onsubmit}>
                                { radios(&yew::props!(RadiosProps {
                                    id: "organisation_id",
                                    legend: "Which organisation is adopting it?",
                                    legend_classes: classes!("govuk-fieldset__legend--m"),
                                    hint: "You must be an owner or admin of it.",
                                    options: options,
                                    value: AttrValue::from((*chosen).clone()),
                                    onchange: onchange,
                                    error: errors.field("organisation_id"),
                                })) }
                                <button type="submit" class="govuk-button" data-module="govuk-button">{ "Continue" }</button>
                            </form>
                        }
                    </div>
                </div>
            }
        }
        Step::Confirm(org) => {
            let within = fee <= org.self_approval_limit_pence;
            let next = if within {
                format!("The fee is within {}’s self-approval limit of {}, so your adoption is approved at once.", org.name, format_pence(org.self_approval_limit_pence))
            } else {
                format!("The fee is over {}’s self-approval limit of {}, so another owner or admin of {} must approve it. The fee is fixed when it is approved, and falls if others adopt first.", org.name, format_pence(org.self_approval_limit_pence), org.name)
            };
            let rows: Vec<(AttrValue, Html)> = vec![
                ("Service".into(), html! { &idea.title }),
                ("Organisation".into(), html! { &org.name }),
                ("Fee".into(), html! { format_pence(fee) }),
                (
                    "How the fee is worked out".into(),
                    html! { format!("The build cost shared by the {} original funders, the organisations that adopted it before you, and you.", l.funders.len()) },
                ),
                (
                    "Re-use dividend".into(),
                    html! { format!("{} of the fee goes back to the original funders.", format_bp(i64::from(idea.rebate_bp))) },
                ),
            ];
            let onconfirm = {
                let (step, errors, session, id, org_id) = (
                    step.clone(),
                    errors.clone(),
                    session.clone(),
                    idea.id.clone(),
                    org.id.clone(),
                );
                Callback::from(move |_: MouseEvent| {
                    let (step, errors, session) = (step.clone(), errors.clone(), session.clone());
                    let path = format!("/ideas/{}/adoptions", segment(&id));
                    let body = CreateAdoption {
                        organisation_id: org_id.clone(),
                    };
                    spawn_local(async move {
                        match request::<Adoption>(Method::POST, &path, Some(&body)).await {
                            Ok(adoption) => {
                                errors.set(FormErrors::default());
                                step.set(Step::Done(adoption));
                            }
                            Err(error) => {
                                end_if_signed_out(&session, &error);
                                errors.set(FormErrors::from_error(&error, &ADOPT_SPEC));
                                step.set(Step::Choose);
                            }
                        }
                    });
                })
            };
            let onback = {
                let step = step.clone();
                Callback::from(move |_: MouseEvent| step.set(Step::Choose))
            };
            html! {
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors={(*errors).clone()} />
                        <span class="govuk-caption-l">{ format!("Adopt {}", idea.title) }</span>
                        <h1 class="govuk-heading-l">{ "Check the fee" }</h1>
                        { summary_list(&rows) }
                        <p class="govuk-body">{ next }</p>
                        <div class="govuk-button-group">
                            <button type="button" class="govuk-button" data-module="govuk-button" onclick={onconfirm}>
                                { "Confirm and adopt" }
                            </button>
                            <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onclick={onback}>
                                { "Choose another organisation" }
                            </button>
                        </div>
                    </div>
                </div>
            }
        }
        Step::Done(adoption) => {
            let approved = adoption.status == AdoptionStatus::Approved;
            let (title, body) = if approved {
                (
                    "Adoption approved",
                    format!(
                        "{} has adopted {} for {}",
                        adoption.organisation_name,
                        adoption.idea_title,
                        format_pence(adoption.fee_pence)
                    ),
                )
            } else {
                (
                    "Adoption sent for approval",
                    format!(
                        "Another owner or admin of {} must approve it",
                        adoption.organisation_name
                    ),
                )
            };
            html! {
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        { panel(&yew::props!(PanelProps {
                            title: title,
                            body: body,
                        })) }
                        <h2 class="govuk-heading-m">{ "What happens next" }</h2>
                        if approved {
                            <p class="govuk-body">
                                { format!("{} of the fee has been paid back to the original funders as their re-use dividend.", format_pence(adoption.rebate_pence.unwrap_or(0))) }
                            </p>
                        } else {
                            <p class="govuk-body">
                                { format!("We have told the other owners and admins of {}. If it were approved now, the fee would be {}.", adoption.organisation_name, format_pence(adoption.fee_pence)) }
                            </p>
                        }
                        <p class="govuk-body">
                            <RouteLink to={Route::Funded { id: adoption.organisation_id.clone() }}>
                                { format!("What {} has funded and adopted", adoption.organisation_name) }
                            </RouteLink>
                        </p>
                        <p class="govuk-body"><RouteLink to={Route::Catalogue}>{ "Back to the catalogue" }</RouteLink></p>
                    </div>
                </div>
            }
        }
    }
}
