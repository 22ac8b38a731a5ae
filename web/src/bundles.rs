//! Which pages each wasm bundle holds. Every bundle knows every [`Route`] (links work
//! everywhere), but renders only its own pages; for any other route the app loads the page in
//! full, and `web/boot.js` picks the bundle that holds it (its table must agree with this one;
//! the every-route browser journey checks that each route renders its page).

use yew::prelude::*;

use crate::app::Route;
use crate::pages;
use crate::pages::case_task::SectionForms;
use crate::session::RequireSignIn;

/// The pages of one bundle: the page for a route, or `None` when another bundle holds it.
#[derive(Clone, Copy)]
pub struct Pages(pub(crate) fn(&Route) -> Option<Html>);

/// Home, signing in through one's organisation, and the not-found page.
pub const PUBLIC: Pages = Pages(public);
/// Registering, signing in and signing out; adding an authenticator app or a passkey, and
/// stepping up.
pub const SIGN_IN: Pages = Pages(sign_in);
/// Browsing organisations and the catalogue.
pub const BROWSE: Pages = Pages(browse);
/// Browsing ideas.
pub const IDEAS: Pages = Pages(ideas);
/// One idea's page.
pub const IDEA: Pages = Pages(idea);
/// An idea's business case and its versions.
pub const BUSINESS_CASE: Pages = Pages(business_case);
/// Pledging to an idea, and the pledges waiting for a second person to approve.
pub const PLEDGE: Pages = Pages(pledge);
/// An idea's questions and updates.
pub const DISCUSSION: Pages = Pages(discussion);
/// An idea's funding history.
pub const FUNDING: Pages = Pages(funding);
/// An idea's audience.
pub const AUDIENCE: Pages = Pages(audience);
/// Inviting organisations to an idea.
pub const INVITATIONS: Pages = Pages(invitations);
/// An idea's backlog.
pub const BACKLOG: Pages = Pages(backlog);
/// An idea's delivery.
pub const DELIVERY: Pages = Pages(delivery);
/// Adopting a delivered service.
pub const ADOPT: Pages = Pages(adopt);
/// An idea's task list and the submitted confirmation.
pub const CASE: Pages = Pages(case);
/// Posting an idea and changing its details.
pub const DETAILS: Pages = Pages(details);
/// Checking a whole business case.
pub const ANSWERS: Pages = Pages(answers);
/// The strategic, economic and commercial sections of the business case.
pub const SECTION: Pages = Pages(section);
/// The financial and management sections and the terms of the business case.
pub const SECTION_MORE: Pages = Pages(section_more);
/// One organisation.
pub const ORGANISATION: Pages = Pages(organisation);
/// Registering an organisation, and what an organisation has funded.
pub const FUNDED: Pages = Pages(funded);
/// The signed-in user's account, approvals and notifications.
pub const ACCOUNT: Pages = Pages(account);
/// An organisation's webhooks and single sign-on.
pub const INTEGRATIONS: Pages = Pages(integrations);
/// An organisation's API keys.
pub const API_KEYS: Pages = Pages(api_keys);
/// The audit log: an organisation's, and the whole log for platform staff.
pub const AUDIT: Pages = Pages(audit);
/// Platform staff: the review queue and moderation.
pub const ADMIN: Pages = Pages(admin);

fn signed_in(page: Html) -> Option<Html> {
    Some(html! { <RequireSignIn>{ page }</RequireSignIn> })
}

fn public(route: &Route) -> Option<Html> {
    Some(match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::NotFound => html! { <pages::not_found::NotFound /> },
        Route::SsoSignIn => html! { <pages::sso_sign_in::SsoSignIn /> },
        _ => return None,
    })
}

fn sign_in(route: &Route) -> Option<Html> {
    Some(match route {
        Route::Register => html! { <pages::register::Register /> },
        Route::SignIn => html! { <pages::sign_in::SignIn /> },
        Route::SignOut => html! { <pages::sign_out::SignOut /> },
        Route::VerifyEmail => html! { <pages::verify_email::VerifyEmail /> },
        Route::ForgottenPassword => html! { <pages::forgotten_password::ForgottenPassword /> },
        Route::ResetPassword => html! { <pages::reset_password::ResetPassword /> },
        // Second factors share the code step with signing in.
        Route::AuthenticatorApp => {
            return signed_in(html! { <pages::authenticator_app::AuthenticatorApp /> })
        }
        Route::StepUp => return signed_in(html! { <pages::step_up::StepUp /> }),
        Route::Passkeys => return signed_in(html! { <pages::passkeys::Passkeys /> }),
        _ => return None,
    })
}

fn browse(route: &Route) -> Option<Html> {
    Some(match route {
        Route::Organisations => html! { <pages::organisations::Organisations /> },
        Route::Catalogue => html! { <pages::catalogue::Catalogue /> },
        _ => return None,
    })
}

fn ideas(route: &Route) -> Option<Html> {
    match route {
        Route::Ideas => Some(html! { <pages::ideas::Ideas /> }),
        _ => None,
    }
}

