//! Confirming an email address from the link CC2i emailed: the page sends the link's token
//! (so a mail scanner that only fetches the link confirms nothing) and says how it went.

use cc2i_shared::account::{EmailVerified, VerifyEmail as VerifyBody};
use gloo_net::http::Method;
use serde::Deserialize;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::request;
use crate::app::Route;
use crate::components::panel::{panel, PanelProps};
use crate::components::route_link::RouteLink;
use crate::router::use_location;
use crate::title::use_title;

/// The link's query.
#[derive(Deserialize, Default)]
pub struct TokenQuery {
    /// The single-use token.
    #[serde(default)]
    pub token: String,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    Checking,
    Confirmed(String),
    Refused(String),
}

/// What a refused link means to the person.
pub fn link_problem(code: Option<&str>) -> &'static str {
    match code {
        Some("token_expired") => "This link has expired",
        Some("token_used") => "This link has already been used",
        _ => "This link does not work",
    }
}

/// Sends the token once, then shows "Email address confirmed" or why the link failed.
#[function_component]
pub fn VerifyEmail() -> Html {
    let location = use_location();
    let token = location
        .and_then(|l| l.query::<TokenQuery>().ok())
        .unwrap_or_default()
        .token;
    let outcome = use_state(|| Outcome::Checking);
    {
        let outcome = outcome.clone();
        use_effect_with(token, move |token| {
            let body = VerifyBody {
                token: token.clone(),
            };
            spawn_local(async move {
                match request::<EmailVerified>(Method::POST, "/auth/verify-email", Some(&body))
                    .await
                {
                    Ok(done) => outcome.set(Outcome::Confirmed(done.email)),
                    Err(error) => outcome.set(Outcome::Refused(link_problem(error.code()).into())),
                }
            });
        });
    }
    let title = match &*outcome {
        Outcome::Checking => "Confirming your email address",
        Outcome::Confirmed(_) => "Email address confirmed",
        Outcome::Refused(problem) => problem,
    }
    .to_string();
    use_title(&title, false);
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { match &*outcome {
                    Outcome::Checking => html! {
                        <h1 class="govuk-heading-l">{ title.clone() }</h1>
                    },
                    Outcome::Confirmed(email) => html! {
                        <>
                            { panel(&PanelProps {
                                title: "Email address confirmed".into(),
                                body: format!("Your CC2i account signs in with {email}").into(),
                            }) }
                            <p class="govuk-body">
                                { "You can now register an organisation, or join one when invited. " }
                                <RouteLink to={Route::SignIn}>{ "Sign in" }</RouteLink>
                                { " if you are not signed in, or go to " }
                                <RouteLink to={Route::Account}>{ "your account" }</RouteLink>
                                { "." }
                            </p>
                        </>
                    },
                    Outcome::Refused(problem) => html! {
                        <>
                            <h1 class="govuk-heading-l">{ problem.clone() }</h1>
                            <p class="govuk-body">
                                { "Links to confirm an email address work once, for 24 hours. Sign in and ask for a new link from " }
                                <RouteLink to={Route::Account}>{ "your account" }</RouteLink>
                                { "." }
                            </p>
                        </>
                    },
                } }
            </div>
        </div>
    }
}
