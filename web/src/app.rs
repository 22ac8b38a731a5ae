//! The routes, the page layout around them and the one `switch` that picks a page.

use std::cell::{Cell, RefCell};

use gloo_net::http::Method;
use gloo_storage::{SessionStorage, Storage};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, NO_BODY};
use crate::bundles::Pages;
use crate::case_draft::CaseSection;
use crate::components::footer::{footer, FooterProps};
use crate::components::header::{header, HeaderProps};
use crate::pages;
use crate::router::{use_location, use_route, Location, Router};
use crate::session::{use_session, SessionProvider};
use crate::viewer::{is_platform_admin, load_viewer, manages_any};

/// Every page of the app (addresses in `route_paths`).
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// What CC2i is, and the ideas open for pledges.
    Home,
    /// Create an account.
    Register,
    /// Sign in.
    SignIn,
    /// Sign in through one's organisation's identity provider (`?sso_error=` after a
    /// failure there).
    SsoSignIn,
    /// Sign out.
    SignOut,
    /// Confirm an email address from the emailed link (`?token=`).
    VerifyEmail,
    /// Ask for a link to reset a forgotten password.
    ForgottenPassword,
    /// Choose a new password from the emailed link (`?token=`).
    ResetPassword,
    /// The signed-in user's account.
    Account,
    /// Add an authenticator app to one's account.
    AuthenticatorApp,
    /// `/account/passkeys`: passkeys and security keys.
    Passkeys,
    /// Use a second factor again before an action on money or authority.
    StepUp,
    /// Browse organisations.
    Organisations,
    /// Register an organisation.
    NewOrganisation,
    /// One organisation.
    Organisation {
        /// The organisation's id.
        id: String,
    },
    /// Browse public ideas in every status.
    Ideas,
    /// Post an idea: choose the organisation and give the details.
    NewIdea,
    /// One idea: its campaign, key facts and description, and pledging.
    Idea {
        /// The idea's id.
        id: String,
    },
    /// Pledge to an open idea, or change or withdraw a pledge.
    Pledge {
        /// The idea's id.
        id: String,
    },
    /// An idea's current business case in full, with its version history.
    BusinessCase {
        /// The idea's id.
        id: String,
    },
    /// An idea's questions and answers and its updates.
    IdeaDiscussion {
        /// The idea's id.
        id: String,
    },
    /// Everything that changed an idea's pledges.
    FundingHistory {
        /// The idea's id.
        id: String,
    },
    /// Who was told about an idea when it was published, and who has pledged since.
    Audience {
        /// The idea's id.
        id: String,
    },
    /// Invite organisations and people to an idea, and see who has been invited.
    Invitations {
        /// The idea's id.
        id: String,
    },
    /// The funders' backlog: requirements ranked by votes.
    Backlog {
        /// The idea's id.
        id: String,
    },
    /// Change a draft idea's details.
    EditIdea {
        /// The idea's id.
        id: String,
    },
    /// The task list for writing the business case and submitting the idea.
    IdeaTasks {
        /// The idea's id.
        id: String,
    },
    /// Check the whole business case and save it.
    CheckAnswers {
        /// The idea's id.
        id: String,
    },
    /// One section of the business case.
    CaseTask {
        /// The idea's id.
        id: String,
        /// Which section.
        section: CaseSection,
    },
    /// Confirmation that an idea was submitted for review.
    IdeaSubmitted {
        /// The idea's id.
        id: String,
    },
    /// An idea's delivery: milestones, the funders' decisions and payments.
    Delivery {
        /// The idea's id.
        id: String,
    },
    /// Delivered services others can adopt.
    Catalogue,
    /// Adopt a delivered service.
    Adopt {
        /// The idea's id.
        id: String,
    },
    /// What an organisation has funded, what it cost and what came back.
    Funded {
        /// The organisation's id.
        id: String,
    },
    /// An organisation's audit log (owners and admins; platform staff).
    AuditLog {
        /// The organisation's id.
        id: String,
    },
    /// The whole audit log (platform staff).
    AdminAuditLog,
    /// An organisation's single sign-on settings (owners change them; admins look).
    SingleSignOn {
        /// The organisation's id.
        id: String,
    },
    /// An organisation's webhooks (owners and admins).
    Webhooks {
        /// The organisation's id.
        id: String,
    },
    /// One webhook's deliveries log.
    WebhookDeliveries {
        /// The organisation's id.
        id: String,
        /// The webhook's id.
        webhook_id: String,
    },
    /// An organisation's API keys, for its owners and admins.
    ApiKeys {
        /// The organisation's id.
        id: String,
    },
    /// Pledges waiting for approval by the viewer's organisations.
    Approvals,
    /// The signed-in user's notifications.
    Notifications,
    /// Ideas waiting for review by platform staff.
    ReviewQueue,
    /// Reported and hidden questions and updates, for platform staff.
    Moderation,
    /// Anything else.
    NotFound,
}

/// Asks the header to count unread notifications again, for pages that change the count
/// without navigating (such as "Mark all as read").
#[derive(Clone, PartialEq)]
pub struct UnreadRefresh(pub Callback<()>);

/// A one-off message for the next page, carried in the history entry's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Flash(pub AttrValue);

/// The id of an input the next page should move focus to, carried in the history entry's
/// state (from an error summary on another page).
#[derive(Clone, Debug, PartialEq)]
pub struct FocusField(pub AttrValue);

/// A flash message or field to focus carried over a full page load: (path it is for, flash,
/// field).
type Carried = (String, Option<String>, Option<String>);

thread_local! {
    /// The pages of the bundle that is running, set once by [`start`].
    static PAGES: Cell<Option<Pages>> = const { Cell::new(None) };
    /// The path the page was loaded at.
    static LOADED_AT: RefCell<String> = const { RefCell::new(String::new()) };
    /// What was carried to this page from another bundle.
    static CARRIED: RefCell<Option<Carried>> = const { RefCell::new(None) };
}

