//! What an email says, as plain text and as HTML (every value escaped). Pure.

use std::fmt::Write;

use super::outbox::{Content, InvitationEmail, Item};
use cc2i_shared::notification::EmailCadence;

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject line.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Where links point: the public address of the service.
pub struct Links<'a> {
    /// Like `https://cc2i.org.uk`.
    pub public_url: &'a str,
    /// The recipient's signed unsubscribe link.
    pub unsubscribe: &'a str,
    /// The single-use token of an account link.
    pub token: Option<&'a str>,
}

impl Links<'_> {
    pub(super) fn absolute(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_string()
        } else {
            format!("{}{path}", self.public_url)
        }
    }
}

pub(super) fn page(subject: &str, body: &str, footer_html: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c; max-width: 40em;\">\n\
         <p style=\"font-weight: bold;\">CC2i</p>\n{body}\n\
         <hr>\n<p style=\"font-size: 16px; color: #505a5f;\">{footer_html}</p>\n</body>\n</html>\n",
        escape(subject)
    )
}

pub(super) fn link(href: &str, text: &str) -> String {
    format!(
        "<a href=\"{}\" style=\"color: #1d70b8;\">{}</a>",
        escape(href),
        escape(text)
    )
}

fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn notification_footer(digest: Option<EmailCadence>, links: &Links) -> (String, String) {
    let why = match digest {
        Some(EmailCadence::Weekly) => "You get a weekly digest of your CC2i notifications.",
        Some(EmailCadence::Daily) => "You get a daily digest of your CC2i notifications.",
        _ => "You get an email for each CC2i notification.",
    };
    let text = format!(
        "{why} Change how often in your account settings, or unsubscribe from all CC2i email: {}",
        links.unsubscribe
    );
    let html = format!(
        "{} Change how often in your account settings, or {}.",
        escape(why),
        link(links.unsubscribe, "unsubscribe from all CC2i email")
    );
    (text, html)
}

fn notifications(digest: Option<EmailCadence>, items: &[Item], links: &Links) -> Rendered {
    let (footer_text, footer_html) = notification_footer(digest, links);
    let (subject, intro) = match (digest, items) {
        (None, [one]) => (one.title.clone(), None),
        _ => {
            let period = match digest {
                Some(EmailCadence::Weekly) => "weekly",
                Some(EmailCadence::Daily) => "daily",
                _ => "latest",
            };
            let n = items.len();
            let updates = if n == 1 { "update" } else { "updates" };
            (
                format!("Your CC2i {period} digest: {n} {updates}"),
                Some(format!(
                    "Here is everything that happened since your last digest: {n} {updates}."
                )),
            )
        }
    };
    let mut text = String::new();
    let mut html = String::new();
    if let Some(intro) = &intro {
        let _ = write!(text, "{intro}\n\n");
        let _ = writeln!(html, "<p>{}</p>", escape(intro));
    }
    for item in items {
        let url = links.absolute(&item.link);
        let when = item.created_at.format("%-d %B %Y, %H:%M UTC");
        let _ = write!(
            text,
            "{}\n{}\n{}\nOpen it: {url}\n\n",
            item.title, when, item.body
        );
        let _ = writeln!(
            html,
            "<h2 style=\"font-size: 24px;\">{}</h2>\n<p style=\"color: #505a5f;\">{}</p>\n{}\n<p>{}</p>",
            escape(&item.title),
            when,
            paragraphs(&item.body),
            link(&url, "Open it on CC2i")
        );
    }
    text.push_str("--\n");
    text.push_str(&footer_text);
    text.push('\n');
    Rendered {
        html: page(&subject, &html, &footer_html),
        subject,
        text,
    }
}

