//! The sign-in session: the bearer token and its expiry in local storage, shared with every
//! page through a context. An expired token is dropped and the user sent to sign in; so is a
//! token the API refuses.

use std::rc::Rc;

use crate::router::*;
use cc2i_shared::{AccessToken, Login};
use gloo_net::http::Method;
use gloo_storage::{LocalStorage, Storage};
use gloo_timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::api::{request, ClientError};
use crate::app::Route;

const STORAGE_KEY: &str = "cc2i.session";

/// The token as kept in local storage.
#[derive(Serialize, Deserialize)]
struct StoredToken {
    token: String,
    /// Milliseconds since the Unix epoch.
    expires_at: f64,
}

/// Reads the stored token; `Err(())` when there was one but it has expired (it is then removed).
fn stored_token() -> Result<Option<StoredToken>, ()> {
    match LocalStorage::get::<StoredToken>(STORAGE_KEY) {
        Ok(stored) if stored.expires_at > js_sys::Date::now() => Ok(Some(stored)),
        Ok(_) => {
            LocalStorage::delete(STORAGE_KEY);
            Err(())
        }
        Err(_) => Ok(None),
    }
}

/// The token to send as `Authorization: Bearer`, if a session is live.
pub fn bearer() -> Option<String> {
    stored_token().ok().flatten().map(|stored| stored.token)
}

/// Forgets the stored token.
pub fn forget() {
    LocalStorage::delete(STORAGE_KEY);
}

/// Whether someone is signed in, and whether their session has just ended.
#[derive(Clone, PartialEq)]
pub struct Session {
    expires_at: Option<f64>,
    /// True when the session ended by expiry or because the API refused the token.
    pub ended: bool,
}

impl Session {
    fn load() -> Self {
        match stored_token() {
            Ok(stored) => Session {
                expires_at: stored.map(|s| s.expires_at),
                ended: false,
            },
            Err(()) => Session {
                expires_at: None,
                ended: true,
            },
        }
    }

    /// Whether there is a live token.
    pub fn signed_in(&self) -> bool {
        self.expires_at.is_some()
    }

    /// When the live token expires (milliseconds since the Unix epoch); a new sign-in
    /// changes it.
    pub fn expires_at(&self) -> Option<f64> {
        self.expires_at
    }
}

/// What can happen to a session.
pub enum SessionAction {
    /// The API issued a token.
    SignIn(AccessToken),
    /// The user chose to sign out.
    SignOut,
    /// The token expired or the API refused it.
    End,
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        match action {
            SessionAction::SignIn(token) => {
                let stored = StoredToken {
                    token: token.access_token,
                    expires_at: js_sys::Date::now() + token.expires_in as f64 * 1000.0,
                };
                let expires_at = Some(stored.expires_at);
                // Without storage (a blocked or full quota) requests go out unsigned, the API
                // answers 401 and the user sees they must sign in; nothing better can be done.
                if LocalStorage::set(STORAGE_KEY, stored).is_err() {
                    return Rc::new(Session {
                        expires_at: None,
                        ended: true,
                    });
                }
                Rc::new(Session {
                    expires_at,
                    ended: false,
                })
            }
            SessionAction::SignOut => {
                forget();
                Rc::new(Session {
                    expires_at: None,
                    ended: false,
                })
            }
            SessionAction::End => {
                forget();
                Rc::new(Session {
                    expires_at: None,
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

/// Asks the API for a token and starts a session with it.
pub async fn sign_in(session: &SessionHandle, login: &Login) -> Result<(), ClientError> {
    let token: AccessToken = request(Method::POST, "/auth/login", Some(login)).await?;
    session.dispatch(SessionAction::SignIn(token));
    Ok(())
}

/// Ends the session if `error` says the API no longer accepts its token.
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

/// Provides the session, ends it when its token expires and then sends the user to sign in.
#[function_component]
pub fn SessionProvider(props: &ChildrenProps) -> Html {
    let session = use_reducer(Session::load);
    let navigator = use_navigator();

    use_effect_with(session.expires_at, {
        let session = session.clone();
        move |expires_at| {
            let timer = expires_at.map(|at| {
                let wait = (at - js_sys::Date::now()).clamp(0.0, f64::from(i32::MAX)) as u32;
                Timeout::new(wait, move || session.dispatch(SessionAction::End))
            });
            move || drop(timer)
        }
    });

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
    // Storage is written as soon as a token arrives, so it is also checked in case this renders
    // before the context catches up.
    if session.signed_in() || bearer().is_some() {
        props.children.clone()
    } else {
        html! { <Redirect to={Route::SignIn} /> }
    }
}
