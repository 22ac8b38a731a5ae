//! A small router over the browser's history: the current [`Location`] as a context, a
//! [`Navigator`] that pushes history entries (with an optional in-memory state, as a flash
//! message), and a [`Redirect`]. It behaves as yew-router's `BrowserRouter` did for this app,
//! without its generic route matching (see [`crate::app::Route`] for the paths).

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::app::Route;

thread_local! {
    /// The states pushed with history entries, by the id kept in the entry's `history.state`
    /// (a list rather than a map: one map type less in every bundle).
    static STATES: RefCell<Vec<(u32, Rc<dyn Any>)>> = const { RefCell::new(Vec::new()) };
    /// The id of the next history entry.
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
    /// Tells the [`Router`] that the location changed.
    static CHANGED: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

/// Where the browser is: path, query string and the state pushed with the history entry.
#[derive(Clone)]
pub struct Location {
    path: String,
    query_str: String,
    state: Option<Rc<dyn Any>>,
}

impl Location {
    fn current() -> Self {
        let window = web_sys::window();
        let location = window.as_ref().map(web_sys::Window::location);
        let id = window
            .and_then(|w| w.history().ok())
            .and_then(|h| h.state().ok())
            .and_then(|s| s.as_f64());
        Location {
            path: location
                .as_ref()
                .and_then(|l| l.pathname().ok())
                .unwrap_or_default(),
            query_str: location.and_then(|l| l.search().ok()).unwrap_or_default(),
            state: id.and_then(|id| {
                STATES.with(|s| {
                    let states = s.borrow();
                    let found = states.iter().find(|(key, _)| f64::from(*key) == id);
                    found.map(|(_, state)| state.clone())
                })
            }),
        }
    }

    /// The path, as in the address bar.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query string decoded into `T`.
    pub fn query<T: DeserializeOwned>(&self) -> Result<T, serde_urlencoded::de::Error> {
        serde_urlencoded::from_str(self.query_str.strip_prefix('?').unwrap_or(""))
    }

    /// The state pushed with this history entry, when it is a `T`.
    pub fn state<T: 'static>(&self) -> Option<Rc<T>> {
        self.state.clone().and_then(|s| s.downcast().ok())
    }
}

/// The location as a context; every navigation makes a new one.
#[derive(Clone)]
struct LocationContext {
    location: Location,
    count: u32,
}

impl PartialEq for LocationContext {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count
    }
}

/// Goes to another page of the app by pushing a history entry.
#[derive(Clone, PartialEq)]
pub struct Navigator;

impl Navigator {
    fn go(&self, url: &str, state: Option<Rc<dyn Any>>) {
        let id = NEXT_ID.with(|n| {
            let id = n.get();
            n.set(id.wrapping_add(1));
            id
        });
        if let Some(state) = state {
            STATES.with(|s| s.borrow_mut().push((id, state)));
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&JsValue::from(id), "", Some(url));
        }
        notify();
    }

    /// Goes to a page.
    pub fn push(&self, route: &Route) {
        self.go(&route.to_path(), None);
    }

    /// Goes to a page, with a state for it (see [`Location::state`]).
    pub fn push_with_state<T: 'static>(&self, route: &Route, state: T) {
        self.go(&route.to_path(), Some(Rc::new(state)));
    }

    /// Goes to a page with a query string.
    pub fn push_with_query<Q: Serialize>(
        &self,
        route: &Route,
        query: &Q,
    ) -> Result<(), serde_urlencoded::ser::Error> {
        let query = serde_urlencoded::to_string(query)?;
        let mut url = route.to_path();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        self.go(&url, None);
        Ok(())
    }
}

fn notify() {
    if let Some(changed) = CHANGED.with(|c| c.borrow().clone()) {
        changed.emit(());
    }
}

/// The navigator (always there inside the [`Router`]).
#[hook]
pub fn use_navigator() -> Option<Navigator> {
    Some(Navigator)
}

/// The current location.
#[hook]
pub fn use_location() -> Option<Location> {
    use_context::<LocationContext>().map(|c| c.location)
}

/// The current route.
#[hook]
pub fn use_route() -> Option<Route> {
    let location = use_location()?;
    Route::recognize(location.path())
}

/// Props for [`Router`].
#[derive(Properties, PartialEq)]
pub struct RouterProps {
    /// The app.
    pub children: Html,
}

/// Provides the location to the app and follows the browser's back and forward buttons.
#[function_component]
pub fn Router(props: &RouterProps) -> Html {
    let context = use_state(|| LocationContext {
        location: Location::current(),
        count: 0,
    });
    {
        let context = context.clone();
        let count = Rc::new(Cell::new(0_u32));
        let first = context.location.clone();
        use_effect_with((), move |()| {
            let changed = Callback::from(move |()| {
                count.set(count.get() + 1);
                context.set(LocationContext {
                    location: Location::current(),
                    count: count.get(),
                });
            });
            CHANGED.with(|c| *c.borrow_mut() = Some(changed));
            // Effects run children first: a page that navigated as soon as it rendered (a
            // `Redirect`) did so before this listened, so catch up with where it went.
            let now = Location::current();
            if (now.path, now.query_str) != (first.path, first.query_str) {
                notify();
            }
            let listener = Closure::<dyn Fn()>::new(notify);
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback(
                    "popstate",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback(
                        "popstate",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                CHANGED.with(|c| *c.borrow_mut() = None);
            }
        });
    }
    html! {
        <ContextProvider<LocationContext> context={(*context).clone()}>
            { props.children.clone() }
        </ContextProvider<LocationContext>>
    }
}

/// Goes to a page as soon as it renders.
#[derive(Properties, PartialEq)]
pub struct RedirectProps {
    /// The page.
    pub to: Route,
}

/// Goes to a page as soon as it renders.
#[function_component]
pub fn Redirect(props: &RedirectProps) -> Html {
    let to = props.to.clone();
    use_effect(move || Navigator.push(&to));
    Html::default()
}

/// A path segment with `%XX` escapes decoded; `None` when that is not UTF-8.
pub fn decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A value for a path segment: every byte but ASCII letters, digits and `-_.~` as `%XX`.
pub fn encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}