fn invitation(inv: &InvitationEmail, links: &Links) -> Rendered {
    let subject = format!(
        "{} invites you to co-fund “{}” on CC2i",
        inv.proposer, inv.idea_title
    );
    let signup = links.absolute(&format!("/register?next=/ideas/{}", inv.idea_id));
    let intro = format!(
        "{} at {} invites you to look at “{}” on CC2i, where UK public-sector organisations co-fund digital work and each pays a share of the cost.",
        inv.inviter, inv.proposer, inv.idea_title
    );
    let mut text = format!("{intro}\n\n{}\n\n", inv.idea_summary);
    let mut html = format!(
        "<p>{}</p>\n<blockquote>{}</blockquote>\n",
        escape(&intro),
        paragraphs(&inv.idea_summary)
    );
    if let Some(message) = inv.message.as_deref().filter(|m| !m.trim().is_empty()) {
        let _ = write!(text, "Their message:\n{message}\n\n");
        let _ = writeln!(
            html,
            "<p>Their message:</p>\n<blockquote>{}</blockquote>",
            paragraphs(message)
        );
    }
    let _ = write!(
        text,
        "Create your free account to see the idea and its business case: {signup}\n\n--\n\
         You got this email because {} invited this address. To get no more email from CC2i: {}\n",
        inv.inviter, links.unsubscribe
    );
    let _ = writeln!(
        html,
        "<p>{}</p>",
        link(
            &signup,
            "Create your free account to see the idea and its business case"
        )
    );
    let footer = format!(
        "You got this email because {} invited this address. {}.",
        escape(&inv.inviter),
        link(links.unsubscribe, "Get no more email from CC2i")
    );
    Rendered {
        html: page(&subject, &html, &footer),
        subject,
        text,
    }
}

/// Renders `content` for one recipient. The subject is one line whatever the titles hold.
pub fn render(content: &Content, links: &Links) -> Rendered {
    let mut rendered = match content {
        Content::Notifications { digest, items } => notifications(*digest, items, links),
        Content::Invitation(inv) => invitation(inv, links),
        Content::Account(email) => super::account_render::account(email, links),
    };
    rendered.subject = rendered
        .subject
        .split(char::is_control)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> Links<'static> {
        Links {
            public_url: "https://cc2i.test",
            unsubscribe: "https://cc2i.test/api/v1/unsubscribe?token=abc.def",
            token: None,
        }
    }

    fn item(title: &str) -> Item {
        Item {
            title: title.into(),
            body: "Body <b>bold</b> & more".into(),
            link: "/ideas/1".into(),
            created_at: chrono::DateTime::from_timestamp(1_800_000_000, 0)
                .unwrap()
                .naive_utc(),
        }
    }

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let r = render(
            &Content::Notifications {
                digest: None,
                items: vec![item("<script>x</script>")],
            },
            &links(),
        );
        assert_eq!(r.subject, "<script>x</script>");
        assert!(r.html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(!r.html.contains("<script>"));
        assert!(r.html.contains("Body &lt;b&gt;bold&lt;/b&gt; &amp; more"));
        assert!(r.text.contains("Body <b>bold</b> & more"));
        assert!(r.text.contains("Open it: https://cc2i.test/ideas/1"));
        assert!(r.text.contains("unsubscribe?token=abc.def"));
        assert!(r
            .html
            .contains("href=\"https://cc2i.test/api/v1/unsubscribe?token=abc.def\""));
    }

    #[test]
    fn a_subject_is_one_line() {
        let r = render(
            &Content::Notifications {
                digest: None,
                items: vec![item("Line one\r\nBcc: someone@example.com")],
            },
            &links(),
        );
        assert_eq!(r.subject, "Line one Bcc: someone@example.com");
    }

    #[test]
    fn a_digest_lists_every_item() {
        let r = render(
            &Content::Notifications {
                digest: Some(EmailCadence::Weekly),
                items: vec![item("First"), item("Second")],
            },
            &links(),
        );
        assert_eq!(r.subject, "Your CC2i weekly digest: 2 updates");
        assert!(r.text.find("First").unwrap() < r.text.find("Second").unwrap());
        assert!(r.text.contains("weekly digest"));
    }

    #[test]
    fn an_invitation_links_to_sign_up_and_then_the_idea() {
        let r = render(
            &Content::Invitation(InvitationEmail {
                idea_id: "abc".into(),
                idea_title: "Repairs".into(),
                idea_summary: "One service".into(),
                proposer: "Kirklees Council".into(),
                inviter: "Alex".into(),
                message: Some("Join us & <share>".into()),
            }),
            &links(),
        );
        assert!(r
            .text
            .contains("https://cc2i.test/register?next=/ideas/abc"));
        assert!(r.html.contains("Join us &amp; &lt;share&gt;"));
        assert!(r.subject.contains("Kirklees Council invites you"));
    }
}
