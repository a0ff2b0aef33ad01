//! How rows map to the store's types: the column lists, the row readers and writers.

use rusqlite::{Connection, Row};
use uuid::Uuid;

use super::columns::{columns, write};
use crate::policy::cards::{Masked, mask, mask_json};
use crate::protocol::{ChatState, Message, OfferEnd, Party, Presence, Role};
use crate::server::store::{
    AgentRow, Audience, ChatRow, EventRecord, OfferRow, OfferState, TokenHash, TransferAsk,
    timestamp,
};

pub const CHAT_COLUMNS: &str = "id, token_hash, queue, state, customer_name, customer_email, client_id, \
     agent_id, created_ms, queued_ms, accepted_ms, ended_ms, ended_by, transfer_note, \
     disposition_code, disposition_notes, transferred_from, transferred_ms, verification, \
     verified_ms, hold_since_ms, nudged_ms, last_agent_ms, last_customer_ms, disposition_tags";

pub const AGENT_COLUMNS: &str = "id, name, display_name, role, queues, token_hash, presence, \
     presence_ms, idle_since_ms, created_ms";

pub const OFFER_COLUMNS: &str =
    "id, chat_id, agent_id, state, created_ms, expires_ms, ended_ms, transfer_from, transfer_note";

pub const MESSAGE_COLUMNS: &str =
    "id, chat_id, seq, author, author_name, body, client_msg_id, at_ms";

pub const EVENT_COLUMNS: &str =
    "seq, chat_id, to_customer, to_agent, to_queue, kind, json, to_leads";

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

fn texts_json(texts: &[String]) -> Masked {
    // A list of strings always makes JSON.
    mask_json(texts).expect("a list of text serialises")
}

/// `text` masked, when there is one.
pub fn masked(text: &Option<String>) -> Option<Masked> {
    text.as_deref().map(mask)
}

pub fn uuid_at(row: &Row, i: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(i)?;
    Uuid::parse_str(&text).map_err(|_| bad("id", &text))
}

pub fn opt_uuid_at(row: &Row, i: usize) -> rusqlite::Result<Option<Uuid>> {
    let text: Option<String> = row.get(i)?;
    text.map(|t| Uuid::parse_str(&t).map_err(|_| bad("id", &t)))
        .transpose()
}

pub fn chat_state(text: &str) -> Option<ChatState> {
    match text {
        "queued" => Some(ChatState::Queued),
        "active" => Some(ChatState::Active),
        "ended" => Some(ChatState::Ended),
        _ => None,
    }
}

pub fn chat_state_str(state: ChatState) -> &'static str {
    match state {
        ChatState::Queued => "queued",
        ChatState::Active => "active",
        ChatState::Ended => "ended",
    }
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

/// Runs an INSERT or UPDATE whose parameters are [`CHAT_COLUMNS`] in order.
pub fn write_chat(conn: &Connection, sql: &str, c: &ChatRow) -> rusqlite::Result<()> {
    write(
        conn,
        sql,
        columns![
            c.id,
            &c.token_hash,
            mask(&c.queue),
            chat_state_str(c.state),
            mask(&c.customer_name),
            mask(&c.customer_email),
            masked(&c.client_id),
            c.agent_id,
            c.created_ms,
            c.queued_ms,
            c.accepted_ms,
            c.ended_ms,
            c.ended_by.map(Party::as_str),
            masked(&c.transfer_note),
            masked(&c.disposition_code),
            masked(&c.disposition_notes),
            c.transferred_from,
            c.transferred_ms,
            texts_json(&c.verification),
            c.verified_ms,
            c.hold_since_ms,
            c.nudged_ms,
            c.last_agent_ms,
            c.last_customer_ms,
            texts_json(&c.disposition_tags),
        ],
    )?;
    Ok(())
}

/// Runs an INSERT or UPDATE whose parameters are [`AGENT_COLUMNS`] in order.
pub fn write_agent(conn: &Connection, sql: &str, a: &AgentRow) -> rusqlite::Result<()> {
    write(
        conn,
        sql,
        columns![
            a.id,
            mask(&a.name),
            mask(&a.display_name),
            a.role.as_str(),
            mask(&a.queues.join(",")),
            &a.token_hash,
            a.presence.as_str(),
            a.presence_ms,
            a.idle_since_ms,
            a.created_ms,
        ],
    )?;
    Ok(())
}

/// Runs an INSERT or UPDATE whose parameters are [`OFFER_COLUMNS`] in order.
pub fn write_offer(conn: &Connection, sql: &str, o: &OfferRow) -> rusqlite::Result<()> {
    write(
        conn,
        sql,
        columns![
            o.id,
            o.chat_id,
            o.agent_id,
            offer_state_str(o.state),
            o.created_ms,
            o.expires_ms,
            o.ended_ms,
            o.transfer.as_ref().map(|t| t.from),
            o.transfer.as_ref().map(|t| mask(&t.note)),
        ],
    )?;
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

pub fn offer_state_str(state: OfferState) -> &'static str {
    match state {
        OfferState::Pending => "pending",
        OfferState::Ended(end) => end.as_str(),
    }
}

pub fn offer_from(row: &Row) -> rusqlite::Result<OfferRow> {
    let state: String = row.get(3)?;
    let state = if state == "pending" {
        OfferState::Pending
    } else {
        OfferState::Ended(OfferEnd::parse(&state).ok_or_else(|| bad("offer state", &state))?)
    };
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

/// A message whose [`MESSAGE_COLUMNS`] start at column `at`.
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
