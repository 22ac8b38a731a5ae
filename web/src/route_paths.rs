//! The address of every [`Route`], both ways: a route's path, and the route for a path
//! (`/ideas/new` before `/ideas/:id`; one leading and one trailing `/` optional; anything else is
//! [`Route::NotFound`]).

use crate::app::Route;
use crate::router::{decode, encode};

impl Route {
    /// The path of the page, with its ids percent-encoded.
    pub fn to_path(&self) -> String {
        let (head, id, tail) = match self {
            Route::Home => return "/".into(),
            Route::Register => return "/register".into(),
            Route::SignIn => return "/sign-in".into(),
            Route::SsoSignIn => return "/sign-in/organisation".into(),
            Route::SignOut => return "/sign-out".into(),
            Route::VerifyEmail => return "/verify-email".into(),
            Route::ForgottenPassword => return "/forgotten-password".into(),
            Route::ResetPassword => return "/reset-password".into(),
            Route::Account => return "/account".into(),
            Route::AuthenticatorApp => return "/account/authenticator-app".into(),
            Route::Passkeys => return "/account/passkeys".into(),
            Route::StepUp => return "/account/confirm-it-is-you".into(),
            Route::Organisations => return "/organisations".into(),
            Route::NewOrganisation => return "/organisations/new".into(),
            Route::Ideas => return "/ideas".into(),
            Route::NewIdea => return "/ideas/new".into(),
            Route::Catalogue => return "/catalogue".into(),
            Route::Approvals => return "/approvals".into(),
            Route::Notifications => return "/notifications".into(),
            Route::ReviewQueue => return "/admin/review".into(),
            Route::Moderation => return "/admin/moderation".into(),
            Route::AdminAuditLog => return "/admin/audit-log".into(),
            Route::NotFound => return "/page-not-found".into(),
            Route::Organisation { id } => ("/organisations/", id, ""),
            Route::Idea { id } => ("/ideas/", id, ""),
            Route::BusinessCase { id } => ("/ideas/", id, "/business-case"),
            Route::Pledge { id } => ("/ideas/", id, "/pledge"),
            Route::IdeaDiscussion { id } => ("/ideas/", id, "/questions-and-updates"),
            Route::FundingHistory { id } => ("/ideas/", id, "/funding-history"),
            Route::Audience { id } => ("/ideas/", id, "/audience"),
            Route::Invitations { id } => ("/ideas/", id, "/invitations"),
            Route::Backlog { id } => ("/ideas/", id, "/backlog"),
            Route::EditIdea { id } => ("/ideas/", id, "/edit"),
            Route::IdeaTasks { id } => ("/ideas/", id, "/tasks"),
            Route::CheckAnswers { id } => ("/ideas/", id, "/tasks/check-your-answers"),
            Route::CaseTask { id, section } => {
                return format!("/ideas/{}/tasks/{}", encode(id), encode(section.slug()))
            }
            Route::IdeaSubmitted { id } => ("/ideas/", id, "/submitted"),
            Route::Delivery { id } => ("/ideas/", id, "/delivery"),
            Route::Adopt { id } => ("/catalogue/", id, "/adopt"),
            Route::Funded { id } => ("/organisations/", id, "/funded"),
            Route::SingleSignOn { id } => ("/organisations/", id, "/single-sign-on"),
            Route::AuditLog { id } => ("/organisations/", id, "/audit-log"),
            Route::Webhooks { id } => ("/organisations/", id, "/webhooks"),
            Route::WebhookDeliveries { id, webhook_id } => {
                return format!(
                    "/organisations/{}/webhooks/{}",
                    encode(id),
                    encode(webhook_id)
                )
            }
            Route::ApiKeys { id } => ("/organisations/", id, "/api-keys"),
        };
        let mut path = String::from(head);
        path.push_str(&encode(id));
        path.push_str(tail);
        path
    }