const CARRY_KEY: &str = "cc2i.carried";

fn pathname() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Renders the app with the pages of one bundle.
pub fn start(pages: Pages) {
    PAGES.with(|p| p.set(Some(pages)));
    let here = pathname();
    if let Ok((path, flash, focus)) = SessionStorage::get::<Carried>(CARRY_KEY) {
        SessionStorage::delete(CARRY_KEY);
        if path == here {
            CARRIED.with(|c| *c.borrow_mut() = Some((path, flash, focus)));
        }
    }
    LOADED_AT.with(|l| *l.borrow_mut() = here);
    yew::Renderer::<App>::new().render();
}

/// The flash message for this page: from the history entry, or carried from another bundle.
pub fn flash(location: Option<&Location>) -> Option<AttrValue> {
    location
        .and_then(|l| l.state::<Flash>())
        .map(|flash| flash.0.clone())
        .or_else(|| take_carried(|(_, flash, _)| flash.take()))
}

/// The field this page should focus: from the history entry, or carried from another bundle.
pub fn focus_field(location: Option<&Location>) -> Option<AttrValue> {
    location
        .and_then(|l| l.state::<FocusField>())
        .map(|field| field.0.clone())
        .or_else(|| take_carried(|(_, _, focus)| focus.take()))
}

fn take_carried(pick: impl FnOnce(&mut Carried) -> Option<String>) -> Option<AttrValue> {
    let here = pathname();
    CARRIED.with(|c| {
        c.borrow_mut()
            .as_mut()
            .filter(|carried| carried.0 == here)
            .and_then(pick)
            .map(AttrValue::from)
    })
}

fn switch(route: Route) -> Html {
    match PAGES.with(Cell::get).and_then(|pages| (pages.0)(&route)) {
        Some(page) => page,
        None => html! { <Elsewhere /> },
    }
}

/// A route another bundle holds: the page is loaded in full, which fetches that bundle. Any
/// flash message or field to focus goes along in session storage. A page loaded in full that
/// this bundle cannot show (`web/boot.js` and `bundles` disagree) is not found, not reloaded.
#[function_component]
fn Elsewhere() -> Html {
    let location = use_location();
    let here = pathname();
    let loaded_here = LOADED_AT.with(|l| *l.borrow() == here);
    use_effect_with(here.clone(), move |here| {
        if !loaded_here {
            let flash = flash(location.as_ref()).map(|f| f.to_string());
            let focus = focus_field(location.as_ref()).map(|f| f.to_string());
            if flash.is_some() || focus.is_some() {
                let _ = SessionStorage::set(CARRY_KEY, (here.clone(), flash, focus));
            }
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    });
    if loaded_here {
        html! { <pages::not_found::NotFound /> }
    } else {
        html! { <p class="govuk-body">{ "Loading…" }</p> }
    }
}

/// The app: router, session, layout.
#[function_component]
pub fn App() -> Html {
    html! {
        <Router>
            <SessionProvider>
                <Layout />
            </SessionProvider>
        </Router>
    }
}

/// The one field of the notification feed the header shows (decoding the whole feed would put
/// the notifications' decoder in every bundle).
#[derive(serde::Deserialize)]
struct UnreadCount {
    unread_count: i64,
}

/// Skip link, header, main content and footer, as in the GOV.UK page template.
#[function_component]
fn Layout() -> Html {
    let session = use_session();
    let route = use_route();
    let platform_admin = use_state(|| false);
    let approver = use_state(|| false);
    let unread = use_state(|| None::<i64>);
    let recount = use_state(|| 0_u32);
    let refresh = {
        let recount = recount.clone();
        UnreadRefresh(Callback::from(move |()| recount.set(*recount + 1)))
    };

    // A new page starts at the top, as it would after a full page load.
    use_effect_with(route.clone(), |_| {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });

    // Platform staff get a link to the review queue, owners and admins one to approvals; each
    // new session asks who is signed in.
    use_effect_with(session.started_at(), {
        let (session, platform_admin, approver) =
            (session.clone(), platform_admin.clone(), approver.clone());
        move |_| {
            spawn_local(async move {
                let viewer = load_viewer(&session).await;
                platform_admin.set(is_platform_admin(viewer.as_ref()));
                approver.set(manages_any(viewer.as_ref()));
            });
        }
    });

    // The unread count is asked for again on every page, so it follows what the user reads.
    use_effect_with((route.clone(), session.started_at(), *recount), {
        let unread = unread.clone();
        move |(_, expires_at, _)| {
            if expires_at.is_none() {
                unread.set(None);
                return;
            }
            spawn_local(async move {
                let feed = request::<UnreadCount>(Method::GET, "/notifications?limit=1", NO_BODY)
                    .await
                    .ok();
                unread.set(feed.map(|f| f.unread_count));
            });
        }
    });

    html! {
        <>
            <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
                { "Skip to main content" }
            </a>
            { header(&yew::props!(HeaderProps {
                signed_in: session.signed_in(),
                platform_admin: *platform_admin && session.signed_in(),
                approver: *approver && session.signed_in(),
                unread: *unread,
                current: route.clone(),
            })) }
            <div class="govuk-width-container">
                <main class="govuk-main-wrapper" id="main-content">
                    <ContextProvider<UnreadRefresh> context={refresh}>
                        { switch(route.clone().unwrap_or(Route::NotFound)) }
                    </ContextProvider<UnreadRefresh>>
                </main>
            </div>
            { footer(&yew::props!(FooterProps {
                signed_in: session.signed_in(),
            })) }
        </>
    }
}
