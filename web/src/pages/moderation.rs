//! The moderation queue for CC2i platform staff: everything reported or hidden, with its
//! words and reports, and Hide and Restore with a reason.

use cc2i_shared::moderation::{
    Moderate, ModerationAction, ModerationItem, TargetType, MAX_REASON_CHARS,
};
use cc2i_shared::Page;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::components::notification_banner::notification_banner;
use crate::components::route_link::RouteLink;
use crate::components::summary_list::summary_list;
use crate::components::tag::tag;
use crate::components::textarea::{textarea, TextareaProps};
use crate::dates::long_date;
use crate::form_errors::{sentence, FormErrors, FormSpec};
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

const NO_FIELDS: FormSpec = FormSpec {
    fields: &[],
    codes: &[],
};

fn reason_id(item: &ModerationItem) -> String {
    format!("reason-{}-{}", item.target_type.code(), item.target_id)
}

fn status(item: &ModerationItem) -> Html {
    if item.hidden_by_reports {
        tag("Hidden by reports: decide", Some("orange"))
    } else if item.hidden {
        tag("Hidden by moderators", Some("red"))
    } else {
        tag("Reported: decide", Some("yellow"))
    }
}

fn reports(item: &ModerationItem) -> Html {
    html! {
        <>
            <p class="govuk-body">
                { format!(
                    "{} {} from {} {}",
                    item.reports.len(),
                    if item.reports.len() == 1 { "report" } else { "reports" },
                    item.reporting_organisations,
                    if item.reporting_organisations == 1 { "organisation" } else { "organisations" },
                ) }
            </p>
            <ul class="govuk-list govuk-list--bullet">
                { for item.reports.iter().map(|r| html! {
                    <li>
                        { format!(
                            "{} on {}: “{}”",
                            r.organisation_name.as_deref().unwrap_or("Someone without a verified organisation"),
                            long_date(&r.created_at),
                            r.reason
                        ) }
                    </li>
                }) }
            </ul>
        </>
    }
}

/// Props for [`DecisionForm`].
#[derive(Properties, PartialEq)]
struct DecisionFormProps {
    item: ModerationItem,
    errors: FormErrors,
    ondecide: Callback<(ModerationItem, ModerationAction, String)>,
}

/// The reason and the two decisions.
#[function_component]
fn DecisionForm(props: &DecisionFormProps) -> Html {
    let reason = use_state(String::new);
    let id = reason_id(&props.item);
    let decide = |action: ModerationAction| {
        let (reason, ondecide, item) = (reason.clone(), props.ondecide.clone(), props.item.clone());
        Callback::from(move |_: MouseEvent| {
            ondecide.emit((item.clone(), action, (*reason).clone()))
        })
    };
    let oninput = {
        let reason = reason.clone();
        Callback::from(move |value: String| reason.set(value))
    };
    html! {
        <form novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { textarea(&yew::props!(TextareaProps {
                id: id.clone(),
                label: "Reason for your decision",
                hint: "If you hide it, people see “Removed by moderators:” followed by this reason. Restoring clears its reports.",
                value: (*reason).clone(),
                oninput: oninput,
                error: props.errors.field(&id),
                rows: 2,
            })) }
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--warning" data-module="govuk-button" onclick={decide(ModerationAction::Hide)}>
                    { "Hide" }
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onclick={decide(ModerationAction::Restore)}>
                    { "Restore" }
                </button>
            </div>
        </form>
    }
}

fn card(
    item: &ModerationItem,
    errors: &FormErrors,
    ondecide: &Callback<(ModerationItem, ModerationAction, String)>,
    version: u32,
) -> Html {
    let mut rows: Vec<(AttrValue, Html)> = vec![
        ("Status".into(), status(item)),
        (
            "Written by".into(),
            html! { { format!("{} on {}", item.organisation_name, long_date(&item.created_at)) } },
        ),
    ];
    if let Some(title) = &item.title {
        rows.push(("Title".into(), html! { { title.clone() } }));
    }
    let noun = if item.target_type == TargetType::Question {
        "Question"
    } else {
        "Update"
    };
    rows.push((
        noun.into(),
        html! { <p class="govuk-body app-moderation__text">{ item.body.clone() }</p> },
    ));
    if let Some(answer) = &item.answer {
        rows.push((
            "Answer".into(),
            html! { <p class="govuk-body app-moderation__text">{ answer.clone() }</p> },
        ));
    }
    if !item.reports.is_empty() {
        rows.push(("Reports".into(), reports(item)));
    }
    if let Some(reason) = &item.removed_reason {
        rows.push((
            "People see".into(),
            html! { { format!("Removed by moderators: {reason}") } },
        ));
    }
    html! {
        <div class="govuk-summary-card" key={reason_id(item)}>
            <div class="govuk-summary-card__title-wrapper">
                <h2 class="govuk-summary-card__title">
                    { format!("{} on “{}”", item.target_type.label(), item.idea_title) }
                </h2>
            </div>
            <div class="govuk-summary-card__content">
                { summary_list(&rows) }
                <div class="govuk-!-margin-top-6">
                    // A new form after each decision, so the last reason is not kept.
                    <DecisionForm
                        key={version}
                        item={item.clone()}
                        errors={errors.clone()}
                        ondecide={ondecide.clone()}
                    />
                </div>
                <p class="govuk-body">
                    <RouteLink to={Route::Idea { id: item.idea_id.clone() }}>
                        { format!("Open “{}”", item.idea_title) }
                    </RouteLink>
                </p>
            </div>
        </div>
    }
}

