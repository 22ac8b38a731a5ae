//! "Forgotten your password?": ask for a reset link. The answer is the same whether or not the
//! address has an account.

use cc2i_shared::account::{CheckEmail, RequestPasswordReset};
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::request;
use crate::components::check_email::check_email;
use crate::components::error_summary::ErrorSummary;
use crate::components::text_input::{text_input, TextInputProps};
use crate::form_errors::{FormErrors, FormSpec};
use crate::title::use_title;

const SPEC: FormSpec = FormSpec {
    fields: &[("email", "Email address")],
    codes: &[],
};

/// The email address form, then "Check your email".
#[function_component]
pub fn ForgottenPassword() -> Html {
    let email = use_state(String::new);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let sent = use_state(|| None::<String>);
    use_title(
        if sent.is_some() {
            "Check your email"
        } else {
            "Reset your password"
        },
        !errors.is_empty(),
    );
    let onsubmit = {
        let (email, errors, busy, sent) =
            (email.clone(), errors.clone(), busy.clone(), sent.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(FormErrors::default());
            let body = RequestPasswordReset {
                email: email.trim().to_owned(),
            };
            let (errors, busy, sent) = (errors.clone(), busy.clone(), sent.clone());
            spawn_local(async move {
                match request::<CheckEmail>(Method::POST, "/auth/password-reset", Some(&body)).await
                {
                    Ok(answer) => sent.set(Some(answer.message)),
                    Err(error) => {
                        errors.set(FormErrors::from_error(&error, &SPEC).when_blank(
                            "email",
                            &body.email,
                            "Enter your email address",
                        ));
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
                <h1 class="govuk-heading-l">{ "Reset your password" }</h1>
                <p class="govuk-body">
                    { "Enter the email address you sign in with. We will email you a link to choose a new password; it works for 30 minutes." }
                </p>
                <form novalidate=true {onsubmit}>
                    { text_input(&yew::props!(TextInputProps {
                        id: "email",
                        label: "Email address",
                        input_type: "email",
                        autocomplete: "email",
                        value: AttrValue::from((*email).clone()),
                        oninput: Callback::from(move |v| email.set(v)),
                        error: errors.field("email"),
                    })) }
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        { "Send the link" }
                    </button>
                </form>
            </div>
        </div>
    }
}
