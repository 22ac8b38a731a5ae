//! Loading what a page shows: a hook that fetches it whenever its inputs change, and the
//! three states a page shows until it has it (loading, not found, failed).

use std::future::Future;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::ClientError;
use crate::components::load_failure::load_failure;
use crate::pages::not_found::not_found_content;
use crate::session::{end_if_signed_out, use_session};

/// What a page has loaded: `None` while loading.
pub type Loading<T> = UseStateHandle<Option<Result<T, ClientError>>>;

/// Runs `load(deps)` on first render and whenever `deps` change; a refused session ends it.
#[hook]
pub fn use_loaded<T, D, F, Fut>(deps: D, load: F) -> Loading<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let session = use_session();
    let state = use_state(|| None);
    use_effect_with(deps, {
        let state = state.clone();
        move |deps: &D| {
            let pending = load(deps.clone());
            spawn_local(async move {
                let result = pending.await;
                if let Err(error) = &result {
                    end_if_signed_out(&session, error);
                }
                state.set(Some(result));
            });
        }
    });
    state
}

/// The loaded value, or the page to show instead: `heading` with `waiting` while loading,
/// the not-found page for a 404, or `heading` with why loading failed.
pub fn loaded_or_page<'a, T>(
    state: &'a Option<Result<T, ClientError>>,
    heading: &str,
    waiting: &str,
) -> Result<&'a T, Html> {
    let body = match state {
        Some(Ok(value)) => return Ok(value),
        Some(Err(error)) if error.code() == Some("not_found") => return Err(not_found_content()),
        Some(Err(error)) => load_failure(error),
        None => html! { <p class="govuk-body">{ waiting.to_owned() }</p> },
    };
    Err(html! {
        <>
            <h1 class="govuk-heading-l">{ heading.to_owned() }</h1>
            { body }
        </>
    })
}
