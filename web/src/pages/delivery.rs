//! An idea's delivery: its milestones with their status, each funder's decision, the
//! payments released and a timeline, with the proposer's and the funders' forms.

use cc2i_shared::delivery::{DeliveryMilestone, MilestoneStatus};
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::money::{format_bp, format_pence};
use cc2i_shared::{Me, OrgRole};
use gloo_net::http::Method;
use serde::de::IgnoredAny;
use serde::Serialize;
use serde_json::value::RawValue;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::milestone_card::MilestoneCard;
use crate::components::milestone_forms::{
    decision_ids, evidence_id, AddMilestoneForm, DecisionForm, EvidenceForm, DELIVERY_SPEC,
};
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::components::summary_list::summary_list;
use crate::components::tag::idea_status_tag;
use crate::form_errors::FormErrors;
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{end_if_signed_out, use_session, SessionHandle};
use crate::title::use_title;
use crate::viewer::{load_viewer, role_in};

#[derive(Clone, PartialEq)]
struct Loaded {
    idea: Idea,
    milestones: Vec<DeliveryMilestone>,
    viewer: Option<Me>,
}

async fn load(id: &str, session: &SessionHandle) -> Result<Loaded, ClientError> {
    let path = format!("/ideas/{}", segment(id));
    let idea = request::<Idea>(Method::GET, &path, NO_BODY).await?;
    let milestones = request(Method::GET, &format!("{path}/milestones"), NO_BODY).await?;
    Ok(Loaded {
        idea,
        milestones,
        viewer: load_viewer(session).await,
    })
}

/// Moves the API's messages about `from` fields onto the inputs with ids `to`.
fn rekey(errors: FormErrors, pairs: &[(&str, String)]) -> FormErrors {
    let mut out = FormErrors::default();
    for e in errors.items() {
        let field = e.field.as_deref().map(|f| {
            pairs
                .iter()
                .find(|(from, _)| *from == f)
                .map_or_else(|| f.to_owned(), |(_, to)| to.clone())
        });
        match field {
            Some(field) => out.push_at(field, e.message.clone()),
            None => out.push(None, e.message.clone()),
        }
    }
    out
}

