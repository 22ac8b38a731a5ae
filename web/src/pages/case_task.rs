//! One section of the business case: its form, checked on "Save and continue" and kept in this
//! browser until the whole case is saved from "Check your answers".

use crate::router::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::not_found::not_found_content;
use crate::api::ClientError;
use crate::app::Route;
use crate::case_draft::paths::problem_errors;
use crate::case_draft::store::{keep, load_workspace, Workspace};
use crate::case_draft::{CaseDraft, CaseSection};
use crate::case_forms::commercial::commercial_form;
use crate::case_forms::economic::economic_form;
use crate::case_forms::financial::financial_form;
use crate::case_forms::management::management_form;
use crate::case_forms::strategic::strategic_form;
use crate::case_forms::terms::terms_form;
use crate::case_forms::SectionFormProps;
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::components::route_link::RouteLink;
use crate::form_errors::FormErrors;
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

/// What the section's page says under its heading.
fn introduction(section: CaseSection) -> &'static str {
    match section {
        CaseSection::Strategic => "Why change is needed and what the work must achieve.",
        CaseSection::Economic => {
            "The options you considered, their costs and benefits, and which gives the best value."
        }
        CaseSection::Commercial => "How the work is bought, and who owns what is built.",
        CaseSection::Financial => {
            "What it costs, split into capital and revenue by financial year. Funders share this cost."
        }
        CaseSection::Management => "How the work is governed and delivered, and what could go wrong.",
        CaseSection::Terms => {
            "The contract in plain words and the service level agreement that comes with it."
        }
    }
}

/// The forms of some sections, each over the whole draft (it changes only its own section).
/// Each bundle that shows sections carries the forms of its own only.
#[derive(Clone, Copy)]
pub struct SectionForms {
    /// The sections whose forms these are.
    pub sections: &'static [CaseSection],
    /// The form for one of them (`None` for any other).
    pub form: fn(CaseSection, &CaseDraft, &FormErrors, Callback<CaseDraft>) -> Option<Html>,
}

/// The sections tell which forms these are.
impl PartialEq for SectionForms {
    fn eq(&self, other: &Self) -> bool {
        self.sections == other.sections
    }
}

/// The strategic, economic and commercial sections' forms.
pub const FIRST_FORMS: SectionForms = SectionForms {
    sections: &[
        CaseSection::Strategic,
        CaseSection::Economic,
        CaseSection::Commercial,
    ],
    form: first_forms,
};

/// The financial, management and terms sections' forms.
pub const MORE_FORMS: SectionForms = SectionForms {
    sections: &[
        CaseSection::Financial,
        CaseSection::Management,
        CaseSection::Terms,
    ],
    form: more_forms,
};

/// A section's form over the whole draft: it changes only its own section.
macro_rules! section_form {
    ($draft:ident, $errors:ident, $set:ident, $form:ident, $field:ident) => {{
        let base = $draft.clone();
        let onchange = $set.reform(move |value| {
            let mut next = base.clone();
            next.$field = value;
            next
        });
        let errors = $errors.clone();
        $form(&SectionFormProps {
            draft: $draft.$field.clone(),
            errors,
            onchange,
        })
    }};
}

fn first_forms(
    section: CaseSection,
    draft: &CaseDraft,
    errors: &FormErrors,
    set: Callback<CaseDraft>,
) -> Option<Html> {
    Some(match section {
        CaseSection::Strategic => section_form!(draft, errors, set, strategic_form, strategic),
        CaseSection::Economic => section_form!(draft, errors, set, economic_form, economic),
        CaseSection::Commercial => section_form!(draft, errors, set, commercial_form, commercial),
        _ => return None,
    })
}

fn more_forms(
    section: CaseSection,
    draft: &CaseDraft,
    errors: &FormErrors,
    set: Callback<CaseDraft>,
) -> Option<Html> {
    Some(match section {
        CaseSection::Financial => section_form!(draft, errors, set, financial_form, financial),
        CaseSection::Management => section_form!(draft, errors, set, management_form, management),
        CaseSection::Terms => section_form!(draft, errors, set, terms_form, terms),
        _ => return None,
    })
}

