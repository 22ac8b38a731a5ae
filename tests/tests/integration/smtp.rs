//! With `CC2I_SMTP_URL`, email goes over SMTP: a minimal SMTP server on the loopback
//! address receives it.

use std::sync::{Arc, Mutex};

use cc2i_shared::invitation::Invitation;
use cc2i_tests::mail::{outbox, parse, run_jobs};
use cc2i_tests::{ok, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Default, Debug)]
struct Received {
    from: String,
    to: Vec<String>,
    data: String,
}

/// Accepts SMTP sessions and keeps every message (dot-unstuffed).
async fn smtp_server(listener: TcpListener, inbox: Arc<Mutex<Vec<Received>>>) {
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            return;
        };
        let inbox = inbox.clone();
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            write.write_all(b"220 test ESMTP\r\n").await.unwrap();
            let mut current = Received::default();
            while let Ok(Some(line)) = lines.next_line().await {
                let upper = line.to_ascii_uppercase();
                let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                    b"250-test\r\n250 8BITMIME\r\n"
                } else if upper.starts_with("MAIL FROM:") {
                    current.from = line[10..].trim().to_string();
                    b"250 OK\r\n"
                } else if upper.starts_with("RCPT TO:") {
                    current.to.push(line[8..].trim().to_string());
                    b"250 OK\r\n"
                } else if upper == "DATA" {
                    write.write_all(b"354 go ahead\r\n").await.unwrap();
                    let mut data = String::new();
                    while let Ok(Some(l)) = lines.next_line().await {
                        if l == "." {
                            break;
                        }
                        data.push_str(l.strip_prefix('.').unwrap_or(&l));
                        data.push_str("\r\n");
                    }
                    current.data = data;
                    inbox.lock().unwrap().push(std::mem::take(&mut current));
                    b"250 queued\r\n"
                } else if upper == "QUIT" {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    return;
                } else {
                    b"250 OK\r\n"
                };
                write.write_all(reply).await.unwrap();
            }
        });
    }
}

#[tokio::test]
async fn with_an_smtp_url_email_is_sent_over_smtp_once() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox: Arc<Mutex<Vec<Received>>> = Arc::default();
    tokio::spawn(smtp_server(listener, inbox.clone()));
    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::spawn_with(&[("CC2I_TEST_CLOCK", "1"), ("CC2I_SMTP_URL", &url)]).await;
    // The proposer confirms their address through the link that came over SMTP.
    let email = "proposer@council.example";
    app.register_unconfirmed(email).await;
    let mut token = None;
    for _ in 0..50 {
        run_jobs(&app, chrono::Utc::now()).await;
        token = inbox.lock().unwrap().iter().find_map(|m| {
            cc2i_tests::accounts::token_in(&parse("smtp", &m.data).text, "/verify-email")
        });
        if token.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let token = token.expect("a confirmation link over SMTP");
    ok::<serde_json::Value>(
        app.post("/api/v1/auth/verify-email", None, json!({ "token": token }))
            .await,
        StatusCode::OK,
    )
    .await;
    inbox.lock().unwrap().clear();
    let proposer = cc2i_tests::Session {
        token: app.login(email, cc2i_tests::PASSWORD).await,
        user: ok::<cc2i_shared::Me>(
            app.get(
                "/api/v1/me",
                Some(&app.login(email, cc2i_tests::PASSWORD).await),
            )
            .await,
            StatusCode::OK,
        )
        .await
        .user,
    };
    let proposer = app.with_factor(proposer).await;
    let idea = app.open_idea(&proposer).await;
    ok::<Vec<Invitation>>(
        app.post(
            &format!("/api/v1/ideas/{}/invitations", idea.id),
            Some(&proposer.token),
            json!({"emails": ["someone@borough.gov.uk"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(run_jobs(&app, chrono::Utc::now()).await.emails_sent, 1);
    assert_eq!(run_jobs(&app, chrono::Utc::now()).await.emails_sent, 0);
    let received = inbox.lock().unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].from, "<notifications@cc2i.test>");
    assert_eq!(received[0].to, ["<someone@borough.gov.uk>"]);
    let mail = parse("smtp", &received[0].data);
    assert!(mail.text.contains(&format!(
        "https://cc2i.test/register?next=/ideas/{}",
        idea.id
    )));
    assert!(mail
        .unsubscribe_url()
        .contains("/api/v1/unsubscribe?token="));
    assert!(outbox(&app).is_empty(), "no files when SMTP is set");
}