/// What a request to the delivery API needs: where, what and what to say once it worked.
struct Action {
    path: String,
    body: Option<Box<RawValue>>,
    done: String,
    fields: Vec<(&'static str, String)>,
}

/// The body, encoded once (as JSON text, which costs the bundle less than a `Value` would).
fn json(body: &impl Serialize) -> Option<Box<RawValue>> {
    serde_json::value::to_raw_value(body).ok()
}

/// Props for [`DeliveryPage`].
#[derive(Properties, PartialEq)]
pub struct DeliveryProps {
    /// The idea's id, from the address.
    pub id: String,
}

/// The delivery page of one idea.
#[function_component]
pub fn DeliveryPage(props: &DeliveryProps) -> Html {
    let session = use_session();
    let version = use_state(|| 0_u32);
    let banner = use_state(|| None::<AttrValue>);
    let errors = use_state(FormErrors::default);
    let loaded = use_loaded((props.id.clone(), *version), {
        let session = session.clone();
        move |(id, _): (String, u32)| {
            let session = session.clone();
            async move { load(&id, &session).await }
        }
    });
    let title = match &*loaded {
        Some(Ok(l)) => format!("Delivery: {}", l.idea.title),
        _ => "Delivery".to_owned(),
    };
    use_title(&title, !errors.is_empty());

    let act = {
        let (session, version, banner, errors) = (
            session.clone(),
            version.clone(),
            banner.clone(),
            errors.clone(),
        );
        Callback::from(move |action: Action| {
            let (session, version, banner, errors) = (
                session.clone(),
                version.clone(),
                banner.clone(),
                errors.clone(),
            );
            banner.set(None);
            errors.set(FormErrors::default());
            spawn_local(async move {
                match request::<IgnoredAny>(Method::POST, &action.path, action.body.as_ref()).await
                {
                    Ok(_) => {
                        banner.set(Some(action.done.into()));
                        version.set(*version + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        let fields: Vec<(&str, String)> = action.fields.clone();
                        errors.set(rekey(
                            FormErrors::from_error(&error, &DELIVERY_SPEC),
                            &fields,
                        ));
                    }
                }
            });
        })
    };
    let show_errors = {
        let (errors, banner) = (errors.clone(), banner.clone());
        Callback::from(move |found: FormErrors| {
            banner.set(None);
            errors.set(found);
        })
    };

    let l = match loaded_or_page(&loaded, "Delivery", "Loading the delivery…") {
        Ok(l) => l,
        Err(page) => return page,
    };
    let idea = &l.idea;
    let proposer =
        role_in(l.viewer.as_ref(), &idea.organisation.id).is_some_and(OrgRole::can_manage);
    let planned: i64 = l.milestones.iter().map(|m| m.payment_bp).sum();
    let released: i64 = l.milestones.iter().map(|m| m.paid_pence).sum();
    let in_delivery = idea.status == IdeaStatus::InDelivery;
    let can_plan = proposer
        && matches!(idea.status, IdeaStatus::Funded | IdeaStatus::InDelivery)
        && planned < 10_000;
    let base = format!("/ideas/{}", segment(&idea.id));

    let start = {
        let (act, path) = (act.clone(), format!("{base}/start-delivery"));
        Callback::from(move |_: MouseEvent| {
            act.emit(Action {
                path: path.clone(),
                body: None,
                done: "Delivery has started. The funders have been told.".into(),
                fields: Vec::new(),
            })
        })
    };
    let onplan = {
        let (act, show_errors, path) = (
            act.clone(),
            show_errors.clone(),
            format!("{base}/milestones"),
        );
        Callback::from(move |result| match result {
            Ok(milestone) => act.emit(Action {
                path: path.clone(),
                body: json(&milestone),
                done: "Milestone added".into(),
                fields: Vec::new(),
            }),
            Err(found) => show_errors.emit(found),
        })
    };

    let card = |m: &DeliveryMilestone| {
        let path = format!("/milestones/{}", segment(&m.id));
        let submit_form = (proposer
            && in_delivery
            && matches!(m.status, MilestoneStatus::Planned | MilestoneStatus::Rejected))
        .then(|| {
            let onsubmit = {
                let (act, show_errors, path, title, field) = (
                    act.clone(),
                    show_errors.clone(),
                    format!("{path}/submit"),
                    m.title.clone(),
                    evidence_id(&m.id),
                );
                Callback::from(move |result| match result {
                    Ok(body) => act.emit(Action {
                        path: path.clone(),
                        body: json(&body),
                        done: format!("“{title}” was submitted. The funders have been told."),
                        fields: vec![("evidence", field.clone())],
                    }),
                    Err(found) => show_errors.emit(found),
                })
            };
            html! {
                <EvidenceForm key={format!("{}-{}", m.id, *version)} milestone_id={m.id.clone()} errors={(*errors).clone()} {onsubmit} />
            }
        });
        let decision_forms = if m.status == MilestoneStatus::Submitted {
            m.funders
                .iter()
                .filter(|f| f.decision.is_none())
                .filter(|f| role_in(l.viewer.as_ref(), &f.organisation_id).is_some_and(OrgRole::can_manage))
                .map(|f| {
                    let (decision_id, note_id) = decision_ids(&m.id);
                    let onsubmit = {
                        let (act, show_errors, path, title) = (
                            act.clone(),
                            show_errors.clone(),
                            format!("{path}/acceptances"),
                            m.title.clone(),
                        );
                        Callback::from(move |result| match result {
                            Ok(body) => act.emit(Action {
                                path: path.clone(),
                                body: json(&body),
                                done: format!("Your decision on “{title}” is recorded"),
                                fields: vec![("decision", decision_id.clone()), ("note", note_id.clone())],
                            }),
                            Err(found) => show_errors.emit(found),
                        })
                    };
                    html! {
                        <DecisionForm
                            key={format!("{}-{}-{}", m.id, f.organisation_id, *version)}
                            milestone_id={m.id.clone()}
                            organisation={(AttrValue::from(f.organisation_id.clone()), AttrValue::from(f.organisation_name.clone()))}
                            errors={(*errors).clone()}
                            {onsubmit}
                        />
                    }
                })
                .collect::<Html>()
        } else {
            html! {}
        };
        html! {
            <MilestoneCard key={m.id.clone()} milestone={m.clone()}>
                { submit_form }
                { decision_forms }
            </MilestoneCard>
        }
    };

    let rows: Vec<(AttrValue, Html)> = vec![
        ("Status".into(), idea_status_tag(idea.status)),
        (
            "Build cost".into(),
            html! { format_pence(idea.target_cost_pence) },
        ),
        (
            "Planned in milestones".into(),
            html! { format!("{} of the build cost", format_bp(planned)) },
        ),
        ("Released to date".into(), html! { format_pence(released) }),
    ];
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <span class="govuk-caption-l">{ &idea.title }</span>
                <h1 class="govuk-heading-l">{ "Delivery" }</h1>
                <p class="govuk-body">
                    <RouteLink to={Route::Idea { id: idea.id.clone() }}>{ "Back to the idea" }</RouteLink>
                </p>
                <p class="govuk-body">
                    { "The proposer plans milestones, each releasing a share of the build cost. When one is delivered, the funders decide: it is accepted once funders holding more than half of the final shares accept, and its payment is split between the funders by final share. The idea is delivered when milestones covering the whole cost are all accepted." }
                </p>
                { summary_list(&rows) }
                if !matches!(idea.status, IdeaStatus::Funded | IdeaStatus::InDelivery | IdeaStatus::Delivered) {
                    <p class="govuk-body">{ "Delivery starts once the idea is funded." }</p>
                }
                if idea.status == IdeaStatus::Funded && proposer {
                    <h2 class="govuk-heading-m">{ "Start delivery" }</h2>
                    <p class="govuk-body">{ "The funders are told, and you can then submit milestones for their acceptance." }</p>
                    <button type="button" class="govuk-button" data-module="govuk-button" onclick={start}>
                        { "Start delivery" }
                    </button>
                }
                <h2 class="govuk-heading-m">{ "Milestones" }</h2>
                if l.milestones.is_empty() {
                    <p class="govuk-body">{ "No milestones are planned yet." }</p>
                }
                { for l.milestones.iter().map(card) }
                if can_plan {
                    <AddMilestoneForm key={*version} errors={(*errors).clone()} remaining_bp={10_000 - planned} onsubmit={onplan} />
                }
            </div>
        </div>
    }
}