/// Moves focus to an input, as an error summary link on another page asked.
fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        let _focused = element.focus();
    }
}

/// Props for [`CaseTask`].
#[derive(Properties, PartialEq)]
pub struct CaseTaskProps {
    /// The idea's id, from the address.
    pub id: String,
    /// Which section, from the address.
    pub section: CaseSection,
    /// The forms this bundle has, the section's among them.
    pub forms: SectionForms,
}

/// The section's questions with "Save and continue".
#[function_component]
pub fn CaseTask(props: &CaseTaskProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    let section = props.section;
    let loaded = use_state(|| None::<Result<Workspace, ClientError>>);
    let draft = use_state(|| None::<CaseDraft>);
    let errors = use_state(FormErrors::default);
    let missing = matches!(&*loaded, Some(Err(e)) if e.code() == Some("not_found"));
    use_title(
        if missing {
            "Page not found"
        } else {
            section.title()
        },
        !errors.is_empty(),
    );

    use_effect_with((), {
        let (loaded, draft, errors, session, id) = (
            loaded.clone(),
            draft.clone(),
            errors.clone(),
            session.clone(),
            props.id.clone(),
        );
        move |_| {
            spawn_local(async move {
                let ws = load_workspace(&id, &session).await;
                match &ws {
                    Ok(ws) => {
                        errors.set(problem_errors(&ws.draft.problems, Some(section), None));
                        draft.set(Some(ws.draft.clone()));
                    }
                    Err(error) => end_if_signed_out(&session, error),
                }
                loaded.set(Some(ws));
            });
        }
    });

    let ready = draft.is_some();
    // Only once the form is there: a field carried from another bundle is taken when read.
    use_effect_with(ready, move |ready| {
        if !*ready {
            return;
        }
        if let Some(target) = crate::app::focus_field(location.as_ref()) {
            focus(&target);
        }
    });

    let onsubmit = {
        let (draft, errors, id) = (draft.clone(), errors.clone(), props.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(current) = &*draft else { return };
            let mut next = current.clone();
            next.tidy(section);
            let problems = next.check(section);
            if !problems.is_empty() {
                draft.set(Some(next));
                errors.set(problems);
                return;
            }
            next.complete(section);
            keep(&id, &next);
            if let Some(navigator) = &navigator {
                navigator.push(&Route::IdeaTasks { id: id.clone() });
            }
        })
    };

    let back = html! {
        <RouteLink to={Route::IdeaTasks { id: props.id.clone() }} classes="govuk-back-link">
            { "Back to the task list" }
        </RouteLink>
    };
    let content = match (&*loaded, &*draft) {
        (Some(Err(_)), _) if missing => return not_found_content(),
        (Some(Err(error)), _) => load_failure(error),
        (Some(Ok(ws)), _) if !ws.can_edit() => html! {
            <p class="govuk-body">
                { "You cannot change this business case. " }
                <RouteLink to={Route::Idea { id: ws.idea.id.clone() }}>{ "View the idea" }</RouteLink>
            </p>
        },
        (Some(Ok(_)), Some(current)) => {
            let set = {
                let draft = draft.clone();
                Callback::from(move |next: CaseDraft| draft.set(Some(next)))
            };
            html! {
                <form novalidate=true {onsubmit}>
                    { (props.forms.form)(section, current, &errors, set).unwrap_or_default() }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Save and continue" }
                    </button>
                </form>
            }
        }
        _ => html! { <p class="govuk-body">{ "Loading…" }</p> },
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back }
                <ErrorSummary errors={(*errors).clone()} />
                if let Some(Ok(ws)) = &*loaded {
                    <span class="govuk-caption-l">{ &ws.idea.title }</span>
                }
                <h1 class="govuk-heading-l">{ section.title() }</h1>
                <p class="govuk-body">{ introduction(section) }</p>
                { content }
            </div>
        </div>
    }
}