/// The queue.
#[function_component]
pub fn Moderation() -> Html {
    let session = use_session();
    let version = use_state(|| 0_u32);
    let loaded = use_state(|| None::<Result<Page<ModerationItem>, ClientError>>);
    let errors = use_state(FormErrors::default);
    let banner = use_state(|| None::<String>);
    let busy = use_state(|| false);
    use_title("Moderation", !errors.is_empty());

    use_effect_with(*version, {
        let (loaded, session) = (loaded.clone(), session.clone());
        move |_| {
            spawn_local(async move {
                let result = request::<Page<ModerationItem>>(
                    Method::GET,
                    "/admin/moderation?limit=100",
                    NO_BODY,
                )
                .await;
                if let Err(error) = &result {
                    end_if_signed_out(&session, error);
                }
                loaded.set(Some(result));
            });
        }
    });

    let ondecide = {
        let (errors, banner, busy, version, session) = (
            errors.clone(),
            banner.clone(),
            busy.clone(),
            version.clone(),
            session.clone(),
        );
        Callback::from(
            move |(item, action, reason): (ModerationItem, ModerationAction, String)| {
                if *busy {
                    return;
                }
                let id = reason_id(&item);
                if reason.trim().is_empty() || reason.chars().count() > MAX_REASON_CHARS {
                    let mut list = FormErrors::default();
                    list.push_at(
                        id,
                        if reason.trim().is_empty() {
                            "Enter the reason for your decision".to_owned()
                        } else {
                            format!("The reason must be {MAX_REASON_CHARS} characters or fewer")
                        },
                    );
                    banner.set(None);
                    errors.set(list);
                    return;
                }
                busy.set(true);
                let path = format!(
                    "/admin/moderation/{}/{}",
                    item.target_type.code(),
                    segment(&item.target_id)
                );
                let (errors, banner, busy, version, session) = (
                    errors.clone(),
                    banner.clone(),
                    busy.clone(),
                    version.clone(),
                    session.clone(),
                );
                spawn_local(async move {
                    let body = Moderate { action, reason };
                    match request::<ModerationItem>(Method::POST, &path, Some(&body)).await {
                        Ok(done) => {
                            errors.set(FormErrors::default());
                            let noun = done.target_type.label().to_ascii_lowercase();
                            banner.set(Some(match action {
                                ModerationAction::Hide => {
                                    format!("The {noun} on “{}” is hidden", done.idea_title)
                                }
                                ModerationAction::Restore => format!(
                                    "The {noun} on “{}” is shown again and its reports are cleared",
                                    done.idea_title
                                ),
                            }));
                            version.set(*version + 1);
                        }
                        Err(error) => {
                            end_if_signed_out(&session, &error);
                            let mut list = FormErrors::default();
                            match &error {
                                ClientError::Problem(p) if !p.field("reason").is_empty() => {
                                    list.push_at(id, sentence("The reason", &p.field("reason")[0]));
                                }
                                _ => list = FormErrors::from_error(&error, &NO_FIELDS),
                            }
                            banner.set(None);
                            errors.set(list);
                        }
                    }
                    busy.set(false);
                });
            },
        )
    };

    let content = match &*loaded {
        None => html! { <p class="govuk-body">{ "Loading the moderation queue…" }</p> },
        Some(Err(ClientError::Problem(p))) if p.status == 403 => html! {
            <p class="govuk-body">{ "Only CC2i platform staff moderate content." }</p>
        },
        Some(Err(error)) => load_failure(error),
        Some(Ok(page)) if page.items.is_empty() => html! {
            <p class="govuk-body">{ "Nothing is reported or hidden." }</p>
        },
        Some(Ok(page)) => html! {
            <>
                <p class="govuk-body">
                    { match page.items.iter().filter(|i| i.needs_review).count() {
                        0 => "Nothing is waiting for a decision.".to_owned(),
                        1 => "1 item is waiting for a decision.".to_owned(),
                        n => format!("{n} items are waiting for a decision."),
                    } }
                </p>
                { for page.items.iter().map(|item| card(item, &errors, &ondecide, *version)) }
                if page.next_cursor.is_some() {
                    <p class="govuk-body">{ "Only the 100 most recently reported are shown. Decide on these to see more." }</p>
                }
            </>
        },
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(message) = &*banner {
                    { notification_banner(message.clone(), true, Html::default()) }
                }
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ "Moderation" }</h1>
                <p class="govuk-body">
                    { "Questions, answers and updates that people reported, and what is hidden. Reports from three organisations hide something until you decide: hide it for good with a reason people see, or restore it." }
                </p>
                { content }
            </div>
        </div>
    }
}
