//! The agent's event feed: `GET /api/v1/me/events`, reopened after every drop and resumed after
//! the last event delivered, so the consumer sees each event once and none is skipped.

use std::time::{Duration, Instant};

use eventsource_stream::{EventStream, EventStreamError};
use futures::{Stream, StreamExt};
use tokio::sync::mpsc;

use super::backoff::Backoff;
use super::error::{network_reason, refusal};
use super::{Backend, ClientError};
use crate::protocol::Event;

/// What the feed tells its consumer.
#[derive(Debug, Clone, PartialEq)]
pub enum Feed {
    /// The stream is open; events follow from where the previous connection left off.
    Connected,
    /// The next event, in order, never one already delivered.
    Event(Event),
    /// The stream is down; the next attempt is in `retry_in`. Repeats while attempts fail.
    Disconnected { reason: String, retry_in: Duration },
    /// The backend no longer accepts the token (401; also 403). The feed has stopped.
    SignedOut(String),
}

/// The feed's timings; [`FollowTiming::default`] is what the console uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FollowTiming {
    /// Wait before the first reconnect attempt; doubles after each failure.
    pub first_retry: Duration,
    /// Longest wait between attempts.
    pub max_retry: Duration,
    /// With nothing at all arriving for this long, the connection is taken for dead (the
    /// backend sends a keep-alive comment every 15 s).
    pub silence: Duration,
    /// A connection that stayed up this long (or delivered an event) resets the back-off.
    pub healthy_after: Duration,
}

impl Default for FollowTiming {
    fn default() -> Self {
        FollowTiming {
            first_retry: Duration::from_millis(250),
            max_retry: Duration::from_secs(10),
            silence: Duration::from_secs(40),
            healthy_after: Duration::from_secs(10),
        }
    }
}

/// Follows the agent's events after event `after`. With `None`, starts from the backend's
/// current event (read from the snapshot before the first connection), so that even a drop
/// before the first event leaves no gap. The task ends when the receiver is dropped.
pub fn follow(backend: Backend, after: Option<i64>) -> mpsc::Receiver<Feed> {
    follow_with(backend, after, FollowTiming::default())
}

/// [`follow`] with other timings (tests use a short `silence`).
pub fn follow_with(
    backend: Backend,
    after: Option<i64>,
    timing: FollowTiming,
) -> mpsc::Receiver<Feed> {
    let (out, feed) = mpsc::channel(256);
    tokio::spawn(async move {
        tokio::select! {
            () = run(backend, after, timing, &out) => {}
            () = out.closed() => {}
        }
    });
    feed
}

/// How one connection ended.
enum Ended {
    ReceiverGone,
    SignedOut(String),
    Dropped { reason: String, healthy: bool },
}

async fn run(backend: Backend, after: Option<i64>, timing: FollowTiming, out: &mpsc::Sender<Feed>) {
    let mut last = after;
    let mut backoff = Backoff::new(timing.first_retry, timing.max_retry);
    loop {
        let reason = match session(&backend, &mut last, timing, out).await {
            Ended::ReceiverGone => return,
            Ended::SignedOut(detail) => {
                let _ = out.send(Feed::SignedOut(detail)).await;
                return;
            }
            Ended::Dropped { reason, healthy } => {
                if healthy {
                    backoff.reset();
                }
                reason
            }
        };
        let retry_in = backoff.next_wait();
        tracing::debug!("event stream down ({reason}); retrying in {retry_in:?}");
        if out
            .send(Feed::Disconnected { reason, retry_in })
            .await
            .is_err()
        {
            return;
        }
        tokio::time::sleep(retry_in).await;
    }
}

