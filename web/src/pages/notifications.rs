//! The signed-in user's notifications, newest first.

use crate::router::*;
use cc2i_shared::notification::{Notification, NotificationFeed};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, segment, ClientError, NO_BODY};
use crate::app::{Route, UnreadRefresh};
use crate::components::load_failure::load_failure;
use crate::components::tag::tag;
use crate::dates::long_date;
use crate::session::{end_if_signed_out, use_session};
use crate::title::use_title;

/// The feed, with "Mark all as read"; following a link marks that notification read.
#[function_component]
pub fn Notifications() -> Html {
    use_title("Notifications", false);
    let session = use_session();
    let navigator = use_navigator();
    let feed = use_state(|| None::<Result<NotificationFeed, ClientError>>);
    let version = use_state(|| 0_u32);

    use_effect_with(*version, {
        let (feed, session) = (feed.clone(), session.clone());
        move |_| {
            spawn_local(async move {
                let result = request(Method::GET, "/notifications?limit=100", NO_BODY).await;
                if let Err(error) = &result {
                    end_if_signed_out(&session, error);
                }
                feed.set(Some(result));
            });
        }
    });

    let recount = use_context::<UnreadRefresh>();
    let onreadall = {
        let version = version.clone();
        Callback::from(move |_: MouseEvent| {
            let (version, recount) = (version.clone(), recount.clone());
            spawn_local(async move {
                // The reload shows what the API holds whether or not this succeeded.
                let _outcome =
                    request::<()>(Method::POST, "/notifications/read-all", NO_BODY).await;
                version.set(*version + 1);
                if let Some(UnreadRefresh(recount)) = recount {
                    recount.emit(());
                }
            });
        })
    };

    let item = |n: &Notification| {
        let route = Route::recognize(&n.link).filter(|r| *r != Route::NotFound);
        let href = n.link.clone();
        let onclick = {
            let (navigator, id, unread) = (navigator.clone(), n.id.clone(), n.read_at.is_none());
            Callback::from(move |e: MouseEvent| {
                let modified = e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key();
                let (Some(route), Some(navigator), false) =
                    (route.clone(), navigator.clone(), modified)
                else {
                    return;
                };
                e.prevent_default();
                let path = format!("/notifications/{}/read", segment(&id));
                spawn_local(async move {
                    if unread {
                        let _outcome = request::<()>(Method::POST, &path, NO_BODY).await;
                    }
                    navigator.push(&route);
                });
            })
        };
        html! {
            <li class={classes!("app-notification", n.read_at.is_none().then_some("app-notification--unread"))}>
                <h2 class="govuk-heading-s govuk-!-margin-bottom-1">
                    if n.read_at.is_none() {
                        { tag("Unread", None) }{ " " }
                    }
                    <a class="govuk-link" {href} {onclick}>{ &n.title }</a>
                </h2>
                <p class="govuk-body govuk-!-margin-bottom-1">{ &n.body }</p>
                <p class="govuk-body-s app-secondary-text">{ long_date(&n.created_at) }</p>
            </li>
        }
    };

    let content = match &*feed {
        None => html! { <p class="govuk-body">{ "Loading your notifications…" }</p> },
        Some(Err(error)) => load_failure(error),
        Some(Ok(feed)) if feed.items.is_empty() => html! {
            <p class="govuk-body">{ "You have no notifications." }</p>
        },
        Some(Ok(feed)) => html! {
            <>
                <p class="govuk-body">
                    { match feed.unread_count {
                        0 => "You have read all your notifications.".to_owned(),
                        1 => "You have 1 unread notification.".to_owned(),
                        n => format!("You have {n} unread notifications."),
                    } }
                </p>
                if feed.unread_count > 0 {
                    <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onclick={onreadall}>
                        { "Mark all as read" }
                    </button>
                }
                <ul class="govuk-list app-notifications">
                    { for feed.items.iter().map(item) }
                </ul>
            </>
        },
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{ "Notifications" }</h1>
                { content }
            </div>
        </div>
    }
}
