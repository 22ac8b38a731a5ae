//! The commercial case page's form.

use yew::prelude::*;

use super::{field, setter, SectionFormProps};
use crate::case_draft::CommercialDraft;
use crate::components::radios::{radios, RadiosProps};
use crate::components::text_input::{text_input, TextInputProps};
use crate::components::textarea::{textarea, TextareaProps};
use crate::vocabulary::{choices, DATA_PROTECTION_ROLES};

/// Procurement route, contract length, licence, IP and data protection role.
pub fn commercial_form(props: &SectionFormProps<CommercialDraft>) -> Html {
    let (draft, errors, onchange) = (&props.draft, &props.errors, &props.onchange);
    let (route_id, route_error) = field(errors, "commercial.procurement_route");
    let (length_id, length_error) = field(errors, "commercial.contract_length_months");
    let (licence_id, licence_error) = field(errors, "commercial.licence");
    let (ip_id, ip_error) = field(errors, "commercial.ip_ownership");
    let (role_id, role_error) = field(errors, "commercial.data_protection_role");
    html! {
        <>
            { text_input(&yew::props!(TextInputProps {
                id: route_id,
                label: "Procurement route",
                hint: "Like G-Cloud 14, Digital Outcomes 6 or an open procedure",
                value: AttrValue::from(draft.procurement_route.clone()),
                oninput: setter(draft, onchange, |d: &mut CommercialDraft, v| d.procurement_route = v),
                error: route_error,
            })) }
            { text_input(&yew::props!(TextInputProps {
                id: length_id,
                label: "Contract length",
                suffix: "months",
                inputmode: "numeric",
                classes: "govuk-input--width-3",
                value: AttrValue::from(draft.contract_length_months.clone()),
                oninput: setter(draft, onchange, |d: &mut CommercialDraft, v| d.contract_length_months = v),
                error: length_error,
            })) }
            { text_input(&yew::props!(TextInputProps {
                id: licence_id,
                label: "Licence of what is built",
                hint: "Like MIT or OGL-UK-3.0",
                classes: "govuk-input--width-20",
                value: AttrValue::from(draft.licence.clone()),
                oninput: setter(draft, onchange, |d: &mut CommercialDraft, v| d.licence = v),
                error: licence_error,
            })) }
            { textarea(&yew::props!(TextareaProps {
                id: ip_id,
                label: "Who owns the intellectual property",
                value: AttrValue::from(draft.ip_ownership.clone()),
                oninput: setter(draft, onchange, |d: &mut CommercialDraft, v| d.ip_ownership = v),
                error: ip_error,
                rows: 3,
            })) }
            { radios(&yew::props!(RadiosProps {
                id: role_id,
                legend: "What is the supplier’s role under UK GDPR?",
                options: choices(&DATA_PROTECTION_ROLES),
                value: AttrValue::from(draft.data_protection_role.clone()),
                onchange: setter(draft, onchange, |d: &mut CommercialDraft, v| d.data_protection_role = v),
                error: role_error,
            })) }
        </>
    }
}
