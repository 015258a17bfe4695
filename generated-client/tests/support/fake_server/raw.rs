//! [`RawServer`]: exact bytes from a raw TCP socket, for answers no HTTP library sends.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::{API_PREFIX, HAL_JSON};

/// A TCP server on 127.0.0.1 that reads each request's head and answers with fixed bytes, then
/// closes the connection: for answers no HTTP library sends, such as a body shorter than its
/// `Content-Length`. Stops when dropped.
pub(crate) struct RawServer {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts on a free port; every connection gets `response`, byte for byte, then is closed.
    pub(crate) async fn start(response: Vec<u8>) -> RawServer {
        RawServer::start_lingering(response, Duration::ZERO).await
    }

    /// The same, holding each connection open for `linger` after the response before closing it.
    ///
    /// # Panics
    /// When no port can be bound.
    pub(crate) async fn start_lingering(response: Vec<u8>, linger: Duration) -> RawServer {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("a bound listener has an address");
        let response = Arc::new(response);
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let response = Arc::clone(&response);
                tokio::spawn(async move {
                    // Read the whole head first: closing with unread input would send a reset.
                    let mut head = Vec::new();
                    let mut chunk = [0_u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let _ = socket.write_all(&response).await;
                    let _ = socket.flush().await;
                    tokio::time::sleep(linger).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        RawServer { addr, task }
    }

    /// A 200 that announces `announced` bytes of `application/hal+json` but sends only the
    /// first `sent` bytes of `body`, then closes.
    pub(crate) async fn cut_off(body: &str, announced: usize, sent: usize) -> RawServer {
        RawServer::start(partial_answer(body, announced, sent)).await
    }

    /// The same, but the connection stays open, silent, for `stall` before it closes.
    pub(crate) async fn stalled(body: &str, announced: usize, sent: usize, stall: Duration) -> RawServer {
        RawServer::start_lingering(partial_answer(body, announced, sent), stall).await
    }

    /// The API base URL on this server.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}{API_PREFIX}", self.addr)
    }
}

fn partial_answer(body: &str, announced: usize, sent: usize) -> Vec<u8> {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {HAL_JSON}\r\ncontent-length: {announced}\r\nconnection: close\r\n\r\n"
    )
    .into_bytes();
    response.extend_from_slice(&body.as_bytes()[..sent.min(body.len())]);
    response
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
