//! Creating an account: the new person is asked to confirm their address through the link
//! CC2i emails them.

use cc2i_shared::account::CheckEmail;
use cc2i_shared::RegisterUser;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::request;
use crate::app::Route;
use crate::components::check_email::check_email;
use crate::components::error_summary::ErrorSummary;
use crate::components::route_link::RouteLink;
use crate::components::text_input::{text_input, TextInputProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[
        ("display_name", "Full name"),
        ("email", "Email address"),
        ("password", "Password"),
    ],
    codes: &[],
};

/// Full name, email address and password; then "Check your email".
#[function_component]
pub fn Register() -> Html {
    let display_name = use_state(String::new);
    let email = use_state(String::new);
    let password = use_state(String::new);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let sent = use_state(|| None::<String>);
    use_title(
        if sent.is_some() {
            "Check your email"
        } else {
            "Create an account"
        },
        !errors.is_empty(),
    );

    let onsubmit = {
        let (display_name, email, password) =
            (display_name.clone(), email.clone(), password.clone());
        let (errors, busy, sent) = (errors.clone(), busy.clone(), sent.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            let user = RegisterUser {
                email: email.trim().to_owned(),
                password: (*password).clone(),
                display_name: display_name.trim().to_owned(),
            };
            let (errors, busy, sent) = (errors.clone(), busy.clone(), sent.clone());
            spawn_local(async move {
                match request::<CheckEmail>(Method::POST, "/auth/register", Some(&user)).await {
                    Ok(answer) => sent.set(Some(answer.message)),
                    Err(error) => {
                        errors.set(
                            FormErrors::from_error(&error, &SPEC)
                                .when_blank(
                                    "display_name",
                                    &user.display_name,
                                    "Enter your full name",
                                )
                                .when_blank("email", &user.email, "Enter your email address")
                                .when_blank("password", &user.password, "Enter a password"),
                        );
                        busy.set(false);
                    }
                }
            });
        })
    };

    if let Some(message) = &*sent {
        return check_email(message);
    }
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors={(*errors).clone()} />
                <h1 class="govuk-heading-l">{ "Create an account" }</h1>
                <p class="govuk-body">
                    { "You need an account to register an organisation or to act for one." }
                </p>
                <form novalidate=true {onsubmit}>
                    { text_input(&yew::props!(TextInputProps {
                        id: "display_name",
                        label: "Full name",
                        autocomplete: "name",
                        value: AttrValue::from((*display_name).clone()),
                        oninput: Callback::from(move |v| display_name.set(v)),
                        error: errors.field("display_name"),
                    })) }
                    { text_input(&yew::props!(TextInputProps {
                        id: "email",
                        label: "Email address",
                        hint: "Use your work email address",
                        input_type: "email",
                        autocomplete: "email",
                        value: AttrValue::from((*email).clone()),
                        oninput: Callback::from(move |v| email.set(v)),
                        error: errors.field("email"),
                    })) }
                    { text_input(&yew::props!(TextInputProps {
                        id: "password",
                        label: "Create a password",
                        hint: "Use at least 12 characters. A phrase of 3 or more unrelated words is strong and easy to remember.",
                        input_type: "password",
                        autocomplete: "new-password",
                        value: AttrValue::from((*password).clone()),
                        oninput: Callback::from(move |v| password.set(v)),
                        error: errors.field("password"),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Create account" }
                    </button>
                </form>
                <p class="govuk-body">
                    { "Already have an account? " }
                    <RouteLink to={Route::SignIn}>{ "Sign in" }</RouteLink>
                </p>
            </div>
        </div>
    }
}
