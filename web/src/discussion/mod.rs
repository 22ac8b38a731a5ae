//! The conversation on an idea, on its own page (`pages::idea_discussion`): "Questions and
//! answers" and "Updates" as GOV.UK tabs, following the idea, and reporting what breaks the
//! rules. Its forms share one error summary and one success banner above the tabs.

mod answer_form;
mod ask_form;
mod errors;
mod follow;
mod questions;
mod report;
mod tabs;
mod text;
mod update_form;
mod update_list;

use std::collections::HashSet;

use cc2i_shared::discussion::{
    AnswerQuestion, AskQuestion, Following, IdeaUpdate, PostUpdate, Question,
};
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::{Me, OrgRole, Page};
use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use self::errors::{errors_for, Field};
use self::follow::follow_block;
use self::questions::questions_panel;
use self::tabs::{Tab, TabsProps};
use self::update_list::updates_panel;
use crate::api::{request, segment, ClientError, NO_BODY};
use crate::components::error_summary::ErrorSummary;
use crate::components::load_failure::load_failure;
use crate::form_errors::FormErrors;
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;
use crate::viewer::role_in;
use crate::vocabulary::Choice;

/// What a form's request came to: the confirmation, or what to show in the error summary.
pub type Outcome = Result<String, FormErrors>;

/// The tabs' panel ids.
const QUESTIONS_TAB: &str = "idea-questions";
const UPDATES_TAB: &str = "idea-updates";

/// Everything the panels need to draw themselves and report back.
#[derive(Clone)]
pub struct View {
    signed_in: bool,
    proposer: bool,
    manager: bool,
    published: bool,
    askable: bool,
    proposer_name: String,
    askers: Vec<Choice>,
    errors: FormErrors,
    form_key: u32,
    reported: HashSet<String>,
    on_outcome: Callback<Outcome>,
    on_errors: Callback<FormErrors>,
    on_reported: Callback<AttrValue>,
    on_ask: Callback<AskQuestion>,
    on_answer: Callback<(String, String)>,
    on_update: Callback<PostUpdate>,
    on_more_questions: Callback<()>,
    on_more_updates: Callback<()>,
}

/// One list with the cursor of its next page.
#[derive(Clone, PartialEq)]
struct Listed<T> {
    items: Vec<T>,
    next: Option<String>,
}

impl<T> From<Page<T>> for Listed<T> {
    fn from(page: Page<T>) -> Self {
        Listed {
            items: page.items,
            next: page.next_cursor,
        }
    }
}

#[derive(Clone, PartialEq)]
struct Loaded {
    questions: Listed<Question>,
    updates: Listed<IdeaUpdate>,
    following: Option<Following>,
}

async fn page<T: DeserializeOwned>(
    path: &str,
    cursor: Option<&str>,
) -> Result<Listed<T>, ClientError> {
    let path = match cursor {
        Some(c) => format!("{path}?cursor={}", segment(c)),
        None => path.to_owned(),
    };
    Ok(request::<Page<T>>(Method::GET, &path, NO_BODY)
        .await?
        .into())
}

async fn load(id: &str, signed_in: bool) -> Result<Loaded, ClientError> {
    let base = format!("/ideas/{}", segment(id));
    let following = if signed_in {
        Some(request(Method::GET, &format!("{base}/follow"), NO_BODY).await?)
    } else {
        None
    };
    Ok(Loaded {
        questions: page(&format!("{base}/questions"), None).await?,
        updates: page(&format!("{base}/updates"), None).await?,
        following,
    })
}

/// The tab the address asks for (`#idea-updates`), else the first.
fn tab_from_address() -> usize {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    usize::from(hash.trim_start_matches('#') == UPDATES_TAB)
}

/// The title of the page the discussion is on.
pub fn page_title(idea: &Idea) -> String {
    format!("Questions and updates: {}", idea.title)
}

/// Props for [`IdeaDiscussion`].
#[derive(Properties, PartialEq)]
pub struct IdeaDiscussionProps {
    /// The idea.
    pub idea: Idea,
    /// The signed-in viewer, if any.
    pub viewer: Option<Me>,
}

