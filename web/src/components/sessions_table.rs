//! "Where you are signed in": the person's browser sessions, each with a button to sign it
//! out, and one to sign out everywhere.

use cc2i_shared::session::SessionInfo;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, ClientError, NO_BODY};
use crate::components::load_failure::load_failure;
use crate::dates::long_date_time;
use crate::session::{end_if_signed_out, use_session, SessionAction};

/// Loads the sessions and lets the person end any or all.
#[function_component]
pub fn SessionsTable() -> Html {
    let session = use_session();
    let list = use_state(|| None::<Result<Vec<SessionInfo>, ClientError>>);
    let reload = use_state(|| 0_u32);
    {
        let (list, session) = (list.clone(), session.clone());
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                let loaded =
                    request::<Vec<SessionInfo>>(Method::GET, "/me/sessions", NO_BODY).await;
                if let Err(error) = &loaded {
                    end_if_signed_out(&session, error);
                }
                list.set(Some(loaded));
            });
        });
    }
    let end = |path: String, everywhere: bool| {
        let (reload, session) = (reload.clone(), session.clone());
        Callback::from(move |_: MouseEvent| {
            let (path, reload, session) = (path.clone(), reload.clone(), session.clone());
            spawn_local(async move {
                let done = request::<()>(Method::DELETE, &path, NO_BODY).await;
                match done {
                    Ok(()) if everywhere => session.dispatch(SessionAction::End),
                    Ok(()) => reload.set(*reload + 1),
                    Err(error) => end_if_signed_out(&session, &error),
                }
            });
        })
    };
    let rows = match &*list {
        None => return html! { <p class="govuk-body">{ "Loading where you are signed in…" }</p> },
        Some(Err(error)) => return load_failure(error),
        Some(Ok(rows)) => rows,
    };
    html! {
        <>
            <table class="govuk-table app-sessions">
                <caption class="govuk-table__caption govuk-visually-hidden">{ "Your sessions" }</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">{ "Device" }</th>
                        <th scope="col" class="govuk-table__header">{ "Signed in from" }</th>
                        <th scope="col" class="govuk-table__header">{ "Last used" }</th>
                        <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">{ "Action" }</span></th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    { for rows.iter().map(|s| html! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">
                                { s.device.clone() }
                                if s.current {
                                    <strong class="govuk-tag govuk-tag--green govuk-!-margin-left-2">{ "This browser" }</strong>
                                }
                            </td>
                            <td class="govuk-table__cell">{ s.ip.clone() }</td>
                            <td class="govuk-table__cell">{ long_date_time(&s.last_used_at) }</td>
                            <td class="govuk-table__cell">
                                if !s.current {
                                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button"
                                        onclick={end(format!("/me/sessions/{}", s.id), false)}>
                                        { "Sign out" }<span class="govuk-visually-hidden">{ format!(" {}", s.device) }</span>
                                    </button>
                                }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <button type="button" class="govuk-button govuk-button--warning" data-module="govuk-button"
                onclick={end("/me/sessions".into(), true)}>
                { "Sign out everywhere" }
            </button>
        </>
    }
}