fn idea(route: &Route) -> Option<Html> {
    match route {
        Route::Idea { id } => Some(html! {
            <pages::idea::IdeaPage key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn business_case(route: &Route) -> Option<Html> {
    match route {
        Route::BusinessCase { id } => Some(html! {
            <pages::business_case::BusinessCasePage key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn pledge(route: &Route) -> Option<Html> {
    match route {
        Route::Pledge { id } => signed_in(html! {
            <pages::pledge::PledgePage key={id.as_str()} id={id.clone()} />
        }),
        // Pledges waiting for a second person share the pledge views.
        Route::Approvals => signed_in(html! { <pages::approvals::Approvals /> }),
        _ => None,
    }
}

fn discussion(route: &Route) -> Option<Html> {
    match route {
        Route::IdeaDiscussion { id } => Some(html! {
            <pages::idea_discussion::IdeaDiscussionPage key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn funding(route: &Route) -> Option<Html> {
    match route {
        Route::FundingHistory { id } => Some(html! {
            <pages::funding_history::FundingHistory key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn audience(route: &Route) -> Option<Html> {
    match route {
        Route::Audience { id } => signed_in(html! {
            <pages::audience::Audience key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn invitations(route: &Route) -> Option<Html> {
    match route {
        Route::Invitations { id } => signed_in(html! {
            <pages::invitations::Invitations key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn backlog(route: &Route) -> Option<Html> {
    match route {
        Route::Backlog { id } => Some(html! {
            <pages::backlog::BacklogPage key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn delivery(route: &Route) -> Option<Html> {
    match route {
        Route::Delivery { id } => Some(html! {
            <pages::delivery::DeliveryPage key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn adopt(route: &Route) -> Option<Html> {
    match route {
        Route::Adopt { id } => signed_in(html! {
            <pages::adopt::Adopt key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn details(route: &Route) -> Option<Html> {
    match route {
        Route::NewIdea => signed_in(html! { <pages::new_idea::NewIdea /> }),
        Route::EditIdea { id } => signed_in(html! {
            <pages::edit_idea::EditIdea key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn case(route: &Route) -> Option<Html> {
    match route {
        Route::IdeaTasks { id } => signed_in(html! {
            <pages::idea_tasks::IdeaTasks key={id.as_str()} id={id.clone()} />
        }),
        Route::IdeaSubmitted { id } => signed_in(html! {
            <pages::idea_submitted::IdeaSubmitted key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn answers(route: &Route) -> Option<Html> {
    match route {
        Route::CheckAnswers { id } => signed_in(html! {
            <pages::check_answers::CheckAnswers key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn section(route: &Route) -> Option<Html> {
    case_task(route, pages::case_task::FIRST_FORMS)
}

fn section_more(route: &Route) -> Option<Html> {
    case_task(route, pages::case_task::MORE_FORMS)
}

/// A section of the business case, when `forms` has its form.
fn case_task(route: &Route, forms: SectionForms) -> Option<Html> {
    match route {
        Route::CaseTask { id, section } if forms.sections.contains(section) => signed_in(html! {
            <pages::case_task::CaseTask key={format!("{id}/{section}")} id={id.clone()} section={*section} {forms} />
        }),
        _ => None,
    }
}

fn organisation(route: &Route) -> Option<Html> {
    match route {
        Route::Organisation { id } => Some(html! {
            <pages::organisation::OrganisationPage key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn funded(route: &Route) -> Option<Html> {
    match route {
        Route::NewOrganisation => signed_in(html! { <pages::new_organisation::NewOrganisation /> }),
        Route::Funded { id } => signed_in(html! {
            <pages::funded::Funded key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn account(route: &Route) -> Option<Html> {
    match route {
        Route::Account => signed_in(html! { <pages::account::Account /> }),
        Route::Notifications => signed_in(html! { <pages::notifications::Notifications /> }),
        _ => None,
    }
}

fn integrations(route: &Route) -> Option<Html> {
    match route {
        Route::Webhooks { id } => signed_in(html! {
            <pages::webhooks::Webhooks key={id.as_str()} id={id.clone()} />
        }),
        Route::SingleSignOn { id } => signed_in(html! {
            <pages::single_sign_on::SingleSignOn key={id.as_str()} id={id.clone()} />
        }),
        Route::WebhookDeliveries { id, webhook_id } => signed_in(html! {
            <pages::webhook_deliveries::WebhookDeliveries key={webhook_id.as_str()} id={id.clone()} webhook_id={webhook_id.clone()} />
        }),
        _ => None,
    }
}

fn audit(route: &Route) -> Option<Html> {
    match route {
        Route::AuditLog { id } => signed_in(html! {
            <pages::audit_log::AuditLog key={id.as_str()} organisation_id={Some(id.clone())} />
        }),
        Route::AdminAuditLog => signed_in(html! { <pages::audit_log::AuditLog /> }),
        _ => None,
    }
}

fn api_keys(route: &Route) -> Option<Html> {
    match route {
        Route::ApiKeys { id } => signed_in(html! {
            <pages::api_keys::ApiKeys key={id.as_str()} id={id.clone()} />
        }),
        _ => None,
    }
}

fn admin(route: &Route) -> Option<Html> {
    match route {
        Route::ReviewQueue => signed_in(html! { <pages::review_queue::ReviewQueue /> }),
        Route::Moderation => signed_in(html! { <pages::moderation::Moderation /> }),
        _ => None,
    }
}
