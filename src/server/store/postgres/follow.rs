//! How a node learns what every node committed: the events table read by id, woken early by
//! PostgreSQL's LISTEN/NOTIFY.
//!
//! Every write transaction that appends events sends `NOTIFY chatdesk_events`, delivered to
//! every listening session when it commits. Each node keeps one session listening, and reads
//! the events after the last one it handed on whenever a notification arrives, and in any case
//! every [`POLL`]: a notification is only a wake-up hint, never needed for correctness. Ids
//! commit in their order (see `events.rs`), so "after the last one handed on" misses nothing and
//! repeats nothing, and every node hands its streams the one order of the cluster — its own
//! writes included, which come back the same way.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;

use super::PostgresStore;
use crate::server::store::EventRecord;
use crate::server::store::sqlite::Publish;

/// Sent by a write transaction that appended events (see [`super::PostgresTx::commit`]).
pub const NOTIFY: &str = "NOTIFY chatdesk_events";
const LISTEN: &str = "LISTEN chatdesk_events";

/// The longest a node goes without looking for new events, notification or not.
pub const POLL: Duration = Duration::from_millis(250);

/// How long a node waits before connecting again after losing the database.
const RECONNECT: Duration = Duration::from_secs(1);

/// Events read per query.
const PAGE: usize = 500;

/// The follower's thread; stopped and joined by [`Follower::finish`].
pub struct Follower {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Follower {
    /// Hands every event committed after `last` (on any node) to `publish`, in order, until
    /// finished.
    pub fn start(
        store: Arc<PostgresStore>,
        last: i64,
        publish: Publish,
    ) -> anyhow::Result<Follower> {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("chatdesk-follow".into())
            .spawn(move || follow(&store, last, &publish, &stopping))?;
        Ok(Follower { stop, thread })
    }

    pub fn finish(self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
    }
}

fn follow(store: &PostgresStore, mut last: i64, publish: &Publish, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        let mut listener = match store.open_session() {
            Ok(session) => session.client,
            Err(e) => {
                tracing::warn!("cannot follow the events: {e:#}");
                std::thread::sleep(RECONNECT);
                continue;
            }
        };
        if let Err(e) = listener.batch_execute(LISTEN) {
            tracing::warn!("cannot listen for events: {e}");
            std::thread::sleep(RECONNECT);
            continue;
        }
        while !stop.load(Ordering::Relaxed) {
            // First read: what committed while no notification could arrive is not missed.
            if let Err(e) = catch_up(store, &mut last, publish) {
                tracing::warn!("cannot read the new events: {e:#}");
            }
            let mut notes = listener.notifications();
            let woken = notes.timeout_iter(POLL).next();
            // Several commits may have woken us: one read serves them all.
            let drained = woken.and_then(|_| notes.iter().count());
            if let Err(e) = drained {
                tracing::warn!("the event listener lost the database: {e}");
                std::thread::sleep(RECONNECT);
                break;
            }
        }
    }
}

/// Hands on every event after `last`, and moves `last` past them.
fn catch_up(store: &PostgresStore, last: &mut i64, publish: &Publish) -> anyhow::Result<()> {
    loop {
        let events: Vec<EventRecord> = store.events_since(*last, PAGE)?;
        let full = events.len() == PAGE;
        if let Some(newest) = events.last() {
            *last = newest.seq;
            publish(events);
        }
        if !full {
            return Ok(());
        }
    }
}
