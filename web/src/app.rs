//! The routes, the page layout around them and the one `switch` that picks a page.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::pages;
use crate::session::{use_session, RequireSignIn, SessionProvider};

/// Every page of the app.
#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    /// What CC2i is.
    #[at("/")]
    Home,
    /// Create an account.
    #[at("/register")]
    Register,
    /// Sign in.
    #[at("/sign-in")]
    SignIn,
    /// Sign out.
    #[at("/sign-out")]
    SignOut,
    /// The signed-in user's account.
    #[at("/account")]
    Account,
    /// Browse organisations.
    #[at("/organisations")]
    Organisations,
    /// Register an organisation.
    #[at("/organisations/new")]
    NewOrganisation,
    /// One organisation.
    #[at("/organisations/:id")]
    Organisation {
        /// The organisation's id.
        id: String,
    },
    /// Anything else.
    #[not_found]
    #[at("/page-not-found")]
    NotFound,
}

/// A one-off message for the next page, carried in the history entry's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Flash(pub AttrValue);

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::Register => html! { <pages::register::Register /> },
        Route::SignIn => html! { <pages::sign_in::SignIn /> },
        Route::SignOut => html! { <pages::sign_out::SignOut /> },
        Route::Account => html! { <RequireSignIn><pages::account::Account /></RequireSignIn> },
        Route::Organisations => html! { <pages::organisations::Organisations /> },
        Route::NewOrganisation => html! {
            <RequireSignIn><pages::new_organisation::NewOrganisation /></RequireSignIn>
        },
        Route::Organisation { id } => html! {
            <pages::organisation::OrganisationPage key={id.as_str()} id={id.clone()} />
        },
        Route::NotFound => html! { <pages::not_found::NotFound /> },
    }
}

/// The app: router, session, layout.
#[function_component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <SessionProvider>
                <Layout />
            </SessionProvider>
        </BrowserRouter>
    }
}

/// Skip link, header, main content and footer, as in the GOV.UK page template.
#[function_component]
fn Layout() -> Html {
    let session = use_session();
    let route = use_route::<Route>();

    // A new page starts at the top, as it would after a full page load.
    use_effect_with(route.clone(), |_| {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });

    html! {
        <>
            <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
                { "Skip to main content" }
            </a>
            <Header signed_in={session.signed_in()} current={route} />
            <div class="govuk-width-container">
                <main class="govuk-main-wrapper" id="main-content">
                    <Switch<Route> render={switch} />
                </main>
            </div>
            <Footer signed_in={session.signed_in()} />
        </>
    }
}
