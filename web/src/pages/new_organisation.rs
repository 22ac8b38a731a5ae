//! Registering an organisation; the user who registers it becomes its owner.

use crate::router::*;
use cc2i_shared::{CreateOrganisation, OrgKind, Organisation, Region, ServiceArea};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::request;
use crate::app::{Flash, Route};
use crate::components::checkboxes::{checkboxes, CheckboxesProps};
use crate::components::error_summary::ErrorSummary;
use crate::components::select::{select, SelectProps};
use crate::components::text_input::{text_input, TextInputProps};
use crate::components::textarea::{textarea, TextareaProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;
use crate::vocabulary::{kinds, regions, service_areas};

const SPEC: FormSpec = FormSpec {
    fields: &[
        ("name", "Name"),
        ("kind", "Kind"),
        ("region", "Region"),
        ("identifier", "Identifier"),
        ("website", "Website"),
        ("description", "Description"),
        ("service_areas", "Service areas"),
    ],
    codes: &[(
        "identifier_taken",
        Some("identifier"),
        "An organisation with this identifier is already registered on CC2i",
    )],
};

/// The form's fields as typed.
#[derive(Clone, Default, PartialEq)]
struct Draft {
    name: String,
    kind: String,
    region: String,
    identifier: String,
    website: String,
    description: String,
    service_areas: Vec<AttrValue>,
}

impl Draft {
    /// The request, or the messages for required answers that are missing.
    fn to_request(&self) -> Result<CreateOrganisation, FormErrors> {
        let mut missing = FormErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            missing.push(Some("name"), "Enter the organisation’s name");
        }
        let kind = OrgKind::from_code(&self.kind);
        if kind.is_none() {
            missing.push(Some("kind"), "Select what kind of organisation it is");
        }
        let region = Region::from_code(&self.region);
        if region.is_none() {
            missing.push(Some("region"), "Select the organisation’s region");
        }
        let identifier = self.identifier.trim();
        if identifier.is_empty() {
            missing.push(Some("identifier"), "Enter the organisation’s identifier");
        }
        let (Some(kind), Some(region), true) = (kind, region, missing.is_empty()) else {
            return Err(missing);
        };
        let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Ok(CreateOrganisation {
            name: name.to_owned(),
            kind,
            region,
            identifier: identifier.to_owned(),
            website: optional(&self.website),
            description: optional(&self.description),
            service_areas: ServiceArea::ALL
                .iter()
                .copied()
                .filter(|a| self.service_areas.iter().any(|c| c == a.code()))
                .collect(),
        })
    }
}

/// Name, kind, region, identifier, website, description and service areas.
#[function_component]
pub fn NewOrganisation() -> Html {
    let draft = use_state(Draft::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let session = use_session();
    let navigator = use_navigator();
    use_title("Register an organisation", !errors.is_empty());

    let onsubmit = {
        let (draft, errors, busy) = (draft.clone(), errors.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let create = match draft.to_request() {
                Ok(create) => create,
                Err(missing) => {
                    errors.set(missing);
                    return;
                }
            };
            busy.set(true);
            errors.set(FormErrors::default());
            let (errors, busy, session, navigator) = (
                errors.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                let created =
                    request::<Organisation>(Method::POST, "/organisations", Some(&create)).await;
                match (created, navigator) {
                    (Ok(org), Some(navigator)) => navigator.push_with_state(
                        &Route::Organisation { id: org.id },
                        Flash(
                            "Organisation registered. CC2i staff will check it and verify it."
                                .into(),
                        ),
                    ),
                    (Ok(_), None) => busy.set(false),
                    (Err(error), _) => {
                        end_if_signed_out(&session, &error);
                        errors.set(FormErrors::from_error(&error, &SPEC));
                        busy.set(false);
                    }
                }
            });
        })
    };
    let set = |field: fn(&mut Draft) -> &mut String| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            *field(&mut next) = value;
            draft.set(next);
        })
    };
    let ontoggle = {
        let draft = draft.clone();
        Callback::from(move |(code, ticked): (AttrValue, bool)| {
            let mut next = (*draft).clone();
            next.service_areas.retain(|c| *c != code);
            if ticked {
                next.service_areas.push(code);
            }
            draft.set(next);
        })
    };

    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ "Register an organisation" }</h1>
                <p class="govuk-body">
                    { "You will be its owner. CC2i staff check each organisation before marking it as verified." }
                </p>
                <form novalidate=true {onsubmit}>
                    { text_input(&yew::props!(TextInputProps {
                        id: "name",
                        label: "Name",
                        hint: "The organisation’s legal name, like Kirklees Council",
                        autocomplete: "organization",
                        value: AttrValue::from(draft.name.clone()),
                        oninput: set(|d| &mut d.name),
                        error: errors.field("name"),
                    })) }
                    { select(&yew::props!(SelectProps {
                        id: "kind",
                        label: "Kind",
                        placeholder: "Choose a kind",
                        options: kinds(),
                        value: AttrValue::from(draft.kind.clone()),
                        onchange: set(|d| &mut d.kind),
                        error: errors.field("kind"),
                    })) }
                    { select(&yew::props!(SelectProps {
                        id: "region",
                        label: "Region",
                        placeholder: "Choose a region",
                        options: regions(),
                        value: AttrValue::from(draft.region.clone()),
                        onchange: set(|d| &mut d.region),
                        error: errors.field("region"),
                    })) }
                    { text_input(&yew::props!(TextInputProps {
                        id: "identifier",
                        label: "Identifier",
                        hint: "org-id.guide identifier, like GB-LAE-KIR",
                        classes: "govuk-input--width-20",
                        value: AttrValue::from(draft.identifier.clone()),
                        oninput: set(|d| &mut d.identifier),
                        error: errors.field("identifier"),
                    })) }
                    { text_input(&yew::props!(TextInputProps {
                        id: "website",
                        label: "Website (optional)",
                        hint: "Starting with https://",
                        input_type: "url",
                        autocomplete: "url",
                        value: AttrValue::from(draft.website.clone()),
                        oninput: set(|d| &mut d.website),
                        error: errors.field("website"),
                    })) }
                    { textarea(&yew::props!(TextareaProps {
                        id: "description",
                        label: "Description (optional)",
                        hint: "What the organisation does, in a sentence or two",
                        value: AttrValue::from(draft.description.clone()),
                        oninput: set(|d| &mut d.description),
                        error: errors.field("description"),
                    })) }
                    { checkboxes(&yew::props!(CheckboxesProps {
                        id: "service_areas",
                        legend: "Service areas (optional)",
                        hint: "Select all the services it works on",
                        options: service_areas(),
                        checked: draft.service_areas.clone(),
                        ontoggle: ontoggle,
                        error: errors.field("service_areas"),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Register organisation" }
                    </button>
                </form>
            </div>
        </div>
    }
}
