//! Storage behind one trait. The engine speaks only [`Tx`]: every command runs inside one
//! transaction of it, so the rules stay the same whatever keeps the rows. SQLite (WAL, one
//! writer thread, group commit) is the store today; PostgreSQL (`postgres`, for several nodes
//! on one database) is being built beside it. The SQL of [`sql`] is written for both, only
//! the [`columns::Column`]s that [`rows`] and [`event_log`] make of a row are bound, and each
//! store reads rows its own way.
//!
//! [`Tx`] is every feature's store at once ([`ChatStore`], [`AgentStore`], ...); each feature's
//! file holds its rows and the trait that reads and writes them.

mod agents;
mod cells;
mod chats;
mod columns;
pub(crate) mod commands;
mod database;
mod escalations;
mod event_log;
mod events;
#[cfg(test)]
mod fixtures;
mod lead;
mod missed;
mod offers;
pub mod postgres;
mod procedure;
mod report;
mod review;
mod rows;
#[cfg(test)]
mod scenarios;
mod sql;
pub mod sqlite;

pub use agents::{AgentRow, AgentStore};
pub use chats::{ChatRow, ChatStore};
pub use database::Database;
pub use escalations::{EscalationFilter, EscalationStore};
pub use events::{Audience, EventFilter, EventRecord, EventStore};
pub use lead::{LeadStore, MessageTime};
pub use missed::MissedStore;
pub use offers::{OfferRow, OfferState, OfferStore, TransferAsk};
pub use procedure::ProcedureStore;
pub use report::ReportStore;
pub use review::{ReviewFilter, ReviewRecord, ReviewScore, ReviewStore};

pub type StoreResult<T> = anyhow::Result<T>;

/// The context of a store error when the database could not be reached (a connection refused
/// or lost): the request may well succeed once it is back, so it is answered 503.
#[derive(Debug, Clone, Copy)]
pub struct DatabaseUnreachable;

impl std::fmt::Display for DatabaseUnreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the database cannot be reached")
    }
}

impl std::error::Error for DatabaseUnreachable {}

/// The SHA-256 of a bearer token, in hexadecimal: what is kept of a token instead of the token.
/// Made only by hashing (or read back as stored), so no typed text is ever bound as one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

/// Lower-case hexadecimal (on the path of every signed-in request, so without a formatter).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    text
}

impl TokenHash {
    pub fn of(token: &str) -> TokenHash {
        use sha2::{Digest, Sha256};
        TokenHash(hex(&Sha256::digest(token.as_bytes())))
    }

    /// A hash as the store keeps it.
    pub(in crate::server::store) fn stored(hex: String) -> TokenHash {
        TokenHash(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Milliseconds since the epoch as a timestamp.
pub fn timestamp(ms: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// One transaction's view of the rows. Reads see a consistent snapshot; writes become visible
/// together when the transaction commits.
pub trait Tx:
    ChatStore
    + AgentStore
    + OfferStore
    + EventStore
    + ProcedureStore
    + EscalationStore
    + LeadStore
    + ReviewStore
    + MissedStore
    + ReportStore
{
}

impl<T> Tx for T where
    T: ChatStore
        + AgentStore
        + OfferStore
        + EventStore
        + ProcedureStore
        + EscalationStore
        + LeadStore
        + ReviewStore
        + MissedStore
        + ReportStore
        + ?Sized
{
}
