//! Sending: builds each claimed outbox row into a multipart/alternative message and
//! delivers it over SMTP (`CC2I_SMTP_URL`) or as `outbox/<id>.eml` in the data directory.
//! A row is claimed, delivered, then marked sent, so a restart resends only what was
//! not marked; a file is named by its row, so writing it twice leaves one message.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport as _};

use super::outbox::{self, Claimed, Content};
use super::render::{render, Links};
use super::unsubscribe::{Recipient, UnsubscribeKey};
use crate::config::Config;
use crate::db::Db;
use crate::error::ApiError;

/// Rows claimed per round.
const BATCH: i64 = 50;

enum Transport {
    Smtp(Box<SmtpTransport>),
    Files(PathBuf),
}

/// Everything needed to turn outbox rows into sent email.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    domain: String,
    public_url: String,
    key: UnsubscribeKey,
    woken: tokio::sync::Notify,
}

impl Mailer {
    /// The SMTP transport when `CC2I_SMTP_URL` is set, otherwise files under `outbox/`.
    pub fn new(config: &Config, key: UnsubscribeKey) -> Result<Self, String> {
        let from: Mailbox = config
            .email_from
            .parse()
            .map_err(|e| format!("CC2I_EMAIL_FROM is not an email address: {e}"))?;
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(Box::new(
                SmtpTransport::from_url(&url.0)
                    .map_err(|e| format!("CC2I_SMTP_URL is not a valid SMTP URL: {e}"))?
                    .timeout(Some(Duration::from_secs(30)))
                    .build(),
            )),
            None => Transport::Files(config.data_dir.join("outbox")),
        };
        Ok(Mailer {
            domain: from.email.domain().to_string(),
            from,
            transport,
            public_url: config.public_url.clone(),
            key,
            woken: tokio::sync::Notify::new(),
        })
    }

    /// Asks this process's sender to run now rather than at its next round.
    pub fn wake(&self) {
        self.woken.notify_one();
    }

    /// The unsubscribe key (for the unsubscribe handler).
    pub fn key(&self) -> &UnsubscribeKey {
        &self.key
    }

    /// The signed unsubscribe link for a recipient.
    pub fn unsubscribe_url(&self, recipient: &Recipient) -> String {
        format!(
            "{}/api/v1/unsubscribe?token={}",
            self.public_url,
            self.key.sign(recipient)
        )
    }

    /// Builds the message for a claimed row.
    pub fn build(&self, row: &Claimed) -> Result<Message, String> {
        let recipient = match &row.user_id {
            Some(id) => Recipient::User(id.clone()),
            None => Recipient::Address(row.to.clone()),
        };
        let unsubscribe = self.unsubscribe_url(&recipient);
        let rendered = render(
            &row.content,
            &Links {
                public_url: &self.public_url,
                unsubscribe: &unsubscribe,
                token: row.link_token.as_deref(),
            },
        );
        let account = matches!(row.content, Content::Account(_));
        let to: Mailbox = row
            .to
            .parse()
            .map_err(|e| format!("not an email address: {e}"))?;
        let part = |kind: ContentType, body: String| {
            SinglePart::builder()
                .header(kind)
                .header(ContentTransferEncoding::QuotedPrintable)
                .body(body)
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject)
            .message_id(Some(format!("<{}@{}>", row.id, self.domain)));
        // Email about the account itself is not a list one can leave.
        if !account {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{unsubscribe}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        builder
            .multipart(
                MultiPart::alternative()
                    .singlepart(part(ContentType::TEXT_PLAIN, rendered.text))
                    .singlepart(part(ContentType::TEXT_HTML, rendered.html)),
            )
            .map_err(|e| format!("cannot build the message: {e}"))
    }

    /// Delivers one message (blocking).
    fn deliver(&self, id: &str, message: &Message) -> Result<(), String> {
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .map(|_| ())
                .map_err(|e| format!("SMTP: {e}")),
            Transport::Files(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                let tmp = dir.join(format!(".{id}.eml.tmp"));
                std::fs::write(&tmp, message.formatted())
                    .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
                std::fs::rename(&tmp, dir.join(format!("{id}.eml")))
                    .map_err(|e| format!("cannot write the message: {e}"))
            }
        }
    }
}

/// Sends everything queued: claims a batch, delivers it, marks each row; returns how many
/// were sent.
pub async fn send_due(db: &Db, mailer: &Arc<Mailer>) -> Result<u32, ApiError> {
    let mut sent = 0;
    loop {
        let batch = db.write_unlisted(|conn| outbox::claim(conn, BATCH)).await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        for row in batch {
            let m = mailer.clone();
            let (id, claim) = (row.id.clone(), row.claim.clone());
            let result = actix_web::web::block(move || {
                let message = m.build(&row)?;
                m.deliver(&row.id, &message)
            })
            .await
            .map_err(|e| ApiError::Internal(format!("blocking task: {e}")))?;
            match result {
                Ok(()) => {
                    if db
                        .write_unlisted(move |conn| outbox::mark_sent(conn, &id, &claim))
                        .await?
                    {
                        sent += 1;
                    }
                }
                Err(error) => {
                    tracing::warn!(email = %id, %error, "email not delivered; will retry");
                    db.write_unlisted(move |conn| outbox::mark_failed(conn, &id, &claim, &error))
                        .await?;
                }
            }
        }
    }
}

/// Sends queued email forever, every `interval`, and at once when [`Mailer::wake`] is called
/// (a link someone is waiting for should not wait for the next round).
pub async fn run(db: Db, mailer: Arc<Mailer>, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = mailer.woken.notified() => {}
        }
        match send_due(&db, &mailer).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sent = n, "emails sent"),
            Err(e) => tracing::warn!(error = %e, "sending email failed; will retry"),
        }
    }
}
