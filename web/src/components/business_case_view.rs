//! An idea's current business case, section by section under level 2 headings (it is
//! the business case page's content).

use cc2i_shared::business_case::BusinessCaseVersion;
use yew::prelude::*;

use super::case_view::commercial::commercial_view;
use super::case_view::economic::economic_view;
use super::case_view::financial::financial_view;
use super::case_view::management::management_view;
use super::case_view::strategic::strategic_view;
use super::case_view::terms::terms_view;
use crate::dates::long_date;

/// Which version it is, then the five cases and the terms.
pub fn business_case_view(v: &BusinessCaseVersion) -> Html {
    let case = &v.content;
    let section = |id: &'static str, title: &'static str, body: Html| {
        html! {
            <section class="app-case-section" aria-labelledby={id}>
                <h2 class="govuk-heading-m" {id}>{ title }</h2>
                { body }
            </section>
        }
    };
    html! {
        <>
            <p class="govuk-body">
                { format!(
                    "Version {}, saved on {} by {}.",
                    v.version,
                    long_date(&v.created_at),
                    v.created_by_name
                ) }
            </p>
            { section("strategic-case", "Strategic case", strategic_view(case.stage, &case.strategic)) }
            { section("economic-case", "Economic case", economic_view(&case.economic)) }
            { section("commercial-case", "Commercial case", commercial_view(&case.commercial)) }
            { section("financial-case", "Financial case", financial_view(&case.financial)) }
            { section("management-case", "Management case", management_view(&case.management)) }
            { section("terms-and-sla", "Terms and service level agreement", terms_view(&case.terms)) }
        </>
    }
}
