//! How SQLite rows map to the store's types: the row readers, and the writers that bind the
//! values [`crate::server::store::rows`] makes of a row.

use rusqlite::{Connection, Row};
use uuid::Uuid;

use super::columns::write;
use crate::protocol::{Message, Party, Presence, Role};
use crate::server::store::rows::{
    agent_values, chat_state, chat_values, offer_state, offer_values,
};
use crate::server::store::{
    AgentRow, Audience, ChatRow, EventRecord, OfferRow, TokenHash, TransferAsk, timestamp,
};

fn bad(column: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unexpected {column} {value:?}").into(),
    )
}

/// A JSON array of text (check ids, tags).
fn texts_at(row: &Row, i: usize) -> rusqlite::Result<Vec<String>> {
    let text: String = row.get(i)?;
    serde_json::from_str(&text).map_err(|_| bad("list", &text))
}

pub use crate::server::store::rows::masked;

pub fn uuid_at(row: &Row, i: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(i)?;
    Uuid::parse_str(&text).map_err(|_| bad("id", &text))
}

pub fn opt_uuid_at(row: &Row, i: usize) -> rusqlite::Result<Option<Uuid>> {
    let text: Option<String> = row.get(i)?;
    text.map(|t| Uuid::parse_str(&t).map_err(|_| bad("id", &t)))
        .transpose()
}

pub fn chat_from(row: &Row) -> rusqlite::Result<ChatRow> {
    let state: String = row.get(3)?;
    let ended_by: Option<String> = row.get(12)?;
    Ok(ChatRow {
        id: uuid_at(row, 0)?,
        token_hash: TokenHash::stored(row.get(1)?),
        queue: row.get(2)?,
        state: chat_state(&state).ok_or_else(|| bad("chat state", &state))?,
        customer_name: row.get(4)?,
        customer_email: row.get(5)?,
        client_id: row.get(6)?,
        agent_id: opt_uuid_at(row, 7)?,
        created_ms: row.get(8)?,
        queued_ms: row.get(9)?,
        accepted_ms: row.get(10)?,
        ended_ms: row.get(11)?,
        ended_by: ended_by
            .map(|p| Party::parse(&p).ok_or_else(|| bad("party", &p)))
            .transpose()?,
        transfer_note: row.get(13)?,
        disposition_code: row.get(14)?,
        disposition_notes: row.get(15)?,
        transferred_from: opt_uuid_at(row, 16)?,
        transferred_ms: row.get(17)?,
        verification: texts_at(row, 18)?,
        verified_ms: row.get(19)?,
        hold_since_ms: row.get(20)?,
        nudged_ms: row.get(21)?,
        last_agent_ms: row.get(22)?,
        last_customer_ms: row.get(23)?,
        disposition_tags: texts_at(row, 24)?,
    })
}

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

pub fn agent_from(row: &Row) -> rusqlite::Result<AgentRow> {
    let role: String = row.get(3)?;
    let queues: String = row.get(4)?;
    let presence: String = row.get(6)?;
    Ok(AgentRow {
        id: uuid_at(row, 0)?,
        name: row.get(1)?,
        display_name: row.get(2)?,
        role: Role::parse(&role).ok_or_else(|| bad("role", &role))?,
        queues: queues
            .split(',')
            .filter(|q| !q.is_empty())
            .map(str::to_string)
            .collect(),
        token_hash: TokenHash::stored(row.get(5)?),
        presence: Presence::parse(&presence).ok_or_else(|| bad("presence", &presence))?,
        presence_ms: row.get(7)?,
        idle_since_ms: row.get(8)?,
        created_ms: row.get(9)?,
    })
}

pub fn offer_from(row: &Row) -> rusqlite::Result<OfferRow> {
    let state: String = row.get(3)?;
    let state = offer_state(&state).ok_or_else(|| bad("offer state", &state))?;
    Ok(OfferRow {
        id: uuid_at(row, 0)?,
        chat_id: uuid_at(row, 1)?,
        agent_id: uuid_at(row, 2)?,
        state,
        created_ms: row.get(4)?,
        expires_ms: row.get(5)?,
        ended_ms: row.get(6)?,
        transfer: match row.get::<_, Option<String>>(7)? {
            Some(from) => Some(TransferAsk {
                from: Uuid::parse_str(&from).map_err(|_| bad("transfer_from", &from))?,
                note: row.get::<_, Option<String>>(8)?.unwrap_or_default(),
            }),
            None => None,
        },
    })
}

pub fn message_from(row: &Row) -> rusqlite::Result<Message> {
    message_at(row, 0)
}

/// A message whose a message's columns start at column `at`.
pub fn message_at(row: &Row, at: usize) -> rusqlite::Result<Message> {
    let author: String = row.get(at + 3)?;
    Ok(Message {
        id: uuid_at(row, at)?,
        chat_id: uuid_at(row, at + 1)?,
        seq: row.get(at + 2)?,
        author: Party::parse(&author).ok_or_else(|| bad("author", &author))?,
        author_name: row.get(at + 4)?,
        body: row.get(at + 5)?,
        client_msg_id: row.get(at + 6)?,
        at: timestamp(row.get(at + 7)?),
    })
}

pub fn event_from(row: &Row) -> rusqlite::Result<EventRecord> {
    Ok(EventRecord {
        seq: row.get(0)?,
        chat_id: opt_uuid_at(row, 1)?,
        audience: Audience {
            customer: row.get(2)?,
            agent: opt_uuid_at(row, 3)?,
            queue: row.get(4)?,
            leads: row.get(7)?,
        },
        kind: row.get(5)?,
        json: row.get(6)?,
    })
}
