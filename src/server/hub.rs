//! Live delivery of committed events to open streams. The hub is only a fast path: a stream
//! that falls behind is dropped from it and catches up from the database, so nothing is lost.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use uuid::Uuid;

use crate::server::store::{EventFilter, EventRecord};

/// Events a subscriber may have in flight before it is considered behind.
const BUFFER: usize = 1024;

type Sender = mpsc::Sender<Arc<EventRecord>>;

#[derive(Default)]
struct Subscribers {
    /// Customer streams, by chat.
    by_chat: HashMap<Uuid, Vec<Sender>>,
    /// Agent streams with their filters.
    agents: Vec<(EventFilter, Sender)>,
    subscriptions: u64,
}

/// Every this many subscriptions, streams that closed are swept out everywhere.
const SWEEP_EVERY: u64 = 64;

#[derive(Default)]
pub struct Hub {
    subscribers: Mutex<Subscribers>,
}

impl Subscribers {
    fn sweep(&mut self) {
        self.by_chat.retain(|_, list| {
            list.retain(|s| !s.is_closed());
            !list.is_empty()
        });
        self.agents.retain(|(_, s)| !s.is_closed());
    }
}

impl Hub {
    /// Starts receiving the events `filter` lets through. The receiver ends when the
    /// subscriber falls behind; it should then read what it missed from the database.
    pub fn subscribe(&self, filter: EventFilter) -> mpsc::Receiver<Arc<EventRecord>> {
        let (tx, rx) = mpsc::channel(BUFFER);
        let mut subs = self.subscribers.lock().expect("hub");
        subs.subscriptions += 1;
        if subs.subscriptions.is_multiple_of(SWEEP_EVERY) {
            subs.sweep();
        }
        match filter {
            EventFilter::Customer(chat) => {
                let list = subs.by_chat.entry(chat).or_default();
                list.retain(|s| !s.is_closed());
                list.push(tx);
            }
            agent @ EventFilter::Agent { .. } => {
                subs.agents.retain(|(_, s)| !s.is_closed());
                subs.agents.push((agent, tx));
            }
        }
        rx
    }

    /// Hands committed events, in order, to every matching subscriber.
    pub fn publish(&self, events: Vec<EventRecord>) {
        let mut subs = self.subscribers.lock().expect("hub");
        for event in events {
            let event = Arc::new(event);
            if event.audience.customer
                && let Some(chat) = event.chat_id
                && let Some(list) = subs.by_chat.get_mut(&chat)
            {
                list.retain(|s| s.try_send(Arc::clone(&event)).is_ok());
                if list.is_empty() {
                    subs.by_chat.remove(&chat);
                }
            }
            if event.audience.agent.is_some() || event.audience.queue.is_some() {
                subs.agents.retain(|(filter, s)| {
                    !filter.matches(&event) || s.try_send(Arc::clone(&event)).is_ok()
                });
            }
        }
    }

    /// Open streams (for health and tests).
    pub fn len(&self) -> usize {
        let subs = self.subscribers.lock().expect("hub");
        subs.by_chat.values().map(Vec::len).sum::<usize>() + subs.agents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
