//! The store's traits over one PostgreSQL transaction: its state, and the ways its queries
//! read and write rows. Each feature's store is implemented in a file of its own.
//!
//! Statements are the shared SQL of [`crate::server::store::sql`], whose `?N` placeholders
//! become PostgreSQL's `$N` once, when a session first prepares them; a session keeps what it
//! prepared for its next transactions.

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Row, Statement, Transaction};

use super::{columns, locks};
use crate::server::store::columns::Column;
use crate::server::store::{EventRecord, StoreResult};

/// A value bound to a query that only reads (ids, names, numbers to compare with).
pub type Param<'a> = &'a (dyn ToSql + Sync);

pub struct PostgresTx<'c> {
    pub(super) tx: Transaction<'c>,
    statements: &'c mut HashMap<String, Statement>,
    /// Events appended in this transaction, published after it commits.
    pub appended: Vec<EventRecord>,
    /// Whether this transaction holds the cluster's write lock ([`locks::WRITES`]).
    holds_writes: bool,
    /// The id the next appended event gets, once this transaction has read it.
    pub(super) next_seq: Option<i64>,
    /// The key of the message last inserted in this transaction: its id, sender and client
    /// id. Its `message.created` event refers to the row by it instead of copying it.
    pub(super) last_message: Option<(uuid::Uuid, String, String)>,
}

impl<'c> PostgresTx<'c> {
    pub(super) fn new(tx: Transaction<'c>, statements: &'c mut HashMap<String, Statement>) -> Self {
        PostgresTx {
            tx,
            statements,
            appended: Vec::new(),
            holds_writes: false,
            next_seq: None,
            last_message: None,
        }
    }

    /// Takes the cluster's write lock for the rest of this transaction, waiting for the
    /// transaction that holds it (on any node) to end. Statements after it see everything
    /// committed before it was granted (READ COMMITTED takes a snapshot per statement).
    pub(super) fn take_writes(&mut self) -> StoreResult<()> {
        if !self.holds_writes {
            self.tx.batch_execute(&locks::take(locks::WRITES))?;
            self.holds_writes = true;
        }
        Ok(())
    }

    /// Commits, handing back the events appended (to publish now that they are durable).
    /// When it appended events, every node's follower is woken as it commits
    /// ([`super::follow::NOTIFY`]: delivered at commit, and only a hint).
    pub(super) fn commit(mut self) -> StoreResult<Vec<EventRecord>> {
        if !self.appended.is_empty() {
            self.tx.batch_execute(super::follow::NOTIFY)?;
        }
        self.tx.commit()?;
        Ok(self.appended)
    }

    fn statement(&mut self, sql: &str) -> StoreResult<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.prepare(&placeholders(sql))?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    /// The first row `sql` returns, read by `map`.
    pub(super) fn one<T>(
        &mut self,
        sql: &str,
        params: &[Param],
        map: impl FnOnce(&Row) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        let statement = self.statement(sql)?;
        let rows = self.tx.query(&statement, params)?;
        rows.first().map(map).transpose()
    }

    /// Every row `sql` returns, read by `map`.
    pub(super) fn all<T>(
        &mut self,
        sql: &str,
        params: &[Param],
        map: impl FnMut(&Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let statement = self.statement(sql)?;
        let rows = self.tx.query(&statement, params)?;
        rows.iter().map(map).collect()
    }

    /// Runs one INSERT, UPDATE or DELETE (see [`columns`]); returns how many rows it changed.
    pub(super) fn write(&mut self, sql: &str, values: &[Column]) -> StoreResult<u64> {
        let statement = self.statement(sql)?;
        Ok(columns::write(&mut self.tx, &statement, values)?)
    }
}

/// `sql` with SQLite's `?N` placeholders written as PostgreSQL's `$N`. The shared statements
/// have no `?` anywhere else (no string literal holds one, and PostgreSQL's JSON `?` operators
/// are not used).
pub fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn numbered_placeholders_become_dollars_and_nothing_else_changes() {
        assert_eq!(
            placeholders("SELECT a FROM t WHERE b = ?1 AND (?2 IS NULL OR c = ?12) LIMIT ?3"),
            "SELECT a FROM t WHERE b = $1 AND ($2 IS NULL OR c = $12) LIMIT $3"
        );
        assert_eq!(placeholders("SELECT 'a?' || x"), "SELECT 'a?' || x");
    }
}
