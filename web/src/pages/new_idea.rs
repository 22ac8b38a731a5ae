//! Posting an idea, step one: the proposing organisation and the idea's details. It is saved as
//! a draft, and the task list takes over.

use crate::router::*;
use cc2i_shared::idea::Idea;
use cc2i_shared::Me;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::request;
use crate::app::{Flash, Route};
use crate::components::error_summary::ErrorSummary;
use crate::components::idea_details_fields::{idea_details_fields, IdeaDetailsFieldsProps};
use crate::components::radios::{radios, RadiosProps};
use crate::components::route_link::RouteLink;
use crate::form_errors::FormErrors;
use crate::idea_details::{IdeaDetails, DETAILS_SPEC};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;
use crate::viewer::load_viewer;

/// The organisations the viewer can propose for: all of theirs, unverified ones noted.
fn organisations(me: &Me) -> Vec<(AttrValue, AttrValue)> {
    me.memberships
        .iter()
        .map(|m| {
            let label = if m.organisation_verified {
                m.organisation_name.clone()
            } else {
                format!("{} (not verified yet)", m.organisation_name)
            };
            (
                AttrValue::from(m.organisation_id.clone()),
                AttrValue::from(label),
            )
        })
        .collect()
}

/// The organisation, then the idea's details; "Save and continue" drafts the idea.
#[function_component]
pub fn NewIdea() -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let viewer = use_state(|| None::<Option<Me>>);
    let organisation = use_state(String::new);
    let details = use_state(IdeaDetails::new);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    use_title("Post an idea", !errors.is_empty());

    use_effect_with((), {
        let (session, viewer) = (session.clone(), viewer.clone());
        move |_| {
            spawn_local(async move {
                viewer.set(Some(load_viewer(&session).await));
            });
        }
    });

    let onsubmit = {
        let (organisation, details, errors, busy) = (
            organisation.clone(),
            details.clone(),
            errors.clone(),
            busy.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let mut missing = FormErrors::default();
            if organisation.is_empty() {
                missing.push(
                    Some("organisation_id"),
                    "Select the organisation that proposes the idea",
                );
            }
            let checked = match details.check() {
                Ok(checked) if missing.is_empty() => checked,
                Ok(_) => {
                    errors.set(missing);
                    return;
                }
                Err(more) => {
                    missing.extend(more);
                    errors.set(missing);
                    return;
                }
            };
            let create = checked.create((*organisation).clone());
            busy.set(true);
            errors.set(FormErrors::default());
            let (errors, busy, session, navigator) = (
                errors.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                match (
                    request::<Idea>(Method::POST, "/ideas", Some(&create)).await,
                    navigator,
                ) {
                    (Ok(idea), Some(navigator)) => navigator.push_with_state(
                        &Route::IdeaTasks { id: idea.id },
                        Flash("Your idea is saved as a draft. Now write its business case.".into()),
                    ),
                    (Ok(_), None) => busy.set(false),
                    (Err(error), _) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &DETAILS_SPEC).when_blank(
                            "title",
                            &create.title,
                            "Enter a title for the idea",
                        ));
                        busy.set(false);
                    }
                }
            });
        })
    };

    let body = match &*viewer {
        None => html! { <p class="govuk-body">{ "Loading your organisations…" }</p> },
        Some(me) if me.as_ref().is_none_or(|me| me.memberships.is_empty()) => html! {
            <>
                <p class="govuk-body">
                    { "Ideas are proposed by organisations. You are not a member of one yet." }
                </p>
                <p class="govuk-body">
                    <RouteLink to={Route::NewOrganisation}>{ "Register your organisation" }</RouteLink>
                    { ", or ask someone who manages it on CC2i to add you." }
                </p>
            </>
        },
        Some(me) => {
            let options = me.as_ref().map(organisations).unwrap_or_default();
            html! {
                <form novalidate=true {onsubmit}>
                    { radios(&yew::props!(RadiosProps {
                        id: "organisation_id",
                        legend: "Which organisation is proposing it?",
                        hint: "Only verified organisations can submit ideas for review",
                        options: options,
                        value: AttrValue::from((*organisation).clone()),
                        onchange: Callback::from(move |v| organisation.set(v)),
                        error: errors.field("organisation_id"),
                        legend_classes: "govuk-fieldset__legend--m",
                    })) }
                    { idea_details_fields(&yew::props!(IdeaDetailsFieldsProps {
                        details: (*details).clone(),
                        errors: (*errors).clone(),
                        onchange: Callback::from(move |d| details.set(d)),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Save and continue" }
                    </button>
                </form>
            }
        }
    };

    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ "Post an idea" }</h1>
                <p class="govuk-body">
                    { "Your idea is saved as a draft that only your organisation can see. Next you write \
                       its business case, section by section, then submit it. CC2i staff review it \
                       before it is published for others to pledge." }
                </p>
                { body }
            </div>
        </div>
    }
}
