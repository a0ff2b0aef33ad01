//! [`Tx`] over one SQLite connection inside an open transaction: the transaction's state and
//! the ways its queries read and write rows. Each feature's store is implemented in a file of its own.
//!
//! [`Tx`]: crate::server::store::Tx

use rusqlite::{Connection, Row};

use super::columns::Column;
use crate::server::store::{EventRecord, StoreResult};

pub struct SqliteTx<'c> {
    pub conn: &'c Connection,
    /// Events appended in this transaction, published after it commits.
    pub appended: Vec<EventRecord>,
    /// The id the next appended event gets (the writer is the only one appending).
    pub next_seq: i64,
    /// The key of the message last inserted in this transaction: its id, sender and client
    /// id. Its `message.created` event refers to the row by it instead of copying it.
    pub last_message: crate::server::store::event_log::LastMessage,
}

impl<'c> SqliteTx<'c> {
    pub fn new(conn: &'c Connection, next_seq: i64) -> Self {
        SqliteTx {
            conn,
            appended: Vec::new(),
            next_seq,
            last_message: None,
        }
    }
}

impl SqliteTx<'_> {
    /// Runs one INSERT, UPDATE or DELETE (see [`super::columns`]); returns how many rows it
    /// changed.
    pub(super) fn write(&self, sql: &str, columns: &[Column]) -> StoreResult<usize> {
        Ok(super::columns::write(self.conn, sql, columns)?)
    }

    /// The first row `sql` returns, read by `map` (the readers are shared with PostgreSQL,
    /// through [`crate::server::store::cells::Cells`]).
    pub(super) fn one<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnOnce(&Row) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        rows.next()?.map(map).transpose()
    }

    /// Every row `sql` returns, read by `map`.
    pub(super) fn all<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        mut map: impl FnMut(&Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        let mut all = Vec::new();
        while let Some(row) = rows.next()? {
            all.push(map(row)?);
        }
        Ok(all)
    }
}
