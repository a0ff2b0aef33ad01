//! The rows of events: appended in one increasing sequence, read back per stream.
//!
//! A `message.created` event does not copy its message: the row keeps the message's key
//! (`message_sender`, `message_client_id`) and the message is read back from its own row when
//! the event is replayed. Live delivery still gets the whole event, built before it is stored.

use super::columns::columns;
use crate::policy::cards::{mask, mask_json};
use std::sync::LazyLock;

use anyhow::Context;
use rusqlite::{Row, params};
use serde_json::Value;
use uuid::Uuid;

use super::rows::{EVENT_COLUMNS, event_from, message_at};
use super::tx::SqliteTx;
use crate::protocol::{Event, EventBody};
use crate::server::store::{
    Audience, EventFilter, EventRecord, EventStore, StoreResult, timestamp,
};

/// The event's columns, then its message's when it refers to one (`e` and `m`).
const REPLAY_COLUMNS: &str = "e.seq, e.chat_id, e.to_customer, e.to_agent, e.to_queue, e.kind, \
     e.json, e.to_leads, m.id, m.chat_id, m.seq, m.author, m.author_name, m.body, \
     m.client_msg_id, m.at_ms";

const REPLAY_FROM: &str = "events e LEFT JOIN messages m ON e.message_sender IS NOT NULL \
     AND m.chat_id = e.chat_id AND m.sender = e.message_sender \
     AND m.client_msg_id = e.message_client_id";

/// A customer's stream: the chat's other events from the customer's index, its messages from
/// the messages themselves, joined to their events for the audience (a message event has no
/// entry in that index: one b-tree page fewer written per message). A chat's messages are
/// one range of their table; the range is read whole and filtered by `seq`, which stays cheap
/// at the length of a conversation.
static CUSTOMER_REPLAY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {REPLAY_COLUMNS} FROM {REPLAY_FROM} WHERE e.chat_id = ?1 \
         AND e.to_customer = 1 AND e.message_sender IS NULL AND e.seq > ?2 \
         UNION ALL \
         SELECT {REPLAY_COLUMNS} FROM messages m JOIN events e ON e.seq = m.seq \
         AND e.chat_id = m.chat_id AND e.message_sender = m.sender \
         AND e.message_client_id = m.client_msg_id \
         WHERE m.chat_id = ?1 AND m.seq > ?2 AND e.to_customer = 1 \
         ORDER BY 1 LIMIT ?3"
    )
});

/// Appends one event.
static APPEND: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO events ({EVENT_COLUMNS}, message_sender, message_client_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    )
});

/// What is stored of a `message.created` event: the message itself is read back from its row.
#[derive(serde::Serialize)]
struct MessageRef {
    id: i64,
    at: jiff::Timestamp,
    chat_id: Option<Uuid>,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// An event read back for a stream, with its message put back in when it refers to one.
fn replayed(row: &Row) -> rusqlite::Result<EventRecord> {
    let mut record = event_from(row)?;
    let referred: Option<String> = row.get(8)?;
    if referred.is_some() {
        let message = message_at(row, 8)?;
        let mut event: serde_json::Map<String, Value> = serde_json::from_str(&record.json)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let message = serde_json::to_value(message)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        event.insert("message".to_string(), message);
        record.json = Value::Object(event).to_string();
    }
    Ok(record)
}

impl SqliteTx<'_> {
    /// The key of the message a `message.created` event announces, when that message was
    /// stored in this transaction (it always is).
    fn message_key(&self, body: &EventBody) -> Option<(String, String)> {
        let EventBody::MessageCreated { message } = body else {
            return None;
        };
        self.last_message
            .as_ref()
            .filter(|(id, _, _)| *id == message.id)
            .map(|(_, sender, client)| (sender.clone(), client.clone()))
    }
}

impl EventStore for SqliteTx<'_> {
    fn next_event_id(&mut self) -> StoreResult<i64> {
        Ok(self.next_seq)
    }

    fn append_event(
        &mut self,
        audience: Audience,
        chat_id: Option<Uuid>,
        at_ms: i64,
        body: &EventBody,
    ) -> StoreResult<i64> {
        let seq = self.next_seq;
        let event = Event {
            id: seq,
            at: timestamp(at_ms),
            chat_id,
            body: body.clone(),
        };
        let json = mask_json(&event).context("an event serialises")?;
        let key = self.message_key(body);
        let stored = match key {
            Some(_) => mask_json(&MessageRef {
                id: seq,
                at: event.at,
                chat_id,
                kind: body.kind(),
            })
            .context("an event serialises")?,
            None => json.clone(),
        };
        let (sender, client) = key.unzip();
        self.write(
            &APPEND,
            columns![
                seq,
                chat_id,
                audience.customer,
                audience.agent,
                audience.queue.as_deref().map(mask),
                body.kind(),
                stored,
                audience.leads,
                sender.as_deref().map(mask),
                client.as_deref().map(mask),
            ],
        )?;
        self.next_seq += 1;
        self.appended.push(EventRecord {
            seq,
            chat_id,
            audience,
            kind: body.kind().to_string(),
            json: json.into_string(),
        });
        Ok(seq)
    }

    fn events_after(
        &mut self,
        filter: &EventFilter,
        after: i64,
        limit: usize,
    ) -> StoreResult<Vec<EventRecord>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        match filter {
            EventFilter::Customer(chat) => self.all(
                &CUSTOMER_REPLAY,
                params![chat.to_string(), after, limit],
                replayed,
            ),
            EventFilter::Agent { id, queues, lead } => {
                let queue_list = serde_json::to_string(queues)?;
                // A lead's stream also carries what is addressed to every lead.
                let to_leads = if *lead { "OR e.to_leads = 1" } else { "" };
                self.all(
                    &format!(
                        "SELECT {REPLAY_COLUMNS} FROM {REPLAY_FROM} WHERE e.seq > ?2 \
                         AND (e.to_agent = ?1 OR e.to_queue IN (SELECT value FROM json_each(?3)) \
                         {to_leads}) ORDER BY e.seq LIMIT ?4"
                    ),
                    params![id.to_string(), after, queue_list, limit],
                    replayed,
                )
            }
        }
    }

    fn last_event_id(&mut self) -> StoreResult<i64> {
        Ok(self
            .one("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))?
            .unwrap_or(0))
    }
}

#[cfg(test)]
mod tests;
