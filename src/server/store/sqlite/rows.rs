//! The SQLite writers of whole rows: they bind the values [`crate::server::store::rows`] makes
//! of a chat, an agent or an offer (rows are read back by that module's readers).

use rusqlite::Connection;

use super::columns::write;
use crate::server::store::rows::{agent_values, chat_values, offer_values};
use crate::server::store::{AgentRow, ChatRow, OfferRow};

pub use crate::server::store::rows::masked;

/// Runs an INSERT or UPDATE whose parameters are a chat's columns in order.
pub fn write_chat(conn: &Connection, sql: &str, c: &ChatRow) -> rusqlite::Result<()> {
    write(conn, sql, &chat_values(c))?;
    Ok(())
}

/// Runs an INSERT or UPDATE whose parameters are an agent's columns in order.
pub fn write_agent(conn: &Connection, sql: &str, a: &AgentRow) -> rusqlite::Result<()> {
    write(conn, sql, &agent_values(a))?;
    Ok(())
}

/// Runs an INSERT or UPDATE whose parameters are an offer's columns in order.
pub fn write_offer(conn: &Connection, sql: &str, o: &OfferRow) -> rusqlite::Result<()> {
    write(conn, sql, &offer_values(o))?;
    Ok(())
}
