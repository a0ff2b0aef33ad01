//! The HTTP listener: accepts connections and serves each with hyper, under the connection
//! limits of `server.toml` — how many may be open at once, and how long a client has to send
//! a request's head (a connection that trickles its headers, or sits idle between requests,
//! is closed after that). Each request learns the client's address here (see
//! [`crate::server::limits::address`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

use crate::server::limits::{ClientAddr, Limits, address};

/// Open connections, given back as each one closes.
struct Opened(Arc<AtomicUsize>);

impl Drop for Opened {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Serves `app` on `listener` until `stop` turns true; then stops accepting, lets requests in
/// flight finish for up to `grace`, and closes what is still open.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Arc<Limits>,
    mut stop: watch::Receiver<bool>,
    grace: Duration,
) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.settings.header_read_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let open = Arc::new(AtomicUsize::new(0));
    let mut stopping = std::pin::pin!(async move {
        let _ = stop.wait_for(|stopped| *stopped).await;
    });
    loop {
        let (socket, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, say: wait a little instead of spinning.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stopping => break,
        };
        if let Some(most) = limits.settings.connections
            && open.load(Ordering::Relaxed) >= most
        {
            tracing::warn!(%peer, "{most} connections are open; closing a new one");
            continue;
        }
        open.fetch_add(1, Ordering::Relaxed);
        let opened = Opened(Arc::clone(&open));
        let _ = socket.set_nodelay(true);
        let app = app.clone();
        let limits = Arc::clone(&limits);
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let mut request = request.map(axum::body::Body::new);
            let client = address::client_address(
                peer.ip(),
                request.headers(),
                &limits.settings.trusted_proxies,
            );
            request.extensions_mut().insert(ClientAddr(client));
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(socket), service));
        tokio::spawn(async move {
            let _opened = opened;
            if let Err(e) = connection.await {
                tracing::debug!(%peer, "connection closed: {e}");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => {
            tracing::warn!("connections still open {grace:?} after the stop; closing them");
        }
    }
}
