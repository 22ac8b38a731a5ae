//! A webhook receiver on 127.0.0.1 for tests: records every request and answers each path
//! with the statuses queued for it (200 when none are left).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The request path.
    pub path: String,
    /// Headers, names lower-cased.
    pub headers: HashMap<String, String>,
    /// The body.
    pub body: String,
    /// When it arrived.
    pub at: std::time::Instant,
}

impl Hit {
    /// The parsed JSON body.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("the body is JSON")
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
            .unwrap_or_default()
    }
}

#[derive(Default)]
struct Shared {
    hits: Vec<Hit>,
    script: HashMap<String, VecDeque<u16>>,
}

/// A running receiver.
#[derive(Clone)]
pub struct Receiver {
    /// e.g. `http://127.0.0.1:41234`
    pub base: String,
    shared: Arc<Mutex<Shared>>,
}

impl Receiver {
    /// Starts listening on a free loopback port.
    pub async fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let shared: Arc<Mutex<Shared>> = Default::default();
        let state = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = state.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, state).await;
                });
            }
        });
        Receiver { base, shared }
    }

    /// The URL of a path on the receiver.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Answers the next requests to `path` with these statuses, in order.
    pub fn respond(&self, path: &str, statuses: &[u16]) {
        let mut shared = self.shared.lock().expect("lock");
        shared
            .script
            .entry(path.to_string())
            .or_default()
            .extend(statuses.iter().copied());
    }

    /// Every request to `path` so far, oldest first.
    pub fn hits(&self, path: &str) -> Vec<Hit> {
        let shared = self.shared.lock().expect("lock");
        shared
            .hits
            .iter()
            .filter(|h| h.path == path)
            .cloned()
            .collect()
    }

    /// Every request so far, oldest first.
    pub fn all_hits(&self) -> Vec<Hit> {
        self.shared.lock().expect("lock").hits.clone()
    }

    /// The `type` of every event posted to `path`, oldest first.
    pub fn types(&self, path: &str) -> Vec<String> {
        self.hits(path)
            .iter()
            .map(|h| h.json()["type"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

async fn serve(mut stream: TcpStream, shared: Arc<Mutex<Shared>>) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let path = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let status = {
        let mut shared = shared.lock().expect("lock");
        let status = shared
            .script
            .get_mut(&path)
            .and_then(VecDeque::pop_front)
            .unwrap_or(200);
        shared.hits.push(Hit {
            path: path.clone(),
            headers,
            body: String::from_utf8_lossy(&body).to_string(),
            at: std::time::Instant::now(),
        });
        status
    };
    let location = if (300..400).contains(&status) {
        "Location: /redirected\r\n"
    } else {
        ""
    };
    let response = format!(
        "HTTP/1.1 {status} Scripted\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}
