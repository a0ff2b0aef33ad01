//! Customers' places in line, told live at a cost that does not grow with the queue.
//!
//! A place in line is a fact of the moment, not history: nothing about it is stored per waiting
//! customer. When a chat enters or leaves a queue (the `queue.entered` / `queue.left` events),
//! the queue is marked as moved; once a second at most, each moved queue's line is read once
//! (one index range) and every waiting customer whose page is open and whose place changed gets
//! a `queue.position` hint on their stream. Hints carry no SSE id (`id` 0 in the data), so they
//! never disturb resuming; a stream that opens or catches up gets the current place right after
//! the stored events it replays.
//!
//! So a chat leaving a 5,000-deep queue writes the same few events as one leaving a queue of
//! two, and a timer or a restart that ends hundreds of waiting chats at once costs one read per
//! queue per second, not one event per customer behind each of them.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use uuid::Uuid;

use crate::protocol::{Event, EventBody};
use crate::server::hub::Hub;
use crate::server::store::Database;
use crate::server::store::sqlite::now_ms;
use crate::server::store::{Audience, EventRecord, StoreResult, timestamp};

/// How often moved queues are told, at most.
const EVERY: Duration = Duration::from_secs(1);

/// The queues whose line moved since they were last told.
#[derive(Debug, Default)]
pub struct MovedQueues {
    queues: Mutex<HashSet<String>>,
}

impl MovedQueues {
    /// Notes the queues that committed `events` moved.
    pub fn note(&self, events: &[EventRecord]) {
        let mut moved = events
            .iter()
            .filter(|e| matches!(e.kind.as_str(), "queue.entered" | "queue.left"))
            .filter_map(|e| e.audience.queue.clone())
            .peekable();
        if moved.peek().is_some() {
            self.queues
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(moved);
        }
    }

    fn take(&self) -> HashSet<String> {
        std::mem::take(&mut *self.queues.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The hint telling one customer their place: not stored, so it has no id of its own.
pub fn hint(chat: Uuid, position: u32) -> EventRecord {
    let body = EventBody::QueuePosition { position };
    let event = Event {
        id: 0,
        at: timestamp(now_ms()),
        chat_id: Some(chat),
        body,
    };
    EventRecord {
        seq: 0,
        chat_id: Some(chat),
        audience: Audience::customer(),
        kind: "queue.position".to_string(),
        json: serde_json::to_string(&event).unwrap_or_default(),
    }
}

/// Whether an event on a stream is a hint rather than a stored event.
pub fn is_hint(event: &EventRecord) -> bool {
    event.seq == 0
}

/// The place of `chat` in its queue now, when it is waiting.
pub fn current(store: &Database, chat: Uuid) -> StoreResult<Option<u32>> {
    store.read(|tx| {
        let Some(row) = tx.chat(chat)? else {
            return Ok(None);
        };
        if row.state != crate::protocol::ChatState::Queued {
            return Ok(None);
        }
        let ahead = tx.waiting_ahead(&row.queue, row.queued_ms, row.id)?;
        Ok(Some(ahead.saturating_add(1)))
    })
}

/// Tells the customers of moved queues their places, once a second at most, until `stop`.
pub async fn tell_moved_queues(
    store: Arc<Database>,
    hub: Arc<Hub>,
    moved: Arc<MovedQueues>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    // The place each open page was last told, per queue, so an unchanged place is not re-sent.
    let mut told: HashMap<String, HashMap<Uuid, u32>> = HashMap::new();
    let mut every = tokio::time::interval(EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            _ = stop.wait_for(|stopped| *stopped) => return,
        }
        for queue in moved.take() {
            let reader = Arc::clone(&store);
            let name = queue.clone();
            let line = match store_read(reader, name).await {
                Ok(line) => line,
                Err(e) => {
                    tracing::warn!(queue, "cannot read the queue's line: {e:#}");
                    continue;
                }
            };
            let before = told.remove(&queue).unwrap_or_default();
            let mut now_told = HashMap::new();
            for (i, chat) in line.into_iter().enumerate() {
                let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
                if !hub.has_customer(chat) {
                    continue;
                }
                if before.get(&chat) != Some(&position) {
                    hub.hint(chat, Arc::new(hint(chat, position)));
                }
                now_told.insert(chat, position);
            }
            if !now_told.is_empty() {
                told.insert(queue, now_told);
            }
        }
    }
}

async fn store_read(store: Arc<Database>, queue: String) -> StoreResult<Vec<Uuid>> {
    store.read_blocking(move |tx| tx.queue_line(&queue)).await
}