/// Opens the stream after `*last` and delivers events until it ends, keeping `*last` at the
/// id of the last event delivered.
async fn session(
    backend: &Backend,
    last: &mut Option<i64>,
    timing: FollowTiming,
    out: &mpsc::Sender<Feed>,
) -> Ended {
    let after = match *last {
        Some(id) => id,
        None => match backend.snapshot().await {
            Ok(snapshot) => *last.insert(snapshot.last_event_id),
            Err(error) => return refused(error),
        },
    };
    let response = match backend.events_request(after).send().await {
        Ok(response) => response,
        Err(error) => return dropped(network_reason(&error)),
    };
    let response = match refusal(response).await {
        Ok(response) => response,
        Err(error) => return refused(error),
    };
    let is_stream = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if !is_stream {
        return dropped("the server did not answer with an event stream".to_string());
    }
    if out.send(Feed::Connected).await.is_err() {
        return Ended::ReceiverGone;
    }
    let opened = Instant::now();
    let mut delivered = false;
    let mut events = std::pin::pin!(EventStream::new(watch_silence(
        response.bytes_stream(),
        timing.silence,
    )));
    let reason = loop {
        let raw = match events.next().await {
            None => break "the server closed the event stream".to_string(),
            Some(Err(error)) => break stream_reason(error, timing.silence),
            Some(Ok(raw)) => raw,
        };
        let event: Event = match serde_json::from_str(&raw.data) {
            Ok(event) => event,
            Err(error) => {
                // An event this console does not know: step over it rather than loop on it.
                tracing::warn!(
                    "skipping unreadable event {:?} ({}): {error}",
                    raw.id,
                    raw.event
                );
                if let Ok(id) = raw.id.trim().parse::<i64>() {
                    *last = Some(last.map_or(id, |l| l.max(id)));
                }
                continue;
            }
        };
        if last.is_some_and(|l| event.id <= l) {
            continue;
        }
        *last = Some(event.id);
        delivered = true;
        if out.send(Feed::Event(event)).await.is_err() {
            return Ended::ReceiverGone;
        }
    };
    Ended::Dropped {
        reason,
        healthy: delivered || opened.elapsed() >= timing.healthy_after,
    }
}

fn dropped(reason: String) -> Ended {
    Ended::Dropped {
        reason,
        healthy: false,
    }
}

/// 401 and 403 stop the feed; anything else is tried again.
fn refused(error: ClientError) -> Ended {
    match error {
        ClientError::Refused(problem) if matches!(problem.status, 401 | 403) => {
            Ended::SignedOut(problem.detail)
        }
        ClientError::Refused(problem) => dropped(problem.detail),
        ClientError::Unreachable(reason) | ClientError::Unexpected(reason) => dropped(reason),
    }
}

/// Why the byte stream failed.
enum Wire {
    Network(reqwest::Error),
    Silent,
}

fn stream_reason(error: EventStreamError<Wire>, silence: Duration) -> String {
    match error {
        EventStreamError::Transport(Wire::Silent) => {
            format!(
                "nothing heard from the server for {} s",
                silence.as_secs_f64().round()
            )
        }
        EventStreamError::Transport(Wire::Network(error)) => network_reason(&error),
        EventStreamError::Utf8(_) | EventStreamError::Parser(_) => {
            "the event stream was garbled".to_string()
        }
    }
}

/// The byte stream, failing with [`Wire::Silent`] when nothing arrives for `limit`.
fn watch_silence<S, B>(bytes: S, limit: Duration) -> impl Stream<Item = Result<B, Wire>> + Send
where
    S: Stream<Item = reqwest::Result<B>> + Send + 'static,
    B: Send,
{
    futures::stream::unfold(Some(Box::pin(bytes)), move |bytes| async move {
        let mut bytes = bytes?;
        match tokio::time::timeout(limit, bytes.next()).await {
            Ok(Some(Ok(chunk))) => Some((Ok(chunk), Some(bytes))),
            Ok(Some(Err(error))) => Some((Err(Wire::Network(error)), None)),
            Ok(None) => None,
            Err(_) => Some((Err(Wire::Silent), None)),
        }
    })
}
