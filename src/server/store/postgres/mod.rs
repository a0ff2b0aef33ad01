//! PostgreSQL, for several nodes on one database: the same store traits as SQLite over the
//! same SQL where the dialects allow ([`crate::server::store::sql`]), the same masking choke
//! point ([`crate::server::store::columns`]), and one cluster-wide order of events
//! ([`events`]).
//!
//! The client is the synchronous `postgres` crate (tokio-postgres underneath): the engine's
//! [`Tx`](crate::server::store::Tx) is synchronous, and SQLite's store runs it on threads of
//! its own, so a blocking client fits without a second, async, set of traits. Each client runs
//! its own small runtime, which cannot start on a thread that drives async tasks: the store
//! moves its blocking work off such a thread itself ([`off_the_runtime`]), so handlers may read
//! it directly as they read SQLite's. Sessions are kept in a small pool of
//! idle connections, like the SQLite store's readers: taken for one transaction, put back
//! after it if still open.
//!
//! [`PostgresTx`] implements the whole [`Tx`](crate::server::store::Tx). `chatdesk serve
//! --database` runs a [`PostgresNode`]: this store, a follower that hands the node's streams
//! what every node commits ([`follow`]), and the timers, run by one node at a time
//! ([`leader`]).

mod agents;
mod chats;
#[cfg(test)]
pub mod cluster;
mod columns;
pub mod copy;
mod escalations;
mod events;
pub mod follow;
mod lead;
pub mod leader;
mod locks;
mod migrate;
mod missed;
mod node;
mod offers;
pub mod pages;
mod procedure;
mod review;
#[cfg(test)]
mod tests;
mod tx;
mod writer;

use std::collections::HashMap;
use std::sync::Mutex;

use anyhow::Context;
use postgres::{Client, IsolationLevel, NoTls, Statement};

pub use migrate::{MIGRATIONS, version};
pub use node::PostgresNode;
pub use tx::PostgresTx;

use crate::server::store::{DatabaseUnreachable, EventRecord, StoreResult, Tx};

/// Connections kept open between transactions.
const MAX_IDLE_SESSIONS: usize = 16;

/// Transactions a node runs at once; more wait for one to end rather than open connections
/// without bound (PostgreSQL refuses past its `max_connections`, and writes run one at a time
/// across the cluster anyway).
const MAX_BUSY_SESSIONS: usize = 24;

/// One connection and the statements it has prepared.
struct Session {
    client: Client,
    statements: HashMap<String, Statement>,
}

pub struct PostgresStore {
    config: postgres::Config,
    idle: Mutex<Vec<Session>>,
    /// Sessions in use now, at most [`MAX_BUSY_SESSIONS`].
    busy: Mutex<usize>,
    freed: std::sync::Condvar,
}

