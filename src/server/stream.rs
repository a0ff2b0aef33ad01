//! Server-Sent Events with resume: a stream replays the stored events after the client's last
//! one, then follows live ones. Every event carries its id, so a reconnecting client gets
//! exactly what it missed: no gap, no duplicate.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures::Stream;
use tokio::sync::{mpsc, watch};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

use crate::server::hub::Hub;
use crate::server::limits::StreamSlot;
use crate::server::pages::PageVisit;
use crate::server::positions;
use crate::server::problem::ApiError;
use crate::server::store::Database;
use crate::server::store::{EventFilter, EventRecord, TokenHash};

/// Events read from the database per query while catching up.
const PAGE: usize = 500;

pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The id to resume after: the `Last-Event-ID` header, else the `after` query parameter.
pub fn resume_point(
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<Option<i64>, ApiError> {
    let after = match query.get("after") {
        Some(text) => Some(
            text.trim()
                .parse::<i64>()
                .ok()
                .filter(|id| *id >= 0)
                .ok_or_else(|| {
                    ApiError::bad_request("after must be the id of an event: a whole number.")
                })?,
        ),
        None => None,
    };
    match headers.get("last-event-id") {
        Some(value) => value
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|id| *id >= 0)
            .map(Some)
            .ok_or_else(|| {
                ApiError::bad_request("Last-Event-ID must be the id of an event: a whole number.")
            }),
        None => Ok(after),
    }
}

fn to_sse(event: &EventRecord) -> SseEvent {
    let sse = SseEvent::default()
        .event(event.kind.as_str())
        .data(event.json.as_str());
    // A hint is not stored: without an id it leaves the client's resume point alone.
    match positions::is_hint(event) {
        true => sse,
        false => sse.id(event.seq.to_string()),
    }
}

/// Who a stream is for, so it can end when that sign-in is withdrawn.
pub enum Reader {
    /// A customer's page, open for as long as the stream is.
    Customer(PageVisit),
    /// An agent, by the hash of the token the stream was opened with.
    Agent { token_hash: TokenHash },
}

/// A response streaming every event `filter` lets through after `after`, holding the reader's
/// stream slot for as long as it is open.
/// The stream ends when `shutdown` becomes true, or when an agent's token is withdrawn.
pub fn respond(
    store: Arc<Database>,
    hub: Arc<Hub>,
    shutdown: watch::Receiver<bool>,
    (reader, slot): (Reader, StreamSlot),
    filter: EventFilter,
    after: i64,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let (out, events) = mpsc::channel::<SseEvent>(64);
    tokio::spawn(async move {
        // The stream's place under its limits is given back when it ends.
        let _slot = slot;
        let mut shutdown = shutdown;
        let checker = Arc::clone(&store);
        tokio::select! {
            () = follow(store, hub, filter, after, out) => {}
            () = withdrawn(checker, reader) => {}
            _ = shutdown.wait_for(|stopped| *stopped) => {}
        }
    });
    Sse::new(ReceiverStream::new(events).map(Ok)).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

/// Returns once the reader's sign-in no longer works (never, for a customer: the page's visit
/// lasts until the stream is dropped).
async fn withdrawn(store: Arc<Database>, reader: Reader) {
    let Reader::Agent { token_hash } = reader else {
        return std::future::pending().await;
    };
    let mut every = tokio::time::interval(KEEP_ALIVE);
    loop {
        every.tick().await;
        let hash = token_hash.clone();
        if let Ok(None) = store
            .read_blocking(move |tx| tx.agent_by_token(&hash))
            .await
        {
            return;
        }
    }
}

async fn follow(
    store: Arc<Database>,
    hub: Arc<Hub>,
    filter: EventFilter,
    mut last: i64,
    out: mpsc::Sender<SseEvent>,
) {
    loop {
        // Subscribe first, then read: whatever commits in between arrives live and is skipped
        // by id if the read already had it.
        let mut live = hub.subscribe(filter.clone());
        loop {
            let page_filter = filter.clone();
            let page = match store
                .read_blocking(move |tx| tx.events_after(&page_filter, last, PAGE))
                .await
            {
                Ok(page) => page,
                Err(e) => {
                    tracing::error!("an event stream cannot read the database: {e:#}");
                    return;
                }
            };
            let full = page.len() == PAGE;
            for event in page {
                if out.send(to_sse(&event)).await.is_err() {
                    return;
                }
                last = event.seq;
            }
            if !full {
                break;
            }
        }
        // A waiting customer learns their place now: what was replayed may be out of date.
        if let EventFilter::Customer(chat) = filter {
            let reader = Arc::clone(&store);
            let place = tokio::task::spawn_blocking(move || positions::current(&reader, chat))
                .await
                .ok()
                .and_then(Result::ok)
                .flatten();
            if let Some(position) = place
                && out
                    .send(to_sse(&positions::hint(chat, position)))
                    .await
                    .is_err()
            {
                return;
            }
        }
        loop {
            let event = tokio::select! {
                event = live.recv() => event,
                () = out.closed() => return,
            };
            let Some(event) = event else {
                break; // fell behind: catch up from the database
            };
            if positions::is_hint(&event) {
                if out.send(to_sse(&event)).await.is_err() {
                    return;
                }
                continue;
            }
            if event.seq <= last {
                continue;
            }
            if out.send(to_sse(&event)).await.is_err() {
                return;
            }
            last = event.seq;
        }
    }
}
