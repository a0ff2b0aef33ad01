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
//! [`PostgresTx`] implements the whole [`Tx`](crate::server::store::Tx). Not yet reachable from
//! `chatdesk serve`: the engine still opens the SQLite store itself, publishes events in
//! process and runs the timers on its one writer; several nodes need those three to change
//! first (issue 17).

mod agents;
mod chats;
#[cfg(test)]
pub mod cluster;
mod columns;
mod escalations;
mod events;
mod lead;
mod locks;
mod migrate;
mod missed;
mod offers;
mod procedure;
mod review;
#[cfg(test)]
mod tests;
mod tx;

use std::collections::HashMap;
use std::sync::Mutex;

use anyhow::Context;
use postgres::{Client, IsolationLevel, NoTls, Statement};

pub use migrate::{MIGRATIONS, version};
pub use tx::PostgresTx;

use crate::server::store::{EventRecord, StoreResult, Tx};

/// Connections kept open between transactions.
const MAX_IDLE_SESSIONS: usize = 16;

/// One connection and the statements it has prepared.
struct Session {
    client: Client,
    statements: HashMap<String, Statement>,
}

pub struct PostgresStore {
    config: postgres::Config,
    idle: Mutex<Vec<Session>>,
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host:port/database`) and brings its
    /// schema up to date.
    pub fn connect(url: &str) -> anyhow::Result<PostgresStore> {
        off_the_runtime(|| PostgresStore::connect_here(url))
    }

    fn connect_here(url: &str) -> anyhow::Result<PostgresStore> {
        let config: postgres::Config = url
            .parse()
            .context("the database address is not a PostgreSQL connection string")?;
        let store = PostgresStore {
            config,
            idle: Mutex::new(Vec::new()),
        };
        let mut session = store.open_session()?;
        migrate::migrate(&mut session.client).context("cannot migrate the database")?;
        store.put_back(session);
        Ok(store)
    }

    fn open_session(&self) -> StoreResult<Session> {
        let client = self
            .config
            .connect(NoTls)
            .context("cannot connect to the database")?;
        Ok(Session {
            client,
            statements: HashMap::new(),
        })
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
        let mut session = self.take_session()?;
        let Session { client, statements } = &mut session;
        // Dropping an unfinished transaction rolls it back.
        let result = client
            .build_transaction()
            .isolation_level(isolation)
            .read_only(read_only)
            .start()
            .map_err(anyhow::Error::from)
            .and_then(|tx| work(PostgresTx::new(tx, statements)));
        self.put_back(session);
        result
    }
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
