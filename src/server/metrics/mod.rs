//! What an operator graphs and alerts on, in the Prometheus (OpenMetrics) text format at
//! `GET /metrics`. Two kinds of figure:
//!
//! - counted as things happen: requests by route and status with their latency, messages stored,
//!   offers that ran out, missed chats, reply and queue-wait breaches, timer lag — kept in one
//!   registry for the backend's life;
//! - read at each scrape from the store and the process: queue depth and oldest wait per queue,
//!   agents by presence, active chats, open event streams, requests limited, database and WAL
//!   size ([`floor::Figures`]).
//!
//! Counting an event costs a hash-map step at most, so nothing here grows with history.

pub mod floor;
pub mod page;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};
use serde::Deserialize;
use uuid::Uuid;

use crate::policy::sla::{self, SlaPolicy, WaitLevel};
use crate::protocol::{MissedChat, OfferEnd, Party};
use crate::server::store::EventRecord;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BreachLabels {
    /// `reply` or `queue_wait`.
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MissedLabels {
    why: String,
}

/// The figures counted over the backend's life.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    messages: Counter,
    offers_expired: Counter,
    missed: Family<MissedLabels, Counter>,
    breaches: Family<BreachLabels, Counter>,
    timer_lag: Histogram,
    sla: SlaPolicy,
    waits: Mutex<Waits>,
}

/// Since when each chat has waited: for a reply (its oldest unanswered customer message) and
/// in its queue. Entries leave when the wait ends or the chat does, so this follows the live
/// chats, not history.
#[derive(Default)]
struct Waits {
    reply: HashMap<Uuid, Instant>,
    queue: HashMap<Uuid, Instant>,
}

impl Metrics {
    pub fn new(sla: SlaPolicy) -> Metrics {
        let mut registry = Registry::with_prefix("chatdesk");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 0.5 ms to ~16 s.
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        registry.register_with_unit(
            "http_request_duration",
            "Time from a request's arrival to its answer's head, by route",
            Unit::Seconds,
            latency.clone(),
        );
        let messages = Counter::default();
        registry.register(
            "messages_stored",
            "Chat messages stored (customers' and agents')",
            messages.clone(),
        );
        let offers_expired = Counter::default();
        registry.register(
            "offers_expired",
            "Chat offers that ran out without an answer",
            offers_expired.clone(),
        );
        let missed = Family::<MissedLabels, Counter>::default();
        registry.register(
            "missed_chats",
            "Chats missed (the customer left or the wait ran out before an answer), by why",
            missed.clone(),
        );
        let breaches = Family::<BreachLabels, Counter>::default();
        registry.register(
            "sla_breaches",
            "Replies that came after the reply SLA, and chats that waited in their queue past \
             its flag, by kind",
            breaches.clone(),
        );
        for kind in ["reply", "queue_wait"] {
            let _ = breaches.get_or_create(&BreachLabels { kind });
        }
        let timer_lag = Histogram::new(exponential_buckets(0.001, 2.0, 14));
        registry.register_with_unit(
            "timer_lag",
            "How late the routing timers (offer expiry, inactivity, queue limits) ran",
            Unit::Seconds,
            timer_lag.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            messages,
            offers_expired,
            missed,
            breaches,
            timer_lag,
            sla,
            waits: Mutex::default(),
        }
    }

    /// One answered request; `route` is the route's pattern (`/api/v1/chats/{id}`), never the
    /// path itself, so the number of series stays fixed.
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                method: method.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_string(),
            })
            .observe(seconds);
    }

    /// The routing timers ran `seconds` after they fell due.
    pub fn timer_lag(&self, seconds: f64) {
        self.timer_lag.observe(seconds);
    }

    /// Counts what committed events say happened.
    pub fn observe(&self, events: &[EventRecord]) {
        let now = Instant::now();
        let mut waits = self.waits.lock().expect("metrics waits");
        for event in events {
            let chat = event.chat_id;
            match event.kind.as_str() {
                "message.created" => {
                    self.messages.inc();
                    if let (Some(chat), Some(author)) = (chat, author(&event.json)) {
                        self.message(&mut waits, chat, author, now);
                    }
                }
                "offer.ended" if offer_end(&event.json) == Some(OfferEnd::Expired) => {
                    self.offers_expired.inc();
                }
                "missed.updated" => {
                    if let Some(why) = newly_missed(&event.json) {
                        self.missed.get_or_create(&MissedLabels { why }).inc();
                    }
                }
                "queue.entered" => {
                    if let Some(chat) = chat {
                        waits.queue.entry(chat).or_insert(now);
                    }
                }
                "queue.left" => {
                    let since = chat.and_then(|chat| waits.queue.remove(&chat));
                    if since.is_some_and(|since| {
                        sla::queue_wait_flagged(now.duration_since(since).as_secs(), &self.sla)
                    }) {
                        self.breach("queue_wait");
                    }
                }
                "chat.ended" => {
                    if let Some(chat) = chat {
                        waits.reply.remove(&chat);
                        waits.queue.remove(&chat);
                    }
                }
                _ => {}
            }
        }
    }

    fn message(&self, waits: &mut Waits, chat: Uuid, author: Party, now: Instant) {
        match author {
            Party::Customer => {
                waits.reply.entry(chat).or_insert(now);
            }
            Party::Agent => {
                let since = waits.reply.remove(&chat);
                if since.is_some_and(|since| {
                    sla::reply_wait(now.duration_since(since).as_secs(), &self.sla)
                        == WaitLevel::Breach
                }) {
                    self.breach("reply");
                }
            }
            Party::System => {}
        }
    }

    fn breach(&self, kind: &'static str) {
        self.breaches.get_or_create(&BreachLabels { kind }).inc();
    }

    /// The whole page: what was counted, then what `figures` read now.
    pub fn render(&self, figures: &floor::Figures) -> String {
        use prometheus_client::encoding::text::{encode_eof, encode_registry};
        let mut text = String::with_capacity(16 * 1024);
        let now = figures.registry();
        // Writing to a String cannot fail.
        let _ = encode_registry(&mut text, &self.registry);
        let _ = encode_registry(&mut text, &now);
        let _ = encode_eof(&mut text);
        text
    }
}

/// Who wrote a `message.created` event's message. Read off the text rather than parsed, as this
/// runs for every message: the key `"author":"` can only be the real one, since quotes inside
/// strings are escaped.
fn author(json: &str) -> Option<Party> {
    const KEY: &str = "\"author\":\"";
    let at = json.find(KEY)? + KEY.len();
    let rest = &json[at..];
    let value = &rest[..rest.find('"')?];
    match value {
        "customer" => Some(Party::Customer),
        "agent" => Some(Party::Agent),
        "system" => Some(Party::System),
        _ => None,
    }
}

fn offer_end(json: &str) -> Option<OfferEnd> {
    #[derive(Deserialize)]
    struct Body {
        reason: OfferEnd,
    }
    serde_json::from_str::<Body>(json).ok().map(|b| b.reason)
}

/// Why a chat was missed, when the event announces a new missed chat (not a claim or a
/// follow-up of one already counted).
fn newly_missed(json: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Body {
        missed: MissedChat,
    }
    let missed = serde_json::from_str::<Body>(json).ok()?.missed;
    if missed.claimed_at.is_some() || missed.followed_up_at.is_some() {
        return None;
    }
    serde_json::to_value(missed.why)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
}

#[cfg(test)]
mod tests;
