//! A TCP forwarder a test can cut and restore, to make a database unreachable on demand.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Forwards connections from a local port to `target` while up.
pub struct Forwarder {
    /// The local port to connect to instead of the target.
    pub port: u16,
    up: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accept: JoinHandle<()>,
}

impl Forwarder {
    /// Starts forwarding to `target`.
    pub async fn start(target: SocketAddr) -> Forwarder {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accept = tokio::spawn({
            let (up, links) = (up.clone(), links.clone());
            async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    if !up.load(Ordering::Acquire) {
                        drop(client); // refused: closed at once
                        continue;
                    }
                    let link = tokio::spawn(async move {
                        if let Ok(mut server) = TcpStream::connect(target).await {
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        }
                    });
                    links.lock().expect("links").push(link);
                }
            }
        });
        Forwarder {
            port,
            up,
            links,
            accept,
        }
    }

    /// Cuts every open connection and closes new ones at once.
    pub fn stop(&self) {
        self.up.store(false, Ordering::Release);
        for link in self.links.lock().expect("links").drain(..) {
            link.abort();
        }
    }

    /// Forwards new connections again.
    pub fn resume(&self) {
        self.up.store(true, Ordering::Release);
    }
}

impl Drop for Forwarder {
    fn drop(&mut self) {
        self.stop();
        self.accept.abort();
    }
}
