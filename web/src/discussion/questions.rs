//! The "Questions and answers" panel: who may ask, the form, and each question with its
//! answer, the proposer's answer form, and the report link.

use cc2i_shared::discussion::Question;
use cc2i_shared::moderation::TargetType;
use yew::prelude::*;

use super::answer_form::AnswerForm;
use super::ask_form::AskForm;
use super::report::ReportLink;
use super::text::{paragraphs, removed};
use super::View;
use crate::app::Route;
use crate::components::route_link::RouteLink;
use crate::dates::long_date;

/// Who may ask, and the form when the viewer may.
fn ask_area(view: &View) -> Html {
    let heading = html! { <h4 class="govuk-heading-s">{ "Ask a question" }</h4> };
    if !view.askable {
        return html! { <p class="govuk-body">{ "This idea no longer takes questions." }</p> };
    }
    if !view.signed_in {
        return html! {
            <>
                { heading }
                <p class="govuk-body">
                    <RouteLink to={Route::SignIn}>{ "Sign in" }</RouteLink>
                    { " to ask a question for your organisation." }
                </p>
            </>
        };
    }
    if view.askers.is_empty() {
        let why = if view.proposer {
            "Your organisation proposed this idea, so it answers questions here."
        } else {
            "Only members of organisations verified by CC2i staff can ask questions."
        };
        return html! { <p class="govuk-body">{ why }</p> };
    }
    html! {
        <>
            { heading }
            <AskForm
                key={view.form_key}
                organisations={view.askers.clone()}
                errors={view.errors.clone()}
                onsubmit={view.on_ask.clone()}
                onerror={view.on_errors.clone()}
            />
        </>
    }
}

fn question(view: &View, q: &Question) -> Html {
    let asked = format!(
        "Asked by {} on {}",
        q.organisation.name,
        long_date(&q.asked_at)
    );
    let answer = match (&q.answer, q.hidden) {
        (Some(a), false) => html! {
            <div class="govuk-inset-text app-answer">
                <p class="govuk-body-s app-discussion__meta">
                    { format!("Answered by {} on {}", a.organisation.name, long_date(&a.answered_at)) }
                </p>
                { paragraphs(a.body.as_deref().unwrap_or_default()) }
            </div>
        },
        (None, false) if view.proposer => {
            let onsubmit = {
                let (on_answer, id) = (view.on_answer.clone(), q.id.clone());
                Callback::from(move |body: String| on_answer.emit((id.clone(), body)))
            };
            html! {
                <AnswerForm
                    question_id={q.id.clone()}
                    asker={q.organisation.name.clone()}
                    errors={view.errors.clone()}
                    {onsubmit}
                    onerror={view.on_errors.clone()}
                />
            }
        }
        (None, false) => html! { <p class="govuk-body-s">{ "Not answered yet." }</p> },
        (_, true) => html! {},
    };
    html! {
        <div class="app-discussion__item" key={q.id.clone()}>
            <h4 class="govuk-heading-s govuk-!-margin-bottom-1">
                { format!("Question from {}", q.organisation.name) }
            </h4>
            <p class="govuk-body-s app-discussion__meta">{ asked }</p>
            if q.hidden {
                { removed(q.removed_reason.as_deref()) }
            } else {
                { paragraphs(q.body.as_deref().unwrap_or_default()) }
            }
            { answer }
            if view.signed_in && !q.hidden {
                <ReportLink
                    target_type={TargetType::Question}
                    target_id={q.id.clone()}
                    reported={view.reported.contains(&q.id)}
                    errors={view.errors.clone()}
                    onresult={view.on_outcome.clone()}
                    onreported={view.on_reported.clone()}
                />
            }
        </div>
    }
}

/// The panel.
pub fn questions_panel(view: &View, questions: &[Question], more: bool) -> Html {
    html! {
        <>
            <h3 class="govuk-heading-m">{ "Questions and answers" }</h3>
            <p class="govuk-body">
                { "Organisations thinking of funding this idea ask its proposer here. Questions and answers are public." }
            </p>
            { ask_area(view) }
            if questions.is_empty() {
                <p class="govuk-body">{ "No questions have been asked yet." }</p>
            } else {
                <div class="app-discussion__list">
                    { for questions.iter().map(|q| question(view, q)) }
                </div>
            }
            if more {
                <button
                    type="button"
                    class="govuk-button govuk-button--secondary"
                    data-module="govuk-button"
                    onclick={view.on_more_questions.reform(|_: MouseEvent| ())}
                >
                    { "Show more questions" }
                </button>
            }
        </>
    }
}