    /// The route for a path: always one, [`Route::NotFound`] when nothing matches or an id
    /// is not valid.
    pub fn recognize(pathname: &str) -> Option<Route> {
        let path = pathname.strip_suffix('/').unwrap_or(pathname);
        Some(matching(path).unwrap_or(Route::NotFound))
    }
}

fn matching(path: &str) -> Option<Route> {
    // As yew-router read paths: the leading `/` may be left out.
    let path = path.strip_prefix('/').unwrap_or(path);
    if path.is_empty() {
        return Some(Route::Home);
    }
    let segments: Vec<&str> = path.split('/').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return None;
    }
    let id = |s: &str| decode(s);
    Some(match segments.as_slice() {
        ["register"] => Route::Register,
        ["sign-in"] => Route::SignIn,
        ["sign-in", "organisation"] => Route::SsoSignIn,
        ["sign-out"] => Route::SignOut,
        ["verify-email"] => Route::VerifyEmail,
        ["forgotten-password"] => Route::ForgottenPassword,
        ["reset-password"] => Route::ResetPassword,
        ["account"] => Route::Account,
        ["account", "authenticator-app"] => Route::AuthenticatorApp,
        ["account", "passkeys"] => Route::Passkeys,
        ["account", "confirm-it-is-you"] => Route::StepUp,
        ["organisations"] => Route::Organisations,
        ["organisations", "new"] => Route::NewOrganisation,
        ["organisations", o] => Route::Organisation { id: id(o)? },
        ["organisations", o, "funded"] => Route::Funded { id: id(o)? },
        ["organisations", o, "single-sign-on"] => Route::SingleSignOn { id: id(o)? },
        ["organisations", o, "audit-log"] => Route::AuditLog { id: id(o)? },
        ["organisations", o, "webhooks"] => Route::Webhooks { id: id(o)? },
        ["organisations", o, "webhooks", w] => Route::WebhookDeliveries {
            id: id(o)?,
            webhook_id: id(w)?,
        },
        ["organisations", o, "api-keys"] => Route::ApiKeys { id: id(o)? },
        ["ideas"] => Route::Ideas,
        ["ideas", "new"] => Route::NewIdea,
        ["ideas", i] => Route::Idea { id: id(i)? },
        ["ideas", i, "business-case"] => Route::BusinessCase { id: id(i)? },
        ["ideas", i, "pledge"] => Route::Pledge { id: id(i)? },
        ["ideas", i, "questions-and-updates"] => Route::IdeaDiscussion { id: id(i)? },
        ["ideas", i, "funding-history"] => Route::FundingHistory { id: id(i)? },
        ["ideas", i, "audience"] => Route::Audience { id: id(i)? },
        ["ideas", i, "invitations"] => Route::Invitations { id: id(i)? },
        ["ideas", i, "backlog"] => Route::Backlog { id: id(i)? },
        ["ideas", i, "edit"] => Route::EditIdea { id: id(i)? },
        ["ideas", i, "tasks"] => Route::IdeaTasks { id: id(i)? },
        ["ideas", i, "tasks", "check-your-answers"] => Route::CheckAnswers { id: id(i)? },
        ["ideas", i, "tasks", s] => Route::CaseTask {
            id: id(i)?,
            section: id(s)?.parse().ok()?,
        },
        ["ideas", i, "submitted"] => Route::IdeaSubmitted { id: id(i)? },
        ["ideas", i, "delivery"] => Route::Delivery { id: id(i)? },
        ["catalogue"] => Route::Catalogue,
        ["catalogue", i, "adopt"] => Route::Adopt { id: id(i)? },
        ["approvals"] => Route::Approvals,
        ["notifications"] => Route::Notifications,
        ["admin", "review"] => Route::ReviewQueue,
        ["admin", "moderation"] => Route::Moderation,
        ["admin", "audit-log"] => Route::AdminAuditLog,
        ["page-not-found"] => Route::NotFound,
        _ => return None,
    })
}
