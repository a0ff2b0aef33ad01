//! The timers (offer expiry, inactivity, the queue's time limit) run on one node of the
//! cluster: the one holding the session-level advisory lock [`locks::TIMERS`]. Every node
//! tries for it once a [`TRY_EVERY`]; PostgreSQL releases it the moment the leader's connection
//! ends — a clean stop, a crash, kill -9 (the kernel closes its socket) — and another node
//! takes it within a second or so. A partitioned leader is cut off by the server's TCP
//! keepalives.
//!
//! The leader runs its timers in write transactions on the very session that holds the lock,
//! so nothing fires once the lock is lost: a lost session fails the transaction, and its
//! changes are undone. A timer fires once because its effect is stored in the same
//! transaction that fires it (an expired offer is no longer pending), under the cluster's
//! write lock, as on SQLite's one writer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use super::{PostgresStore, Session, locks};
use crate::server::store::sqlite::{Timers, now_ms};

/// How often a node that does not lead tries to take the lead.
pub const TRY_EVERY: Duration = Duration::from_secs(1);

/// The longest the leader waits before looking at the timers again: other nodes' commands may
/// have brought a deadline nearer (it is also woken by every batch of new events).
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// The leadership thread; stopped and joined by [`Leadership::finish`] (which gives the lead
/// up).
pub struct Leadership {
    stop: Arc<AtomicBool>,
    wake: mpsc::Sender<()>,
    leading: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Leadership {
    pub fn start(store: Arc<PostgresStore>, timers: Box<dyn Timers>) -> anyhow::Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let leading = Arc::new(AtomicBool::new(false));
        let (wake, woken) = mpsc::channel();
        let (stopping, lead) = (Arc::clone(&stop), Arc::clone(&leading));
        let thread = std::thread::Builder::new()
            .name("chatdesk-timers".into())
            .spawn(move || run(&store, timers, &woken, &stopping, &lead))?;
        Ok(Leadership {
            stop,
            wake,
            leading,
            thread,
        })
    }

    /// A waker for the leader: new events may have brought a deadline nearer.
    pub fn waker(&self) -> mpsc::Sender<()> {
        self.wake.clone()
    }

    /// Whether this node runs the timers now.
    pub fn leading(&self) -> bool {
        self.leading.load(Ordering::Relaxed)
    }

    pub fn finish(self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.wake.send(());
        let _ = self.thread.join();
    }
}

fn run(
    store: &PostgresStore,
    mut timers: Box<dyn Timers>,
    woken: &mpsc::Receiver<()>,
    stop: &AtomicBool,
    leading: &AtomicBool,
) {
    while !stop.load(Ordering::Relaxed) {
        match store.open_session() {
            Ok(mut session) => {
                while !stop.load(Ordering::Relaxed) && !session.client.is_closed() {
                    match take_lead(&mut session) {
                        Ok(true) => {
                            leading.store(true, Ordering::Relaxed);
                            tracing::info!("this node runs the timers");
                            lead(&mut session, timers.as_mut(), woken, stop);
                            leading.store(false, Ordering::Relaxed);
                        }
                        Ok(false) => {}
                        Err(e) => tracing::warn!("cannot ask for the timers' lead: {e}"),
                    }
                    if !stop.load(Ordering::Relaxed) {
                        let _ = woken.recv_timeout(TRY_EVERY);
                    }
                }
            }
            Err(e) => {
                tracing::warn!("the timers wait for the database: {e:#}");
                let _ = woken.recv_timeout(TRY_EVERY);
            }
        }
    }
}

fn take_lead(session: &mut Session) -> Result<bool, postgres::Error> {
    let row = session
        .client
        .query_one(&locks::try_for_session(locks::TIMERS), &[])?;
    row.try_get(0)
}

/// Runs the timers as they fall due, until stopped or the session is lost.
fn lead(
    session: &mut Session,
    timers: &mut dyn Timers,
    woken: &mpsc::Receiver<()>,
    stop: &AtomicBool,
) {
    // At once first: what fell due while no node led is dealt with now.
    let mut due: Option<i64> = Some(now_ms());
    loop {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let now = now_ms();
        let wait = match due {
            Some(at) if at <= now => Duration::ZERO,
            Some(at) => Duration::from_millis(u64::try_from(at - now).unwrap_or(0)).min(LOOK_EVERY),
            None => LOOK_EVERY,
        };
        if !wait.is_zero() {
            match woken.recv_timeout(wait) {
                Ok(()) => while woken.try_recv().is_ok() {},
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let now = now_ms();
        let fire = due.is_some_and(|at| at <= now);
        // Only a timer that fires writes (and takes the cluster's write lock for it).
        let outcome = match fire {
            true => PostgresStore::write_on(session, |tx| {
                timers.run_due(tx, now)?;
                timers.next_due(tx)
            }),
            false => PostgresStore::read_on(session, |tx| timers.next_due(tx)),
        };
        match outcome {
            Ok(next) => due = next,
            Err(e) if session.client.is_closed() => {
                tracing::warn!("this node lost the timers' lead with the database: {e:#}");
                return;
            }
            Err(e) => {
                // As on SQLite: undone, and tried again in a second.
                tracing::error!("timers failed: {e:#}");
                due = Some(now + 1000);
            }
        }
    }
}
