//! The signed-in person's invitations to join organisations, each with "Accept" and
//! "Decline" (they are not a member until they accept).

use cc2i_shared::membership::MembershipInvitation;
use gloo_net::http::Method;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{request, NO_BODY};
use crate::dates::long_date;
use crate::form_errors::{FormErrors, FormSpec};
use crate::loading::use_loaded;

const SPEC: FormSpec = FormSpec {
    fields: &[],
    codes: &[(
        "invitation_expired",
        None,
        "This invitation has lapsed: ask the organisation to invite you again",
    )],
};

/// Props of [`MembershipInvitations`].
#[derive(Properties, PartialEq)]
pub struct MembershipInvitationsProps {
    /// Called with what happened once an invitation is answered.
    pub onanswered: Callback<String>,
    /// Called with what went wrong.
    pub onerror: Callback<FormErrors>,
}

/// "Invitations to join", shown only when there are some.
#[function_component]
pub fn MembershipInvitations(props: &MembershipInvitationsProps) -> Html {
    let list = use_loaded((), |()| {
        request::<Vec<MembershipInvitation>>(Method::GET, "/me/membership-invitations", NO_BODY)
    });
    let busy = use_state(|| false);
    let Some(Ok(invitations)) = &*list else {
        return html! {};
    };
    if invitations.is_empty() {
        return html! {};
    }
    let answer = |invitation: &MembershipInvitation, accept: bool| {
        let (busy, onanswered, onerror) = (
            busy.clone(),
            props.onanswered.clone(),
            props.onerror.clone(),
        );
        let (id, organisation, role) = (
            invitation.id.clone(),
            invitation.organisation_name.clone(),
            invitation.role.label().to_ascii_lowercase(),
        );
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, onanswered, onerror) = (busy.clone(), onanswered.clone(), onerror.clone());
            let (id, organisation, role) = (id.clone(), organisation.clone(), role.clone());
            spawn_local(async move {
                let verb = if accept { "accept" } else { "decline" };
                let path = format!("/me/membership-invitations/{id}/{verb}");
                let done = request::<serde::de::IgnoredAny>(Method::POST, &path, Some(&())).await;
                busy.set(false);
                match done {
                    Ok(_) if accept => {
                        onanswered.emit(format!("You have joined {organisation} as {role}"))
                    }
                    Ok(_) => onanswered.emit(format!(
                        "You have declined the invitation to join {organisation}"
                    )),
                    Err(error) => onerror.emit(FormErrors::from_error(&error, &SPEC)),
                }
            });
        })
    };
    html! {
        <>
            <h2 class="govuk-heading-m" id="invitations">{ "Invitations to join" }</h2>
            { for invitations.iter().map(|invitation| html! {
                <div class="govuk-summary-card">
                    <div class="govuk-summary-card__title-wrapper">
                        <h3 class="govuk-summary-card__title">{ &invitation.organisation_name }</h3>
                    </div>
                    <div class="govuk-summary-card__content">
                        <dl class="govuk-summary-list">
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{ "Role" }</dt>
                                <dd class="govuk-summary-list__value">{ invitation.role.label() }</dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{ "Invited by" }</dt>
                                <dd class="govuk-summary-list__value">{ &invitation.invited_by }</dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{ "Answer by" }</dt>
                                <dd class="govuk-summary-list__value">{ long_date(&invitation.expires_at) }</dd>
                            </div>
                        </dl>
                        <div class="govuk-button-group">
                            <button type="button" class="govuk-button" data-module="govuk-button" onclick={answer(invitation, true)}>
                                { "Accept" }<span class="govuk-visually-hidden">{ format!(" the invitation to join {}", invitation.organisation_name) }</span>
                            </button>
                            <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onclick={answer(invitation, false)}>
                                { "Decline" }<span class="govuk-visually-hidden">{ format!(" the invitation to join {}", invitation.organisation_name) }</span>
                            </button>
                        </div>
                    </div>
                </div>
            }) }
        </>
    }
}
