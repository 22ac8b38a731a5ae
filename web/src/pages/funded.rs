//! An organisation's "What we have funded": what it committed, what was paid out through
//! accepted milestones and what came back as re-use dividends, over time and per idea, with
//! the adoptions waiting for its owners' and admins' approval.

use cc2i_shared::money::{format_bp, format_pence};
use cc2i_shared::reuse::{
    Adoption, AdoptionStatus, FundingRole, OrganisationFundingSummary, RejectAdoption,
};
use cc2i_shared::{Me, OrgRole, Organisation};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::adoption_item::{reason_id, AdoptionItem};
use crate::components::error_summary::ErrorSummary;
use crate::components::funding_chart::{funding_chart, FundingChartProps};
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::components::scroll_region::scroll_region;
use crate::components::summary_list::summary_list;
use crate::components::tag::{idea_status_tag, tag};
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::{loaded_or_page, use_loaded};
use crate::session::{end_if_signed_out, use_session, SessionHandle};
use crate::title::use_title;
use crate::viewer::{load_viewer, role_in};

const ADOPTION_SPEC: FormSpec = FormSpec {
    fields: &[("reason", "The reason")],
    codes: &[
        (
            "self_approval_forbidden",
            None,
            "You asked to adopt it, so another owner or admin must approve it",
        ),
        (
            "invalid_adoption_status",
            None,
            "This adoption has already been decided. Reload the page to see where it stands",
        ),
    ],
};

#[derive(Clone, PartialEq)]
struct Loaded {
    org: Organisation,
    summary: OrganisationFundingSummary,
    adoptions: Vec<Adoption>,
    viewer: Option<Me>,
}

async fn load(id: &str, session: &SessionHandle) -> Result<Loaded, ClientError> {
    let path = format!("/organisations/{}", segment(id));
    Ok(Loaded {
        org: request(Method::GET, &path, NO_BODY).await?,
        summary: request(Method::GET, &format!("{path}/funding-summary"), NO_BODY).await?,
        adoptions: request(Method::GET, &format!("{path}/adoptions"), NO_BODY).await?,
        viewer: load_viewer(session).await,
    })
}

fn adoption_tag(status: AdoptionStatus) -> Html {
    let colour = match status {
        AdoptionStatus::PendingApproval => "yellow",
        AdoptionStatus::Approved => "green",
        AdoptionStatus::Rejected => "red",
    };
    tag(status.label(), Some(colour))
}

/// Props for [`Funded`].
#[derive(Properties, PartialEq)]
pub struct FundedProps {
    /// The organisation's id, from the address.
    pub id: String,
}

