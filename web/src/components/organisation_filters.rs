//! The fields that narrow a list of organisations (name or identifier, kind, region, service
//! area and, where it matters, verification), for browsing and for choosing whom to invite.

use cc2i_shared::{OrgKind, OrganisationQuery, Region, ServiceArea};
use yew::prelude::*;

use super::select::{select, SelectProps};
use super::text_input::{text_input, TextInputProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::vocabulary::{kinds, regions, service_areas, Choice};

/// How the API's complaints about the filters read.
pub const FILTER_SPEC: FormSpec = FormSpec {
    fields: &[
        ("q", "Name or identifier"),
        ("kind", "Kind"),
        ("region", "Region"),
        ("service_area", "Service area"),
        ("verified", "Verification"),
    ],
    codes: &[],
};

/// The fields as typed, empty meaning "any".
#[derive(Clone, Default, PartialEq)]
pub struct OrganisationFilters {
    q: String,
    kind: String,
    region: String,
    service_area: String,
    verified: String,
}

impl OrganisationFilters {
    /// The fields for a query, as in the address of a filtered list.
    pub fn from_query(query: &OrganisationQuery) -> Self {
        let code = |c: Option<&'static str>| c.unwrap_or_default().to_owned();
        OrganisationFilters {
            q: query.q.clone().unwrap_or_default(),
            kind: code(query.kind.map(OrgKind::code)),
            region: code(query.region.map(Region::code)),
            service_area: code(query.service_area.map(ServiceArea::code)),
            verified: query.verified.map(|v| v.to_string()).unwrap_or_default(),
        }
    }

    /// The query for the fields, from the first page.
    pub fn to_query(&self) -> OrganisationQuery {
        let q = self.q.trim();
        OrganisationQuery {
            kind: OrgKind::from_code(&self.kind),
            region: Region::from_code(&self.region),
            service_area: ServiceArea::from_code(&self.service_area),
            q: (!q.is_empty()).then(|| q.to_owned()),
            verified: self.verified.parse().ok(),
            cursor: None,
            limit: None,
        }
    }
}

/// A query as an address's query string.
pub fn query_string(query: &OrganisationQuery) -> String {
    serde_urlencoded::to_string(query).unwrap_or_default()
}

/// The inputs, full width, for a filter form the page owns: `onchange` gets the fields after
/// each change, `errors` are the API's complaints about the last query, and the verification
/// filter is offered `with_verified`.
pub fn organisation_filter_fields(
    filters: &OrganisationFilters,
    onchange: &Callback<OrganisationFilters>,
    errors: &FormErrors,
    with_verified: bool,
) -> Html {
    let set = |field: fn(&mut OrganisationFilters) -> &mut String| {
        let (filters, onchange) = (filters.clone(), onchange.clone());
        Callback::from(move |value: String| {
            let mut next = filters.clone();
            *field(&mut next) = value;
            onchange.emit(next);
        })
    };
    let select = |id: &'static str,
                  label: &'static str,
                  placeholder: &'static str,
                  options: Vec<Choice>,
                  field: fn(&mut OrganisationFilters) -> &mut String| {
        let value = field(&mut filters.clone()).clone();
        html! {
            { select(&yew::props!(SelectProps {
                id: id,
                label: label,
                placeholder: placeholder,
                options: options,
                value: AttrValue::from(value),
                onchange: set(field),
                classes: "govuk-!-width-full",
                error: errors.field(id),
            })) }
        }
    };
    let verified = vec![
        ("true".into(), "Verified".into()),
        ("false".into(), "Not verified".into()),
    ];
    html! {
        <>
            { text_input(&yew::props!(TextInputProps {
                id: "q",
                label: "Name or identifier",
                value: AttrValue::from(filters.q.clone()),
                oninput: set(|f| &mut f.q),
                classes: "govuk-!-width-full",
                error: errors.field("q"),
            })) }
            { select("kind", "Kind", "Any kind", kinds(), |f| &mut f.kind) }
            { select("region", "Region", "Any region", regions(), |f| &mut f.region) }
            { select("service_area", "Service area", "Any service area", service_areas(), |f| &mut f.service_area) }
            if with_verified {
                { select("verified", "Verification", "Verified or not", verified, |f| &mut f.verified) }
            }
        </>
    }
}
