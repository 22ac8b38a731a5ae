//! What the emails about an account say: links to verify an address or reset a password,
//! and the security notices. Pure.

use super::outbox::AccountEmail;
use super::render::{escape, link, page, Links, Rendered};

const FOOTER: &str = "You got this email because it is about your CC2i account. It is sent whatever your email settings are.";

fn message(
    subject: String,
    greeting: &str,
    lines: &[String],
    action: Option<(String, &str)>,
) -> Rendered {
    let mut text = format!("{greeting}\n\n");
    let mut html = format!("<p>{}</p>\n", escape(greeting));
    if let Some((url, label)) = &action {
        text.push_str(&format!("{label}:\n{url}\n\n"));
        html.push_str(&format!("<p>{}</p>\n", link(url, label)));
    }
    for line in lines {
        text.push_str(line);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>\n", escape(line)));
    }
    text.push_str("--\n");
    text.push_str(FOOTER);
    text.push('\n');
    Rendered {
        html: page(&subject, &html, &escape(FOOTER)),
        subject,
        text,
    }
}

fn with_token(links: &Links, path: &str) -> String {
    links.absolute(&format!("{path}?token={}", links.token.unwrap_or_default()))
}

/// Renders an email about the account.
pub fn account(email: &AccountEmail, links: &Links) -> Rendered {
    let hello = |name: &str| format!("Dear {name},");
    let not_you = "If this was not you, you can ignore this email: nothing changes.".to_string();
    match email {
        AccountEmail::VerifyEmail { name, .. } => message(
            "Confirm your email address for CC2i".into(),
            &hello(name),
            &[
                format!(
                    "The link works once, for {} hours. Until you confirm your address you can look around CC2i, but not act for an organisation.",
                    cc2i_shared::account::VERIFY_EMAIL_HOURS
                ),
                not_you,
            ],
            Some((with_token(links, "/verify-email"), "Confirm your email address")),
        ),
        AccountEmail::ConfirmNewEmail { name, .. } => message(
            "Confirm your new email address for CC2i".into(),
            &hello(name),
            &[
                format!(
                    "You asked to sign in to CC2i with this address. Your account moves to it once you confirm; the link works once, for {} hours.",
                    cc2i_shared::account::VERIFY_EMAIL_HOURS
                ),
                not_you,
            ],
            Some((with_token(links, "/verify-email"), "Confirm your new email address")),
        ),
        AccountEmail::ResetPassword { name, .. } => message(
            "Reset your CC2i password".into(),
            &hello(name),
            &[
                format!(
                    "The link works once, for {} minutes. Choosing a new password signs you out everywhere.",
                    cc2i_shared::account::RESET_PASSWORD_MINUTES
                ),
                "If you did not ask to reset your password, you can ignore this email: your password stays the same.".into(),
            ],
            Some((with_token(links, "/reset-password"), "Choose a new password")),
        ),
        AccountEmail::AlreadyRegistered { name } => message(
            "You already have a CC2i account".into(),
            &hello(name),
            &[
                "Someone tried to create a CC2i account with this email address, but you already have one.".into(),
                format!(
                    "If it was you, sign in at {} or, if you have forgotten your password, reset it at {}.",
                    links.absolute("/sign-in"),
                    links.absolute("/forgotten-password")
                ),
                "If it was not you, you can ignore this email: nobody else can use your account.".into(),
            ],
            None,
        ),
        AccountEmail::PasswordChanged { name } => message(
            "Your CC2i password was changed".into(),
            &hello(name),
            &[
                "Your CC2i password was reset through the link we emailed, and you were signed out everywhere.".into(),
                format!(
                    "If this was not you, reset your password again at once at {} and tell your organisation's CC2i owners.",
                    links.absolute("/forgotten-password")
                ),
            ],
            None,
        ),
        AccountEmail::MembershipInvitation {
            name,
            organisation,
            role,
            invited_by,
        } => message(
            format!("{organisation} invites you to join it on CC2i"),
            &hello(name),
            &[
                format!("{invited_by} invited you to join {organisation} on CC2i as {}.", role.to_lowercase()),
                format!(
                    "You are not a member until you accept. Accept or decline on your account page within {} days.",
                    cc2i_shared::membership::INVITATION_DAYS
                ),
                "If you do not know this organisation, decline it, or ignore this email.".into(),
            ],
            Some((links.absolute("/account#invitations"), "Answer the invitation")),
        ),
        AccountEmail::SecondFactorRemoved { name } => message(
            "Your CC2i authenticator app was removed".into(),
            &hello(name),
            &[
                "CC2i support removed the authenticator app from your account, as you asked, and signed you out everywhere.".into(),
                format!(
                    "Sign in at {} and add an app again from your account page: you need one before you act for a verified organisation.",
                    links.absolute("/sign-in")
                ),
                "If you did not ask for this, tell your organisation's CC2i owners and CC2i support at once.".into(),
            ],
            None,
        ),
        AccountEmail::EmailChanged { name, new_email } => message(
            "Your CC2i email address was changed".into(),
            &hello(name),
            &[
                format!("Your CC2i account now signs in with {new_email}. We will send nothing more to this address."),
                "If this was not you, contact your organisation's CC2i owners at once.".into(),
            ],
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_carries_its_token_and_every_value_is_escaped() {
        let links = Links {
            public_url: "https://cc2i.test",
            unsubscribe: "",
            token: Some("tok_123"),
        };
        let r = account(
            &AccountEmail::VerifyEmail {
                name: "<Alex>".into(),
                token_id: "t1".into(),
            },
            &links,
        );
        assert!(r
            .text
            .contains("https://cc2i.test/verify-email?token=tok_123"));
        assert!(r
            .html
            .contains("https://cc2i.test/verify-email?token=tok_123"));
        assert!(r.html.contains("&lt;Alex&gt;"));
        assert!(!r.html.contains("<Alex>"));
    }
}
