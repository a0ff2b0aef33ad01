//! Live delivery of committed events to open streams. The hub is only a fast path: a stream
//! that falls behind is dropped from it and catches up from the database, so nothing is lost.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use uuid::Uuid;

use crate::server::store::{Audience, EventFilter, EventRecord};

/// Events a subscriber may have in flight before it is considered behind.
const BUFFER: usize = 1024;

type Sender = mpsc::Sender<Arc<EventRecord>>;

#[derive(Default)]
struct Subscribers {
    /// Customer streams, by chat.
    by_chat: HashMap<Uuid, Vec<Sender>>,
    /// Agent streams, by agent, with the queues each follows and whether it is a lead's (which
    /// also carries what is addressed to every lead).
    by_agent: HashMap<Uuid, Vec<(Following, Sender)>>,
    subscriptions: u64,
}

/// What an agent's stream follows besides what is addressed to the agent.
struct Following {
    queues: Vec<String>,
    lead: bool,
}

impl Following {
    fn wants(&self, audience: &Audience) -> bool {
        (self.lead && audience.leads)
            || audience
                .queue
                .as_ref()
                .is_some_and(|q| self.queues.contains(q))
    }
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
        self.by_agent.retain(|_, list| {
            list.retain(|(_, s)| !s.is_closed());
            !list.is_empty()
        });
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
            EventFilter::Agent { id, queues, lead } => {
                let list = subs.by_agent.entry(id).or_default();
                list.retain(|(_, s)| !s.is_closed());
                list.push((Following { queues, lead }, tx));
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
            let audience = &event.audience;
            if audience.queue.is_none() && !audience.leads {
                // The common case: one agent's event.
                if let Some(agent) = audience.agent
                    && let Some(list) = subs.by_agent.get_mut(&agent)
                {
                    list.retain(|(_, s)| s.try_send(Arc::clone(&event)).is_ok());
                }
            } else {
                // Each stream gets the event once, however many ways it is addressed to it.
                for (id, list) in subs.by_agent.iter_mut() {
                    list.retain(|(following, s)| {
                        let wanted = audience.agent == Some(*id) || following.wants(audience);
                        !wanted || s.try_send(Arc::clone(&event)).is_ok()
                    });
                }
            }
        }
    }

    /// Whether a customer stream of `chat` is open.
    pub fn has_customer(&self, chat: Uuid) -> bool {
        let subs = self.subscribers.lock().expect("hub");
        subs.by_chat
            .get(&chat)
            .is_some_and(|list| list.iter().any(|s| !s.is_closed()))
    }

    /// Hands a hint that is not stored (a place in line) to the customer streams of `chat`. A
    /// stream with no room for it misses it: it gets the current place when it catches up.
    pub fn hint(&self, chat: Uuid, event: Arc<EventRecord>) {
        let subs = self.subscribers.lock().expect("hub");
        if let Some(list) = subs.by_chat.get(&chat) {
            for subscriber in list {
                let _ = subscriber.try_send(Arc::clone(&event));
            }
        }
    }

    /// Open streams (for health and tests).
    pub fn len(&self) -> usize {
        let (customers, agents) = self.open_streams();
        customers + agents
    }

    /// Open streams: customers' pages, then agents' and leads' consoles.
    pub fn open_streams(&self) -> (usize, usize) {
        let subs = self.subscribers.lock().expect("hub");
        let open =
            |senders: &mut dyn Iterator<Item = &Sender>| senders.filter(|s| !s.is_closed()).count();
        (
            open(&mut subs.by_chat.values().flatten()),
            open(&mut subs.by_agent.values().flatten().map(|(_, s)| s)),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