/// A place among the sessions in use, given back when dropped.
struct Busy<'s>(&'s PostgresStore);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        *self.0.busy.lock().expect("busy sessions") -= 1;
        self.0.freed.notify_one();
    }
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host:port/database`) and brings its
    /// schema up to date.
    pub fn connect(url: &str) -> anyhow::Result<PostgresStore> {
        off_the_runtime(|| PostgresStore::connect_here(url))
    }

    /// Connects to a database that a backend has already set up, without changing it (the
    /// report reads it so); refused when its schema is not this chatdesk's.
    pub fn connect_existing(url: &str) -> anyhow::Result<PostgresStore> {
        off_the_runtime(|| {
            let store = PostgresStore::unmigrated(url)?;
            let mut session = store.open_session()?;
            let (applied, known) = (migrate::version(&mut session.client)?, MIGRATIONS.len());
            if applied != known {
                anyhow::bail!(
                    "the database is from another chatdesk version (schema {applied}, this one \
                     knows {known}); run this chatdesk's backend on it once first"
                );
            }
            store.put_back(session);
            Ok(store)
        })
    }

    fn connect_here(url: &str) -> anyhow::Result<PostgresStore> {
        let store = PostgresStore::unmigrated(url)?;
        let mut session = store.open_session()?;
        migrate::migrate(&mut session.client).context("cannot migrate the database")?;
        store.put_back(session);
        Ok(store)
    }

    fn unmigrated(url: &str) -> anyhow::Result<PostgresStore> {
        let mut config: postgres::Config = url
            .parse()
            .context("the database address is not a PostgreSQL connection string")?;
        // A request never waits long for a database that is away: it is answered 503 instead.
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(3));
        }
        // A server that vanished without closing the connection (a cut network) is noticed
        // within half a minute, so a cut-off timers' leader gives the lead up.
        config.keepalives_idle(std::time::Duration::from_secs(10));
        Ok(PostgresStore {
            config,
            idle: Mutex::new(Vec::new()),
            busy: Mutex::new(0),
            freed: std::sync::Condvar::new(),
        })
    }

    fn open_session(&self) -> StoreResult<Session> {
        let client = self
            .config
            .connect(NoTls)
            .map_err(|e| anyhow::Error::from(e).context(DatabaseUnreachable))
            .context("cannot connect to the database")?;
        Ok(Session {
            client,
            statements: HashMap::new(),
        })
    }

    /// Waits for a place among the sessions in use.
    fn busy(&self) -> Busy<'_> {
        let mut busy = self.busy.lock().expect("busy sessions");
        while *busy >= MAX_BUSY_SESSIONS {
            busy = self.freed.wait(busy).expect("busy sessions");
        }
        *busy += 1;
        Busy(self)
    }

    fn take_session(&self) -> StoreResult<Session> {
        let idle = self.idle.lock().expect("session pool").pop();
        match idle {
            Some(session) if !session.client.is_closed() => Ok(session),
            _ => self.open_session(),
        }
    }

    fn put_back(&self, session: Session) {
        if session.client.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().expect("session pool");
        if idle.len() < MAX_IDLE_SESSIONS {
            idle.push(session);
        }
    }

    /// Runs `work` in one READ COMMITTED transaction holding the cluster's write lock (one
    /// write transaction at a time across every node, see [`locks::WRITES`]) and commits it
    /// when `work` succeeds (rolls it back when it fails). Returns what `work` returned and the
    /// events it appended, in order, to be published now that they are durable.
    pub fn write<T: Send>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> StoreResult<T> + Send,
    ) -> StoreResult<(T, Vec<EventRecord>)> {
        self.run(IsolationLevel::ReadCommitted, false, |mut tx| {
            tx.take_writes()?;
            let value = work(&mut tx)?;
            Ok((value, tx.commit()?))
        })
    }

    /// Runs `work` in one read-only transaction that sees one snapshot throughout.
    pub fn read<T: Send>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> StoreResult<T> + Send,
    ) -> StoreResult<T> {
        self.run(IsolationLevel::RepeatableRead, true, |mut tx| {
            let value = work(&mut tx)?;
            tx.commit()?;
            Ok(value)
        })
    }

    fn run<T: Send>(
        &self,
        isolation: IsolationLevel,
        read_only: bool,
        work: impl FnOnce(PostgresTx) -> StoreResult<T> + Send,
    ) -> StoreResult<T> {
        off_the_runtime(|| self.run_here(isolation, read_only, work))
    }

    fn run_here<T>(
        &self,
        isolation: IsolationLevel,
        read_only: bool,
        work: impl FnOnce(PostgresTx) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let _busy = self.busy();
        let mut work = Some(work);
        let mut session = self.take_session()?;
        let mut result = run_on(&mut session, isolation, read_only, |tx| {
            (work.take().expect("run once"))(tx)
        });
        if work.is_some() && session.client.is_closed() {
            // BEGIN found a pooled session dead (the server restarted since it was last used):
            // nothing was sent, so a fresh session is tried; the pool's others died with it.
            self.idle.lock().expect("session pool").clear();
            session = self.open_session()?;
            result = run_on(&mut session, isolation, read_only, |tx| {
                (work.take().expect("run once"))(tx)
            });
        }
        // A connection lost on the way is the database's absence, not the request's fault.
        let lost = session.client.is_closed();
        self.put_back(session);
        result.map_err(|e| {
            if lost {
                e.context(DatabaseUnreachable)
            } else {
                e
            }
        })
    }

    /// Like [`Self::write`], on `session` (the timers' leader runs its writes on the session
    /// that holds its leadership, so they stop the moment it is lost). Must not be called from
    /// a thread that drives async tasks.
    fn write_on<T>(
        session: &mut Session,
        work: impl FnOnce(&mut dyn Tx) -> StoreResult<T>,
    ) -> StoreResult<T> {
        run_on(session, IsolationLevel::ReadCommitted, false, |mut tx| {
            tx.take_writes()?;
            let value = work(&mut tx)?;
            tx.commit()?;
            Ok(value)
        })
    }

    /// Like [`Self::read`], on `session`.
    fn read_on<T>(
        session: &mut Session,
        work: impl FnOnce(&mut dyn Tx) -> StoreResult<T>,
    ) -> StoreResult<T> {
        run_on(session, IsolationLevel::RepeatableRead, true, |mut tx| {
            let value = work(&mut tx)?;
            tx.commit()?;
            Ok(value)
        })
    }

    /// Like [`Self::read`] for request handlers: `work` need not be `Send` and fails with an
    /// error of its own. On a worker of a multi-threaded runtime it blocks in place.
    pub fn read_in_place<T, E: From<anyhow::Error>>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        use tokio::runtime::{Handle, RuntimeFlavor};
        let read = || {
            let mut failed: Option<E> = None;
            let outcome =
                self.run_here(IsolationLevel::RepeatableRead, true, |mut tx| {
                    match work(&mut tx) {
                        Ok(value) => {
                            tx.commit()?;
                            Ok(Some(value))
                        }
                        Err(e) => {
                            failed = Some(e);
                            Ok(None)
                        }
                    }
                });
            match (outcome, failed) {
                (_, Some(e)) => Err(e),
                (Ok(Some(value)), None) => Ok(value),
                (Ok(None), None) => Err(E::from(anyhow::anyhow!("a read gave nothing back"))),
                (Err(e), None) => Err(E::from(e)),
            }
        };
        match Handle::try_current().map(|handle| handle.runtime_flavor()) {
            Err(_) => read(),
            Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(read),
            Ok(_) => Err(E::from(anyhow::anyhow!(
                "the PostgreSQL store is read from a multi-threaded runtime only"
            ))),
        }
    }

    /// Whether the database answers now (the readiness route asks).
    pub fn answers(&self) -> bool {
        off_the_runtime(|| {
            let _busy = self.busy();
            let Ok(mut session) = self.take_session() else {
                return false;
            };
            let fine = session.client.simple_query("SELECT 1").is_ok();
            self.put_back(session);
            fine
        })
    }

    /// Every event after `after`, up to `limit` of them, in order.
    pub fn events_since(&self, after: i64, limit: usize) -> StoreResult<Vec<EventRecord>> {
        self.run(IsolationLevel::RepeatableRead, true, |mut tx| {
            let events = tx.all_events_after(after, limit)?;
            tx.commit()?;
            Ok(events)
        })
    }
}

/// Runs `work` in one transaction on `session`; dropping an unfinished transaction rolls it
/// back.
fn run_on<T>(
    session: &mut Session,
    isolation: IsolationLevel,
    read_only: bool,
    work: impl FnOnce(PostgresTx) -> StoreResult<T>,
) -> StoreResult<T> {
    let Session { client, statements } = session;
    let tx = client
        .build_transaction()
        .isolation_level(isolation)
        .read_only(read_only)
        .start()?;
    work(PostgresTx::new(tx, statements))
}

impl Drop for PostgresStore {
    /// Closing a connection blocks too (it says goodbye to the server).
    fn drop(&mut self) {
        let idle = match self.idle.get_mut() {
            Ok(idle) => std::mem::take(idle),
            Err(poisoned) => std::mem::take(poisoned.into_inner()),
        };
        off_the_runtime(move || drop(idle));
    }
}

/// Runs blocking `work` where the client may block: in place on a plain thread; on a worker of
/// a multi-threaded async runtime after handing its other tasks to another worker
/// (`block_in_place`); from a single-threaded runtime, on a thread of its own.
fn off_the_runtime<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|handle| handle.runtime_flavor()) {
        Err(_) => work(),
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        Ok(_) => std::thread::scope(|scope| {
            scope
                .spawn(work)
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }),
    }
}
