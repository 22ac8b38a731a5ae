//! The sign-in session. The session itself is an `HttpOnly` cookie the page never sees; the
//! page reads only the session's CSRF token from the `cc2i_csrf` cookie (sent back in
//! `X-CSRF-Token` on writes) and takes its presence to mean someone is signed in. Nothing is
//! kept in local storage. A request the API refuses with 401 ends the session here too, and
//! the user is sent to sign in.

use std::rc::Rc;

use crate::router::*;
use cc2i_shared::Login;
use gloo_net::http::Method;
use yew::prelude::*;

use crate::api::{request, ClientError, NO_BODY};
use crate::app::Route;

const CSRF_COOKIE: &str = "cc2i_csrf";

fn document() -> Option<wasm_bindgen::JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .map(wasm_bindgen::JsValue::from)
}

/// The session's CSRF token, if the browser holds a session.
pub fn csrf_token() -> Option<String> {
    let cookies = js_sys::Reflect::get(&document()?, &"cookie".into())
        .ok()?
        .as_string()?;
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, value)| *name == CSRF_COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

/// Forgets the session on this page (the server ends it and clears its cookies itself).
pub fn forget() {
    if let Some(document) = document() {
        let _ = js_sys::Reflect::set(
            &document,
            &"cookie".into(),
            &format!("{CSRF_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax").into(),
        );
    }
}

/// Whether someone is signed in, and whether their session has just ended.
#[derive(Clone, PartialEq)]
pub struct Session {
    started_at: Option<f64>,
    /// True when the session ended by expiry or because the API refused it.
    pub ended: bool,
}

impl Session {
    fn load() -> Self {
        Session {
            started_at: csrf_token().map(|_| 0.0),
            ended: false,
        }
    }

    /// Whether there is a session.
    pub fn signed_in(&self) -> bool {
        self.started_at.is_some()
    }

    /// A value that changes with every sign-in and sign-out (effects that load who is signed
    /// in run again on it).
    pub fn started_at(&self) -> Option<f64> {
        self.started_at
    }
}

/// What can happen to a session.
pub enum SessionAction {
    /// The API started a session (its cookies are set).
    SignIn,
    /// The user chose to sign out.
    SignOut,
    /// The session expired or the API refused it.
    End,
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        match action {
            SessionAction::SignIn => Rc::new(Session {
                started_at: Some(js_sys::Date::now()),
                ended: false,
            }),
            // The API clears the cookies when it ends the session (see `sign_out`).
            SessionAction::SignOut => Rc::new(Session {
                started_at: None,
                ended: false,
            }),
            // A request refused while signing out says nothing new.
            SessionAction::End if self.started_at.is_none() => self,
            SessionAction::End => {
                forget();
                Rc::new(Session {
                    started_at: None,
                    ended: true,
                })
            }
        }
    }
}

/// The session as pages see it.
pub type SessionHandle = UseReducerHandle<Session>;

/// The current session; needs [`SessionProvider`] above.
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("SessionProvider wraps every page")
}

/// Signs in to a browser session (the API sets its cookies).
pub async fn sign_in(session: &SessionHandle, login: &Login) -> Result<(), ClientError> {
    // The answer's CSRF token is in its cookie too, which is where it is read from.
    let _: serde::de::IgnoredAny = request(Method::POST, "/auth/session", Some(login)).await?;
    session.dispatch(SessionAction::SignIn);
    Ok(())
}

/// Signs out: the page counts as signed out at once (so requests still under way that the
/// ended session fails do not send the user to sign in), then the API ends the session and
/// clears its cookies.
pub async fn sign_out(session: &SessionHandle) {
    session.dispatch(SessionAction::SignOut);
    if csrf_token().is_some() {
        // Already ended (401) is as good as ended now.
        let _ = request::<()>(Method::DELETE, "/auth/session", NO_BODY).await;
    }
    forget();
}

/// Ends the session if `error` says the API no longer accepts it.
pub fn end_if_signed_out(session: &SessionHandle, error: &ClientError) {
    if matches!(error, ClientError::SignedOut) {
        session.dispatch(SessionAction::End);
    }
}

/// Props for components that only wrap children.
#[derive(Properties, PartialEq)]
pub struct ChildrenProps {
    /// What to show.
    pub children: Html,
}

/// Provides the session and sends the user to sign in when it ends.
#[function_component]
pub fn SessionProvider(props: &ChildrenProps) -> Html {
    let session = use_reducer(Session::load);
    let navigator = use_navigator();

    use_effect_with(session.ended, move |ended| {
        if let (true, Some(navigator)) = (*ended, navigator) {
            navigator.push(&Route::SignIn);
        }
    });

    html! {
        <ContextProvider<SessionHandle> context={session}>
            { props.children.clone() }
        </ContextProvider<SessionHandle>>
    }
}

/// Shows its children only to a signed-in user; sends anyone else to sign in.
#[function_component]
pub fn RequireSignIn(props: &ChildrenProps) -> Html {
    let session = use_session();
    // The cookie is set as soon as a session starts, so it is also checked in case this
    // renders before the context catches up.
    if session.signed_in() || csrf_token().is_some() {
        props.children.clone()
    } else {
        html! { <Redirect to={Route::SignIn} /> }
    }
}
