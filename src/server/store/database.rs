//! The database a backend runs on, whichever it is: SQLite in the data directory (one node: a
//! writer thread with group commit, a pool of readers) or PostgreSQL (any number of nodes,
//! each with a writer thread of its own that groups its commands the same way).
//! The engine asks it for a write or a read and gets a [`Tx`] either way, so its rules are
//! written once; only how a command reaches its transaction differs.

use std::sync::Arc;

use anyhow::Context;

use super::commands::Undo;
use super::postgres::PostgresNode;
use super::sqlite::SqliteStore;
use super::{StoreResult, Tx};

pub enum Database {
    Sqlite(Arc<SqliteStore>),
    Postgres(Arc<PostgresNode>),
}

impl Database {
    /// Runs `work` in a write transaction and returns its result once that transaction has
    /// committed. An `Err` from `work` undoes its changes.
    pub async fn write<T, E>(
        &self,
        work: impl FnOnce(&mut dyn Tx, i64) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<anyhow::Error> + Send + 'static,
    {
        self.write_as(Undo::Savepoint, work).await
    }

    /// [`Database::write`] for `work` that is undone as `undo` says (see [`Undo::ChecksFirst`]).
    pub async fn write_as<T, E>(
        &self,
        undo: Undo,
        work: impl FnOnce(&mut dyn Tx, i64) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<anyhow::Error> + Send + 'static,
    {
        match self {
            Database::Sqlite(store) => store.write(undo, work).await,
            Database::Postgres(node) => node.writer.write(undo, work).await,
        }
    }

    /// Runs `work` in one read transaction that sees one snapshot throughout.
    pub fn read<T, E: From<anyhow::Error>>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        match self {
            Database::Sqlite(store) => store.read(work),
            Database::Postgres(node) => node.store.read_in_place(work),
        }
    }

    /// Like [`Self::read`], on a blocking-friendly thread, for work that may take a while.
    pub async fn read_blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        match self {
            Database::Sqlite(store) => store.read_blocking(work).await,
            Database::Postgres(node) => {
                let store = Arc::clone(&node.store);
                tokio::task::spawn_blocking(move || store.read(work))
                    .await
                    .context("a read task failed")?
            }
        }
    }

    /// Whether the database answers now: always for SQLite's file; PostgreSQL is asked.
    pub fn answers(&self) -> bool {
        match self {
            Database::Sqlite(_) => true,
            Database::Postgres(node) => node.store.answers(),
        }
    }

    /// The first stream of `chat`'s customer page opened on this node (PostgreSQL tells the
    /// other nodes).
    pub fn page_opened(&self, chat: uuid::Uuid) {
        if let Database::Postgres(node) = self {
            node.pages.opened(chat);
        }
    }

    /// The last stream of `chat`'s customer page on this node closed.
    pub fn page_closed(&self, chat: uuid::Uuid) {
        if let Database::Postgres(node) = self {
            node.pages.closed(chat);
        }
    }

    /// Whether another node carries `chat`'s customer page now (never, on SQLite's one node).
    /// When that cannot be told, the page counts as open: a chat is not ended on a guess.
    pub async fn page_open_elsewhere(&self, chat: uuid::Uuid) -> bool {
        let Database::Postgres(node) = self else {
            return false;
        };
        let store = Arc::clone(&node.store);
        let asked = tokio::task::spawn_blocking(move || {
            super::postgres::pages::open_on_some_node(&store, chat)
        })
        .await;
        !matches!(asked, Ok(Ok(false)))
    }

    /// Lets what is under way finish, and stops. Blocks.
    pub fn close(&self) {
        match self {
            Database::Sqlite(store) => store.close(),
            Database::Postgres(node) => node.close(),
        }
    }
}