/// What the organisation has funded, what it cost and what came back.
#[function_component]
pub fn Funded(props: &FundedProps) -> Html {
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
        Some(Ok(l)) => format!("What {} has funded", l.org.name),
        _ => "What we have funded".to_owned(),
    };
    use_title(&title, !errors.is_empty());

    let decide = {
        let (session, version, banner, errors) = (
            session.clone(),
            version.clone(),
            banner.clone(),
            errors.clone(),
        );
        move |path: String, body: Option<RejectAdoption>, message: String, field: String| {
            let (session, version, banner, errors) = (
                session.clone(),
                version.clone(),
                banner.clone(),
                errors.clone(),
            );
            banner.set(None);
            errors.set(FormErrors::default());
            spawn_local(async move {
                match request::<Adoption>(Method::POST, &path, body.as_ref()).await {
                    Ok(_) => {
                        banner.set(Some(message.into()));
                        version.set(*version + 1);
                    }
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        let found = FormErrors::from_error(&error, &ADOPTION_SPEC);
                        let mut out = FormErrors::default();
                        for e in found.items() {
                            match e.field.as_deref() {
                                Some("reason") => out.push_at(field.clone(), e.message.clone()),
                                _ => out.push(None, e.message.clone()),
                            }
                        }
                        errors.set(out);
                    }
                }
            });
        }
    };

    let l = match loaded_or_page(
        &loaded,
        "What we have funded",
        "Loading what this organisation has funded…",
    ) {
        Ok(l) => l,
        Err(page) => return page,
    };
    let s = &l.summary;
    let t = &s.totals;
    let manager = role_in(l.viewer.as_ref(), &l.org.id).is_some_and(OrgRole::can_manage);
    let pending: Vec<&Adoption> = l
        .adoptions
        .iter()
        .filter(|a| a.status == AdoptionStatus::PendingApproval)
        .collect();
    let totals: Vec<(AttrValue, Html)> = vec![
        (
            "Committed as a funder".into(),
            html! { format_pence(t.committed_pence) },
        ),
        (
            "Paid out through accepted milestones".into(),
            html! { format_pence(t.paid_pence) },
        ),
        (
            "Adoption fees".into(),
            html! { format_pence(t.adoption_fees_pence) },
        ),
        (
            "Re-use dividends received".into(),
            html! { format_pence(t.rebated_pence) },
        ),
        (
            "Net cost so far".into(),
            html! { format_pence(t.committed_pence + t.adoption_fees_pence - t.rebated_pence) },
        ),
    ];
    let numeric = "govuk-table__cell govuk-table__cell--numeric";
    let ideas = html! {
        <table class="govuk-table app-table--small">
            <caption class="govuk-table__caption govuk-table__caption--m">{ "Per idea" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Idea" }</th>
                    <th scope="col" class="govuk-table__header">{ "Status" }</th>
                    <th scope="col" class="govuk-table__header">{ "As" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Committed" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Paid out" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Dividends" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for s.ideas.iter().map(|i| {
                    let (role, committed) = match i.role {
                        FundingRole::Funder => (
                            format!("Funder, {}", i.final_share_bp.map(format_bp).unwrap_or_default()),
                            i.committed_pence,
                        ),
                        FundingRole::Adopter => ("Adopter".to_owned(), i.adoption_fee_pence),
                    };
                    html! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">
                                <RouteLink to={Route::Delivery { id: i.idea_id.clone() }}>{ &i.title }</RouteLink>
                            </th>
                            <td class="govuk-table__cell">{ idea_status_tag(i.status) }</td>
                            <td class="govuk-table__cell">{ role }</td>
                            <td class={numeric}>{ format_pence(committed) }</td>
                            <td class={numeric}>{ format_pence(i.paid_pence) }</td>
                            <td class={numeric}>{ format_pence(i.rebated_pence) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <span class="govuk-caption-l">{ &l.org.name }</span>
                <h1 class="govuk-heading-l">{ "What we have funded" }</h1>
                <p class="govuk-body">
                    <RouteLink to={Route::Organisation { id: l.org.id.clone() }}>{ "Back to the organisation" }</RouteLink>
                </p>
                <h2 class="govuk-heading-m">{ "What it cost us and what we got back" }</h2>
                { summary_list(&totals) }
                if manager && !pending.is_empty() {
                    <h2 class="govuk-heading-m">{ "Adoptions waiting for approval" }</h2>
                    <p class="govuk-body">{ "Adoptions over your self-approval limit need a second owner or admin. You cannot approve one you asked for yourself." }</p>
                    { for pending.iter().map(|a| {
                        let path = format!("/adoptions/{}", segment(&a.id));
                        let field = reason_id(&a.id);
                        let onapprove = {
                            let (decide, path, field) = (decide.clone(), path.clone(), field.clone());
                            let message = format!("You approved adopting {}", a.idea_title);
                            Callback::from(move |()| decide(format!("{path}/approve"), None, message.clone(), field.clone()))
                        };
                        let onreject = {
                            let (decide, errors, field) = (decide.clone(), errors.clone(), field.clone());
                            let message = format!("You rejected adopting {}", a.idea_title);
                            Callback::from(move |reason: String| {
                                if reason.is_empty() {
                                    let mut blank = FormErrors::default();
                                    blank.push_at(field.clone(), "Enter why you are rejecting the adoption");
                                    errors.set(blank);
                                    return;
                                }
                                decide(format!("{path}/reject"), Some(RejectAdoption { reason }), message.clone(), field.clone());
                            })
                        };
                        html! {
                            <AdoptionItem key={a.id.clone()} adoption={(*a).clone()} errors={(*errors).clone()} {onapprove} {onreject} />
                        }
                    }) }
                }
            </div>
            <div class="govuk-grid-column-full">
                <h2 class="govuk-heading-m">{ "Over time" }</h2>
                { funding_chart(&yew::props!(FundingChartProps {
                    series: s.series.clone(),
                })) }
                if s.ideas.is_empty() {
                    <p class="govuk-body">{ "This organisation has not funded or adopted anything yet." }</p>
                } else {
                    { scroll_region("What we have funded, per idea", ideas) }
                }
                if !l.adoptions.is_empty() {
                    <h2 class="govuk-heading-m">{ "Adoptions" }</h2>
                    <ul class="govuk-list">
                        { for l.adoptions.iter().map(|a| html! {
                            <li>
                                { format!("{}: {} ", a.idea_title, format_pence(a.fee_pence)) }
                                { adoption_tag(a.status) }
                            </li>
                        }) }
                    </ul>
                }
            </div>
        </div>
    }
}
