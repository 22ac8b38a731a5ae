//! A button that downloads a file the API only gives with the session's bearer token: it
//! fetches the file, saves it through a Blob and an object URL under a given name, and says
//! in a live region that it is downloading, has downloaded, or why it could not.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{download, ClientError};
use crate::session::{end_if_signed_out, use_session};

/// What the button is doing.
#[derive(Clone, PartialEq)]
enum State {
    Idle,
    Working,
    Done,
    Failed(String),
}

/// Props for [`FileDownload`].
#[derive(Properties, PartialEq)]
pub struct FileDownloadProps {
    /// The API path after `/api/v1`.
    pub path: AttrValue,
    /// The file's media type, e.g. `text/csv`.
    pub media_type: AttrValue,
    /// The name the file is saved under.
    pub filename: AttrValue,
    /// The button's text.
    pub label: AttrValue,
    /// A unique id for the status region.
    pub id: AttrValue,
}

/// Saves `bytes` as `filename` through a temporary object URL.
pub fn save(bytes: &[u8], media_type: &str, filename: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(filename);
    link.set_hidden(true);
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(10_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

/// The message for a failed download.
fn failure(error: &ClientError) -> String {
    match error {
        ClientError::Problem(p) if p.status == 404 || p.status == 403 => {
            "You cannot download this file: you must be a member of this organisation.".into()
        }
        ClientError::SignedOut => "Your session has ended. Sign in again to download.".into(),
        _ => "The file could not be downloaded. Try again later.".into(),
    }
}

/// A GOV.UK secondary button that downloads the file, with its status announced.
#[function_component]
pub fn FileDownload(props: &FileDownloadProps) -> Html {
    let state = use_state(|| State::Idle);
    let session = use_session();
    let onclick = {
        let state = state.clone();
        let path = props.path.clone();
        let media_type = props.media_type.clone();
        let filename = props.filename.clone();
        Callback::from(move |_: MouseEvent| {
            if *state == State::Working {
                return;
            }
            state.set(State::Working);
            let state = state.clone();
            let session = session.clone();
            let (path, media_type, filename) = (path.clone(), media_type.clone(), filename.clone());
            spawn_local(async move {
                match download(&path, &media_type).await {
                    Ok(bytes) => match save(&bytes, &media_type, &filename) {
                        Ok(()) => state.set(State::Done),
                        Err(_) => state.set(State::Failed(
                            "Your browser could not save the file.".into(),
                        )),
                    },
                    Err(error) => {
                        end_if_signed_out(&session, &error);
                        state.set(State::Failed(failure(&error)));
                    }
                }
            });
        })
    };
    let working = *state == State::Working;
    let status_id = format!("{}-status", props.id);
    html! {
        <div class="govuk-!-margin-bottom-6">
            <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2"
                data-module="govuk-button" aria-describedby={status_id.clone()}
                aria-disabled={working.to_string()} {onclick}>
                { props.label.clone() }
            </button>
            <div id={status_id} role="status" aria-live="polite">
                { match &*state {
                    State::Idle => html! {},
                    State::Working => html! { <p class="govuk-body">{ "Downloading…" }</p> },
                    State::Done => html! {
                        <p class="govuk-body">{ format!("Downloaded {}.", props.filename) }</p>
                    },
                    State::Failed(message) => html! {
                        <p class="govuk-error-message">
                            <span class="govuk-visually-hidden">{ "Error: " }</span>{ message }
                        </p>
                    },
                } }
            </div>
        </div>
    }
}
