//! One node of a cluster on PostgreSQL: the store, the follower that hands this node's streams
//! what every node commits, and the thread that runs the timers when this node leads.

use std::sync::{Arc, Mutex};

use super::PostgresStore;
use super::follow::Follower;
use super::leader::Leadership;
use super::pages::OpenPages;
use super::writer::Writer;
use crate::server::store::sqlite::{Publish, Timers};

pub struct PostgresNode {
    pub store: Arc<PostgresStore>,
    /// The customer pages this node carries, told to the others.
    pub pages: OpenPages,
    /// Runs this node's writes, several to a transaction.
    pub writer: Writer,
    follower: Mutex<Option<Follower>>,
    leadership: Mutex<Option<Leadership>>,
}

impl PostgresNode {
    /// Connects to the database at `url` (migrating it when needed), then follows its events
    /// from the newest one on, handing them to `publish` in order, and runs `timers` whenever
    /// this node leads.
    pub fn start(
        url: &str,
        timers: Box<dyn Timers>,
        publish: Publish,
    ) -> anyhow::Result<Arc<PostgresNode>> {
        let store = Arc::new(PostgresStore::connect(url)?);
        let leadership = Leadership::start(Arc::clone(&store), timers)?;
        let waker = leadership.waker();
        let newest = store.read(|tx| tx.last_event_id())?;
        let follower = Follower::start(
            Arc::clone(&store),
            newest,
            Box::new(move |events| {
                publish(events);
                // New events may bring a timer nearer (a new offer, a new waiting chat).
                let _ = waker.send(());
            }),
        )?;
        let pages = OpenPages::start(Arc::clone(&store))?;
        let writer = Writer::start(Arc::clone(&store))?;
        Ok(Arc::new(PostgresNode {
            store,
            pages,
            writer,
            follower: Mutex::new(Some(follower)),
            leadership: Mutex::new(Some(leadership)),
        }))
    }

    /// Whether this node runs the cluster's timers now.
    pub fn leads_timers(&self) -> bool {
        self.leadership
            .lock()
            .expect("leadership")
            .as_ref()
            .is_some_and(Leadership::leading)
    }

    /// Stops following events and gives the timers' lead up. Blocks.
    pub fn close(&self) {
        self.writer.finish();
        self.pages.finish();
        if let Some(follower) = self.follower.lock().expect("follower").take() {
            follower.finish();
        }
        if let Some(leadership) = self.leadership.lock().expect("leadership").take() {
            leadership.finish();
        }
    }
}
