//! How PostgreSQL rows map to the store's types (the values written come from
//! [`crate::server::store::rows`], shared with SQLite). Moments are BIGINT, flags INTEGER,
//! everything else TEXT, as in `migrations/001_initial.sql`.

use anyhow::anyhow;
use postgres::Row;
use uuid::Uuid;

use crate::protocol::{Message, Party, Presence, Role};
use crate::server::store::rows::{chat_state, offer_state};
use crate::server::store::{
    AgentRow, Audience, ChatRow, EventRecord, OfferRow, StoreResult, TokenHash, TransferAsk,
    timestamp,
};

fn bad(column: &str, value: &str) -> anyhow::Error {
    anyhow!("unexpected {column} {value:?} in the database")
}

pub fn text_at(row: &Row, i: usize) -> StoreResult<String> {
    Ok(row.try_get(i)?)
}

pub fn opt_text_at(row: &Row, i: usize) -> StoreResult<Option<String>> {
    Ok(row.try_get(i)?)
}

pub fn int_at(row: &Row, i: usize) -> StoreResult<i64> {
    Ok(row.try_get(i)?)
}

pub fn opt_int_at(row: &Row, i: usize) -> StoreResult<Option<i64>> {
    Ok(row.try_get(i)?)
}

/// An INTEGER 0/1 flag.
pub fn flag_at(row: &Row, i: usize) -> StoreResult<bool> {
    Ok(row.try_get::<_, i32>(i)? != 0)
}

pub fn uuid_at(row: &Row, i: usize) -> StoreResult<Uuid> {
    let text = text_at(row, i)?;
    Uuid::parse_str(&text).map_err(|_| bad("id", &text))
}

pub fn opt_uuid_at(row: &Row, i: usize) -> StoreResult<Option<Uuid>> {
    opt_text_at(row, i)?
        .map(|t| Uuid::parse_str(&t).map_err(|_| bad("id", &t)))
        .transpose()
}

/// A JSON array of text (check ids, tags).
fn texts_at(row: &Row, i: usize) -> StoreResult<Vec<String>> {
    let text = text_at(row, i)?;
    serde_json::from_str(&text).map_err(|_| bad("list", &text))
}

fn party(text: &str) -> StoreResult<Party> {
    Party::parse(text).ok_or_else(|| bad("party", text))
}

/// A chat whose columns are `sql::chat_columns!`.
pub fn chat_from(row: &Row) -> StoreResult<ChatRow> {
    let state = text_at(row, 3)?;
    Ok(ChatRow {
        id: uuid_at(row, 0)?,
        token_hash: TokenHash::stored(text_at(row, 1)?),
        queue: text_at(row, 2)?,
        state: chat_state(&state).ok_or_else(|| bad("chat state", &state))?,
        customer_name: text_at(row, 4)?,
        customer_email: text_at(row, 5)?,
        client_id: opt_text_at(row, 6)?,
        agent_id: opt_uuid_at(row, 7)?,
        created_ms: int_at(row, 8)?,
        queued_ms: int_at(row, 9)?,
        accepted_ms: opt_int_at(row, 10)?,
        ended_ms: opt_int_at(row, 11)?,
        ended_by: opt_text_at(row, 12)?.as_deref().map(party).transpose()?,
        transfer_note: opt_text_at(row, 13)?,
        disposition_code: opt_text_at(row, 14)?,
        disposition_notes: opt_text_at(row, 15)?,
        transferred_from: opt_uuid_at(row, 16)?,
        transferred_ms: opt_int_at(row, 17)?,
        verification: texts_at(row, 18)?,
        verified_ms: opt_int_at(row, 19)?,
        hold_since_ms: opt_int_at(row, 20)?,
        nudged_ms: opt_int_at(row, 21)?,
        last_agent_ms: opt_int_at(row, 22)?,
        last_customer_ms: opt_int_at(row, 23)?,
        disposition_tags: texts_at(row, 24)?,
    })
}

/// An agent whose columns are `sql::agent_columns!`.
pub fn agent_from(row: &Row) -> StoreResult<AgentRow> {
    let role = text_at(row, 3)?;
    let queues = text_at(row, 4)?;
    let presence = text_at(row, 6)?;
    Ok(AgentRow {
        id: uuid_at(row, 0)?,
        name: text_at(row, 1)?,
        display_name: text_at(row, 2)?,
        role: Role::parse(&role).ok_or_else(|| bad("role", &role))?,
        queues: queues
            .split(',')
            .filter(|q| !q.is_empty())
            .map(str::to_string)
            .collect(),
        token_hash: TokenHash::stored(text_at(row, 5)?),
        presence: Presence::parse(&presence).ok_or_else(|| bad("presence", &presence))?,
        presence_ms: int_at(row, 7)?,
        idle_since_ms: int_at(row, 8)?,
        created_ms: int_at(row, 9)?,
    })
}

/// An offer whose columns are `sql::offer_columns!`.
pub fn offer_from(row: &Row) -> StoreResult<OfferRow> {
    let state = text_at(row, 3)?;
    Ok(OfferRow {
        id: uuid_at(row, 0)?,
        chat_id: uuid_at(row, 1)?,
        agent_id: uuid_at(row, 2)?,
        state: offer_state(&state).ok_or_else(|| bad("offer state", &state))?,
        created_ms: int_at(row, 4)?,
        expires_ms: int_at(row, 5)?,
        ended_ms: opt_int_at(row, 6)?,
        transfer: match opt_uuid_at(row, 7)? {
            Some(from) => Some(TransferAsk {
                from,
                note: opt_text_at(row, 8)?.unwrap_or_default(),
            }),
            None => None,
        },
    })
}

pub fn message_from(row: &Row) -> StoreResult<Message> {
    message_at(row, 0)
}

/// A message whose `sql::message_columns!` start at column `at`.
pub fn message_at(row: &Row, at: usize) -> StoreResult<Message> {
    Ok(Message {
        id: uuid_at(row, at)?,
        chat_id: uuid_at(row, at + 1)?,
        seq: int_at(row, at + 2)?,
        author: party(&text_at(row, at + 3)?)?,
        author_name: text_at(row, at + 4)?,
        body: text_at(row, at + 5)?,
        client_msg_id: opt_text_at(row, at + 6)?,
        at: timestamp(int_at(row, at + 7)?),
    })
}

/// An event whose columns are `sql::event_columns!`.
pub fn event_from(row: &Row) -> StoreResult<EventRecord> {
    Ok(EventRecord {
        seq: int_at(row, 0)?,
        chat_id: opt_uuid_at(row, 1)?,
        audience: Audience {
            customer: flag_at(row, 2)?,
            agent: opt_uuid_at(row, 3)?,
            queue: opt_text_at(row, 4)?,
            leads: flag_at(row, 7)?,
        },
        kind: text_at(row, 5)?,
        json: text_at(row, 6)?,
    })
}