/// The section with its tabs.
#[function_component]
pub fn IdeaDiscussion(props: &IdeaDiscussionProps) -> Html {
    let session = use_session();
    let loaded = use_state(|| None::<Result<Loaded, ClientError>>);
    let version = use_state(|| 0_u32);
    let selected = use_state(tab_from_address);
    let errors = use_state(FormErrors::default);
    let banner = use_state(|| None::<String>);
    let form_key = use_state(|| 0_u32);
    let reported = use_state(HashSet::<String>::new);
    let busy = use_state(|| false);
    let idea = &props.idea;
    let base = format!("/ideas/{}", segment(&idea.id));
    use_title(&page_title(idea), !errors.is_empty());

    use_effect_with((idea.id.clone(), *version, props.viewer.is_some()), {
        let (loaded, session) = (loaded.clone(), session.clone());
        move |(id, _, signed_in): &(String, u32, bool)| {
            let (id, signed_in) = (id.clone(), *signed_in);
            spawn_local(async move {
                let result = load(&id, signed_in).await;
                if let Err(error) = &result {
                    end_if_signed_out(&session, error);
                }
                loaded.set(Some(result));
            });
        }
    });

    let on_outcome = {
        let (errors, banner, version, form_key) = (
            errors.clone(),
            banner.clone(),
            version.clone(),
            form_key.clone(),
        );
        Callback::from(move |outcome: Outcome| match outcome {
            Ok(message) => {
                errors.set(FormErrors::default());
                banner.set(Some(message));
                form_key.set(*form_key + 1);
                version.set(*version + 1);
            }
            Err(list) => {
                banner.set(None);
                errors.set(list);
            }
        })
    };
    // Sends one request; its confirmation or its errors (on `fields`) go to `on_outcome`.
    let send = {
        let (session, on_outcome, busy) = (session.clone(), on_outcome.clone(), busy.clone());
        move |action: std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<String, ClientError>>>,
        >,
              fields: Vec<Field>| {
            if *busy {
                return;
            }
            busy.set(true);
            let (session, on_outcome, busy) = (session.clone(), on_outcome.clone(), busy.clone());
            spawn_local(async move {
                match action.await {
                    Ok(message) => on_outcome.emit(Ok(message)),
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        on_outcome.emit(Err(errors_for(&error, &fields)));
                    }
                }
                busy.set(false);
            });
        }
    };
    let on_ask = {
        let (send, path) = (send.clone(), format!("{base}/questions"));
        Callback::from(move |body: AskQuestion| {
            let path = path.clone();
            send(
                Box::pin(async move {
                    request::<Question>(Method::POST, &path, Some(&body)).await?;
                    Ok("Your question has been published. The proposer has been told".to_owned())
                }),
                vec![
                    ("body", ask_form::QUESTION_ID.into(), "Your question"),
                    (
                        "organisation_id",
                        ask_form::ORGANISATION_ID.into(),
                        "The organisation",
                    ),
                ],
            );
        })
    };
    let on_answer = {
        let send = send.clone();
        Callback::from(move |(id, body): (String, String)| {
            let path = format!("/questions/{}/answer", segment(&id));
            send(
                Box::pin(async move {
                    request::<Question>(Method::POST, &path, Some(&AnswerQuestion { body }))
                        .await?;
                    Ok(
                        "Your answer has been published. The organisation that asked has been told"
                            .to_owned(),
                    )
                }),
                vec![("body", answer_form::answer_id(&id), "Your answer")],
            );
        })
    };
    let on_update = {
        let (send, path) = (send.clone(), format!("{base}/updates"));
        Callback::from(move |body: PostUpdate| {
            let path = path.clone();
            send(
                Box::pin(async move {
                    request::<IdeaUpdate>(Method::POST, &path, Some(&body)).await?;
                    Ok("Your update has been posted".to_owned())
                }),
                vec![
                    ("title", update_form::TITLE_ID.into(), "The title"),
                    ("body", update_form::BODY_ID.into(), "The update"),
                    (
                        "audience",
                        update_form::AUDIENCE_ID.into(),
                        "Who can read it",
                    ),
                ],
            );
        })
    };
    let on_follow = {
        let (send, path) = (send.clone(), format!("{base}/follow"));
        Callback::from(move |follow: bool| {
            let path = path.clone();
            send(
                Box::pin(async move {
                    let method = if follow { Method::POST } else { Method::DELETE };
                    request::<Following>(method, &path, NO_BODY).await?;
                    Ok(if follow {
                        "You follow this idea. You will be told about its public updates".to_owned()
                    } else {
                        "You no longer follow this idea".to_owned()
                    })
                }),
                Vec::new(),
            );
        })
    };
    let more = |questions: bool| {
        let (loaded, session, base) = (loaded.clone(), session.clone(), base.clone());
        Callback::from(move |()| {
            let Some(Ok(current)) = (*loaded).clone() else {
                return;
            };
            let (loaded, session, base) = (loaded.clone(), session.clone(), base.clone());
            spawn_local(async move {
                let mut next = current.clone();
                let result = if questions {
                    page::<Question>(
                        &format!("{base}/questions"),
                        current.questions.next.as_deref(),
                    )
                    .await
                    .map(|p| {
                        next.questions.items.extend(p.items);
                        next.questions.next = p.next;
                    })
                } else {
                    page::<IdeaUpdate>(&format!("{base}/updates"), current.updates.next.as_deref())
                        .await
                        .map(|p| {
                            next.updates.items.extend(p.items);
                            next.updates.next = p.next;
                        })
                };
                match result {
                    Ok(()) => loaded.set(Some(Ok(next))),
                    Err(error) => end_if_signed_out(&session, &error),
                }
            });
        })
    };

    let role = role_in(props.viewer.as_ref(), &idea.organisation.id);
    let askers: Vec<Choice> = props
        .viewer
        .iter()
        .flat_map(|me| me.memberships.iter())
        .filter(|m| m.organisation_verified && m.organisation_id != idea.organisation.id)
        .map(|m| {
            (
                m.organisation_id.clone().into(),
                m.organisation_name.clone().into(),
            )
        })
        .collect();
    let view = View {
        signed_in: props.viewer.is_some(),
        proposer: role.is_some(),
        manager: role.is_some_and(OrgRole::can_manage),
        published: idea.status.is_public(),
        askable: idea.status.is_public()
            && !matches!(idea.status, IdeaStatus::Withdrawn | IdeaStatus::NotFunded),
        proposer_name: idea.organisation.name.clone(),
        askers,
        errors: (*errors).clone(),
        form_key: *form_key,
        reported: (*reported).clone(),
        on_errors: on_outcome.reform(Err),
        on_outcome,
        on_reported: {
            let reported = reported.clone();
            Callback::from(move |id: AttrValue| {
                let mut next = (*reported).clone();
                next.insert(id.to_string());
                reported.set(next);
            })
        },
        on_ask,
        on_answer,
        on_update,
        on_more_questions: more(true),
        on_more_updates: more(false),
    };

    let content = match &*loaded {
        None => html! { <p class="govuk-body">{ "Loading questions and updates…" }</p> },
        Some(Err(error)) => load_failure(error),
        Some(Ok(l)) => {
            let tabs = vec![
                Tab {
                    id: QUESTIONS_TAB.into(),
                    label: "Questions and answers".into(),
                    panel: questions_panel(&view, &l.questions.items, l.questions.next.is_some()),
                },
                Tab {
                    id: UPDATES_TAB.into(),
                    label: "Updates".into(),
                    panel: updates_panel(&view, &l.updates.items, l.updates.next.is_some()),
                },
            ];
            let onselect = {
                let selected = selected.clone();
                Callback::from(move |index: usize| selected.set(index))
            };
            html! {
                <>
                    if let (true, Some(following)) = (view.signed_in, l.following) {
                        { follow_block(following, &on_follow) }
                    }
                    { self::tabs::tabs(&yew::props!(TabsProps {
                        tabs: tabs,
                        selected: *selected,
                        onselect: onselect,
                    })) }
                </>
            }
        }
    };
    html! {
        <section class="app-discussion" aria-labelledby="discussion-heading">
            <h2 class="govuk-heading-l" id="discussion-heading">{ "Questions and updates" }</h2>
            if let Some(message) = &*banner {
                <div
                    class="govuk-notification-banner govuk-notification-banner--success"
                    role="alert"
                    aria-labelledby="discussion-banner-title"
                    data-module="govuk-notification-banner"
                    key={message.clone()}
                >
                    <div class="govuk-notification-banner__header">
                        <h3 class="govuk-notification-banner__title" id="discussion-banner-title">
                            { "Success" }
                        </h3>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">{ message.clone() }</p>
                    </div>
                </div>
            }
            <ErrorSummary errors={(*errors).clone()} />
            { content }
        </section>
    }
}
